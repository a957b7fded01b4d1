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
        String t = text.trim();
        long fast = usual(t);
        return fast != NOT_USUAL ? Optional.of(Instant.ofEpochSecond(fast)) : withFormatter(t);
    }

    private static final long NOT_USUAL = Long.MIN_VALUE;

    /**
     * The form Mimecast sends, {@code 2021-11-10T08:55:53+0000} (or with {@code Z}), read by hand:
     * nearly every record has one, and the formatter is the normaliser's costliest step. Anything
     * else, including values the formatter would adjust (a 30 February), is left to it.
     */
    static long usual(String t) {
        int len = t.length();
        if (len != 24 && len != 20) return NOT_USUAL;
        if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return NOT_USUAL;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
        int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
        int offset;
        if (len == 20) {
            if (t.charAt(19) != 'Z') return NOT_USUAL;
            offset = 0;
        } else {
            char sign = t.charAt(19);
            int oh = digits(t, 20, 2), om = digits(t, 22, 2);
            if ((sign != '+' && sign != '-') || oh < 0 || oh > 17 || om < 0 || om > 59) return NOT_USUAL;
            offset = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return NOT_USUAL;
        }
        return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second - offset;
    }

    /** The number written by {@code count} ASCII digits from {@code at}; -1 if one is not a digit. */
    private static int digits(String t, int at, int count) {
        int n = 0;
        for (int i = at; i < at + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static Optional<Instant> withFormatter(String text) {
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
