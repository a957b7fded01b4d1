package io.maillake.detect;

import java.util.Locale;
import java.util.Optional;

/** How urgent a detection is; ordered, so filters can ask for "high or worse". */
public enum Severity {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in rule files, the CLI, the API and the {@code detections} table. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromId(String id) {
        if (id == null) return Optional.empty();
        for (Severity s : values()) if (s.id().equals(id.trim().toLowerCase(Locale.ROOT))) return Optional.of(s);
        return Optional.empty();
    }
}
