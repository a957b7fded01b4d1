package io.maillake.normalise;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Parses Mimecast timestamps: {@code 2021-11-10T08:55:53+0000}, and tolerantly {@code Z}, {@code +00:00} and fractions. */
public final class MimecastTime {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HHmm", "Z")
            .toFormatter();
    private static final DateTimeFormatter FORMAT_COLON = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private MimecastTime() { }

    /** The instant, truncated to whole seconds (Mimecast's precision), or empty if the text is not a timestamp. */
    public static Optional<Instant> parse(String text) {
        if (text == null) return Optional.empty();
        for (DateTimeFormatter f : new DateTimeFormatter[] {FORMAT, FORMAT_COLON}) {
            try {
                return Optional.of(OffsetDateTime.parse(text.trim(), f).toInstant().truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
