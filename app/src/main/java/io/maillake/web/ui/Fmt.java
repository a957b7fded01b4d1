package io.maillake.web.ui;

import io.maillake.detect.CloseReason;
import io.maillake.detect.Severity;
import io.maillake.detect.Status;
import io.maillake.domain.StreamState;
import io.maillake.mimecast.LogType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes times, durations, counts and names. */
public final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Fmt() { }

    public static String time(Instant t) {
        return t == null ? "never" : TIME.format(t);
    }

    public static String ago(Instant t, Instant now) {
        if (t == null) return "never";
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        return s < 60 ? "just now" : duration(s) + " ago";
    }

    public static String lag(Long seconds) {
        return seconds == null ? "–" : duration(Math.max(0, seconds));
    }

    static String duration(long s) {
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min";
        if (s < 86_400) return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
        return (s / 86_400) + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + (s % 86_400 / 3600) + " h");
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String state(StreamState s) {
        return switch (s) {
            case CONNECTED -> "Connected";
            case DEGRADED -> "Degraded";
            case ERROR -> "Error";
            case PENDING -> "Pending";
            case DISABLED -> "Disabled";
        };
    }

    public static String stateClass(StreamState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    public static String type(LogType t) {
        return switch (t) {
            case URL -> "URL logs";
            case IMPERSONATION -> "Impersonation Protect logs";
            case ATTACHMENT -> "Attachment logs";
        };
    }

    public static String shortType(LogType t) {
        return switch (t) {
            case URL -> "URL";
            case IMPERSONATION -> "Impersonation";
            case ATTACHMENT -> "Attachment";
        };
    }

    /** The setup guide step that fixes a failure with this code, or null. */
    public static String guideStep(String errorCode) {
        if (errorCode == null) return null;
        return switch (errorCode) {
            case "authentication_failed" -> "step-keys";
            case "binding_expired" -> "step-ttl";
            case "permission_missing" -> "step-role";
            case "wrong_region" -> "step-region";
            default -> null;
        };
    }

    public static String severity(Severity s) {
        return switch (s) {
            case INFORMATIONAL -> "Info";
            case LOW -> "Low";
            case MEDIUM -> "Medium";
            case HIGH -> "High";
            case CRITICAL -> "Critical";
        };
    }

    public static String status(Status s) {
        return switch (s) {
            case NEW -> "New";
            case INVESTIGATING -> "Investigating";
            case CLOSED -> "Closed";
        };
    }

    public static String reason(CloseReason r) {
        if (r == null) return "";
        return switch (r) {
            case TRUE_POSITIVE -> "True positive";
            case BENIGN -> "Benign";
            case FALSE_POSITIVE -> "False positive";
            case DUPLICATE -> "Duplicate";
        };
    }

    /** The ATT&CK page of a technique id: {@code T1566.002} is {@code techniques/T1566/002/}. */
    public static String mitreUrl(String technique) {
        return "https://attack.mitre.org/techniques/" + technique.replace('.', '/') + "/";
    }
}
