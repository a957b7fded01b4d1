package io.maillake.notify;

import io.maillake.auth.Secrets;
import io.maillake.detect.Outbox;
import io.maillake.detect.StoredWebhook;
import io.maillake.detect.WebhookEvent;
import io.maillake.detect.WebhookPayload;
import io.maillake.detect.WebhookStore;
import io.maillake.domain.InvalidInputException;
import io.maillake.store.secrets.SecretBox;
import io.maillake.store.secrets.SecretsException;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Each tenant's outbound webhook, for the console and the REST API: read, save (validated, the
 * secret sealed), remove, send a test, retry what failed. Callers check the tenant is the caller's
 * and that the caller is an administrator. Thread-safe.
 */
public final class Webhooks {
    public static final int MAX_DELIVERIES = 200;

    private final WebhookStore store;
    private final Outbox outbox;
    private final SecretBox secrets;
    private final WebhookUrlPolicy policy;
    private final Supplier<WebhookSender> sender;
    private final Clock clock;

    public Webhooks(WebhookStore store, Outbox outbox, SecretBox secrets, WebhookUrlPolicy policy, Supplier<WebhookSender> sender, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.secrets = secrets;
        this.policy = policy;
        this.sender = sender;
        this.clock = clock;
    }

    /** The sealed secret's associated data: a secret sealed for one tenant does not open for another. */
    static String aad(String tenantId) {
        return "webhook:" + tenantId;
    }

    public Optional<Webhook> get(String tenantId) {
        return store.get(tenantId).map(this::view);
    }

    /** The saved webhook, and whether the tenant had none before. */
    public record Saved(Webhook webhook, boolean created) { }

    /**
     * Creates or replaces the tenant's webhook. A secret left out is kept. Disabling it discards the
     * notifications not yet sent.
     *
     * @throws InvalidInputException naming each bad field; nothing is saved
     */
    public Saved save(String tenantId, WebhookDraft draft) {
        WebhookDraft.Valid valid = draft.validate(policy);
        byte[] sealed = switch (valid.secret()) {
            case WebhookDraft.SecretChange.Keep k -> store.get(tenantId).map(StoredWebhook::sealedSecret).orElse(null);
            case WebhookDraft.SecretChange.Remove r -> null;
            case WebhookDraft.SecretChange.Set s -> secrets.seal(s.secret(), aad(tenantId));
        };
        boolean created = store.put(new StoredWebhook.Settings(tenantId, valid.url().toString(), sealed, valid.minSeverity(), valid.enabled()));
        return new Saved(get(tenantId).orElseThrow(), created);
    }

    /** Removes the webhook and its notifications. @return false if the tenant had none */
    public boolean delete(String tenantId) {
        return store.delete(tenantId);
    }

    /**
     * What "Send test" did: posted a sample detection ({@code event: webhook.test}) once, now, signed
     * like a notification; never queued or retried.
     */
    public record TestResult(String deliveryId, boolean delivered, Integer httpStatus, String error) { }

    /**
     * Posts a test notification to the tenant's saved webhook (enabled or not) and records it as its
     * last attempt.
     *
     * @return empty if the tenant has no webhook
     * @throws InterruptedException if interrupted while waiting for the receiver
     */
    public Optional<TestResult> test(String tenantId) throws InterruptedException {
        StoredWebhook hook = store.get(tenantId).orElse(null);
        if (hook == null) return Optional.empty();
        String deliveryId = Secrets.id("test-");
        TestResult result = send(hook, deliveryId);
        store.recordAttempt(tenantId, new StoredWebhook.LastAttempt(clock.instant(), deliveryId,
                result.delivered() ? Outbox.Outcome.DELIVERED : Outbox.Outcome.FAILED, result.httpStatus(), result.error()));
        return Optional.of(result);
    }

    private TestResult send(StoredWebhook hook, String deliveryId) throws InterruptedException {
        Target target = target(hook, policy, secrets);
        if (target.problem() != null) return new TestResult(deliveryId, false, null, target.problem());
        String body = WebhookPayload.test(hook.tenantId(), deliveryId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return switch (sender.get().send(target.uri(), target.secret(), WebhookEvent.TEST, deliveryId, 1, body)) {
            case WebhookSender.Result.Delivered d -> new TestResult(deliveryId, true, d.status(), null);
            case WebhookSender.Result.Failed f -> new TestResult(deliveryId, false, f.status(), f.error());
        };
    }

    /** Where and how a saved webhook posts now: its URL under today's policy and its opened secret (null: unsigned), or why it cannot. */
    record Target(URI uri, String secret, String problem) { }

    static Target target(StoredWebhook hook, WebhookUrlPolicy policy, SecretBox secrets) {
        WebhookUrlPolicy.Checked url = policy.check(hook.url());
        if (!url.ok()) return new Target(null, null, url.problem() + " (the saved URL is not allowed now: set another)");
        try {
            return new Target(url.uri(), hook.signed() ? secrets.open(hook.sealedSecret(), aad(hook.tenantId())) : null, null);
        } catch (SecretsException e) {
            return new Target(null, null, "the signing secret does not open with this master key: set the secret again");
        }
    }

    /** The tenant's failed notifications are sent again, as if new. @return how many */
    public int retryFailed(String tenantId) {
        return outbox.retryFailed(tenantId, clock.instant());
    }

    /** The tenant's latest notifications, newest first. */
    public List<Outbox.Entry> deliveries(String tenantId, int limit) {
        return outbox.recent(tenantId, Math.clamp(limit, 1, MAX_DELIVERIES));
    }

    private Webhook view(StoredWebhook h) {
        Map<Outbox.Status, Long> counts = outbox.counts(h.tenantId());
        return new Webhook(h.tenantId(), h.url(), h.signed(), h.minSeverity(), h.enabled(), h.createdAt(), h.updatedAt(), h.last(),
                counts.getOrDefault(Outbox.Status.PENDING, 0L), counts.getOrDefault(Outbox.Status.DELIVERED, 0L),
                counts.getOrDefault(Outbox.Status.FAILED, 0L));
    }
}
