package io.maillake.domain;

import java.util.Locale;
import java.util.Optional;

/** Direction of an email relative to the organisation, with its OCSF Email Activity {@code direction_id}. */
public enum Direction {
    UNKNOWN(0), INBOUND(1), OUTBOUND(2), INTERNAL(3);

    private final int ocsfId;

    Direction(int ocsfId) {
        this.ocsfId = ocsfId;
    }

    public int ocsfId() { return ocsfId; }

    /** The lake's {@code direction} value: {@code inbound}, {@code outbound}, {@code internal} or {@code unknown}. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The OCSF caption of {@link #ocsfId()}. */
    public String caption() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * Mimecast's {@code route} value. Attachment Protect also documents {@code external}, which is
     * mail from outside the organisation: inbound.
     */
    public static Optional<Direction> fromRoute(String route) {
        if (route == null) return Optional.empty();
        return switch (route.trim().toLowerCase(Locale.ROOT)) {
            case "inbound", "external" -> Optional.of(INBOUND);
            case "outbound" -> Optional.of(OUTBOUND);
            case "internal" -> Optional.of(INTERNAL);
            default -> Optional.empty();
        };
    }
}
