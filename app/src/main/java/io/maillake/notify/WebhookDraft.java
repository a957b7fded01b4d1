package io.maillake.notify;

import io.maillake.detect.Severity;
import io.maillake.domain.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tenant's webhook settings as an administrator sent them (the REST body or the console form).
 * Unset fields take their defaults; the secret is write-only: left out (or empty) it keeps the
 * stored one, {@code removeSecret} drops it.
 *
 * @param minSeverity the least severe detection notified (default {@code medium}: every built-in rule)
 * @param enabled     default true
 */
public record WebhookDraft(String url, String secret, Boolean removeSecret, String minSeverity, Boolean enabled) {
    /** Shorter secrets are guessable offline from one signed notification. */
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;

    /** What to do with the stored secret. */
    public sealed interface SecretChange {
        record Keep() implements SecretChange { }

        record Remove() implements SecretChange { }

        record Set(String secret) implements SecretChange {
            @Override public String toString() { return "Set[***]"; }
        }
    }

    /** Settings that passed every check. */
    public record Valid(URI url, SecretChange secret, Severity minSeverity, boolean enabled) { }

    /**
     * @throws InvalidInputException with one problem per bad field ({@code url}, {@code secret},
     *                               {@code minSeverity}), each naming what is expected and none quoting a secret
     */
    public Valid validate(WebhookUrlPolicy policy) {
        List<String> problems = new ArrayList<>();
        WebhookUrlPolicy.Checked checked = policy.check(url);
        if (!checked.ok()) problems.add(checked.problem());
        SecretChange change = secretChange(problems);
        Severity severity = DEFAULT_SEVERITY;
        if (minSeverity != null && !minSeverity.isBlank()) {
            severity = Severity.fromId(minSeverity).orElse(null);
            if (severity == null) {
                problems.add("minSeverity: expected one of " + Arrays.stream(Severity.values()).map(Severity::id).collect(Collectors.joining(", ")));
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new Valid(checked.uri(), change, severity, enabled == null || enabled);
    }

    private SecretChange secretChange(List<String> problems) {
        boolean given = secret != null && !secret.isEmpty();
        if (Boolean.TRUE.equals(removeSecret)) {
            if (given) problems.add("secret: give a new secret or removeSecret, not both");
            return new SecretChange.Remove();
        }
        if (!given) return new SecretChange.Keep();
        if (secret.codePoints().anyMatch(Character::isISOControl)) {
            problems.add("secret: only printable characters (no line breaks or tabs)");
        } else if (!secret.equals(secret.strip())) {
            problems.add("secret: must not start or end with a space");
        } else if (secret.length() < MIN_SECRET) {
            problems.add("secret: at least " + MIN_SECRET + " characters: a random string that the receiver knows too");
        } else if (secret.length() > MAX_SECRET) {
            problems.add("secret: at most " + MAX_SECRET + " characters");
        }
        return new SecretChange.Set(secret);
    }

    /** Never shows the secret, should this ever reach a log. */
    @Override public String toString() {
        return "WebhookDraft[url=" + (url == null ? null : "***") + ", secret=" + (secret == null ? null : "***") + ", removeSecret="
                + removeSecret + ", minSeverity=" + minSeverity + ", enabled=" + enabled + "]";
    }
}
