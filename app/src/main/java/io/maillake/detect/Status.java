package io.maillake.detect;

import java.util.Locale;
import java.util.Optional;

/** Where an analyst is with a detection. A closed detection takes no more events: new ones open a new detection. */
public enum Status {
    NEW, INVESTIGATING, CLOSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> fromId(String id) {
        if (id == null) return Optional.empty();
        for (Status s : values()) if (s.id().equals(id.trim().toLowerCase(Locale.ROOT))) return Optional.of(s);
        return Optional.empty();
    }
}
