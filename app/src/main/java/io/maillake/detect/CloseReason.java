package io.maillake.detect;

import java.util.Locale;
import java.util.Optional;

/** Why a detection was closed: what it turned out to be. */
public enum CloseReason {
    /** A real threat, handled. */
    TRUE_POSITIVE,
    /** The rule was right, but the activity was expected or harmless (a phishing test, an approved release). */
    BENIGN,
    /** The rule fired on something it should not have. */
    FALSE_POSITIVE,
    /** Already handled under another detection. */
    DUPLICATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CloseReason> fromId(String id) {
        if (id == null) return Optional.empty();
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (CloseReason r : values()) if (r.id().equals(wanted)) return Optional.of(r);
        return Optional.empty();
    }
}
