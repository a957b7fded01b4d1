package io.maillake.simulator.gen;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The date formats of the TTP endpoints (API.md 2.2): always {@code yyyy-MM-dd'T'HH:mm:ss+0000} out. */
public final class DateText {
    // +0000, Z, +hh:mm and +hhmm offsets; optional fraction (RFC 3339 senders), truncated to the second
    private static final Pattern IN = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");

    private DateText() {
    }

    /** The quoted JSON string of the second, e.g. {@code "2021-11-10T08:55:53+0000"}. */
    public static byte[] quoted(long epochSecond) {
        return ('"' + format(epochSecond) + '"').getBytes(StandardCharsets.US_ASCII);
    }

    public static String format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append("+0000");
        return sb.toString();
    }

    public static String format(Instant instant) {
        return format(instant.getEpochSecond());
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        sb.append("0".repeat(Math.max(0, width - s.length()))).append(s);
        return sb;
    }

    /**
     * Parses a request date; returns null if it is not one of the accepted forms or not a valid
     * date. Fractions of a second are dropped.
     */
    public static Instant parse(String text) {
        Matcher m = IN.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            String off = m.group(7);
            ZoneOffset offset = off.equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(off.length() == 5 ? off.substring(0, 3) + ":" + off.substring(3) : off);
            return local.toInstant(offset);
        } catch (RuntimeException invalid) {
            return null;
        }
    }
}
