package io.maillake.web.ui;

import io.maillake.detect.Outbox;
import io.maillake.detect.Severity;
import io.maillake.domain.InvalidInputException;
import io.maillake.notify.Webhook;
import io.maillake.notify.Webhooks;
import java.time.Instant;
import java.util.List;

/**
 * The Webhook page of a tenant: where new detections are posted, what the last attempt did, the
 * latest notifications, and the settings form with its problems beside the fields. The secret is
 * never on the page: the form only says whether one is set.
 *
 * @param tenantBase {@code /t/{tenant}}
 * @param webhook    the saved webhook, or null when the tenant has none
 * @param form       what the form shows: the saved settings, or what was just submitted
 * @param problems   why the submitted settings were refused, each starting with its field
 * @param test       the result of "Send test" just now, or null
 */
public record WebhookPage(String tenantBase, Webhook webhook, Form form, List<String> problems, List<Outbox.Entry> deliveries,
                          Webhooks.TestResult test) {
    /** The form's fields; never the secret. */
    public record Form(String url, String minSeverity, boolean enabled) {
        static Form of(Webhook w) {
            return w == null ? new Form("", Severity.MEDIUM.id(), true) : new Form(w.url(), w.minSeverity().id(), w.enabled());
        }
    }

    public List<Severity> severities() { return List.of(Severity.values()); }
    public String severityLabel(Severity s) { return Fmt.severity(s); }

    public boolean hasError(String field) { return problems.stream().anyMatch(p -> InvalidInputException.fieldOf(p).equals(field)); }

    public List<String> errors(String field) {
        return problems.stream().filter(p -> InvalidInputException.fieldOf(p).equals(field)).map(p -> p.substring(p.indexOf(':') + 1).strip())
                .toList();
    }

    public String time(Instant t) { return Fmt.time(t); }

    public String outcomeLabel(Outbox.Outcome o) {
        return switch (o) {
            case DELIVERED -> "Delivered";
            case RETRYING -> "Failed, will retry";
            case FAILED -> "Failed";
        };
    }

    public String outcomeClass(Outbox.Outcome o) {
        return switch (o) {
            case DELIVERED -> "connected";
            case RETRYING -> "degraded";
            case FAILED -> "error";
        };
    }

    public String statusLabel(Outbox.Status s) {
        return switch (s) {
            case PENDING -> "Pending";
            case DELIVERED -> "Delivered";
            case FAILED -> "Failed";
        };
    }

    public String statusClass(Outbox.Status s) {
        return switch (s) {
            case PENDING -> "pending";
            case DELIVERED -> "connected";
            case FAILED -> "error";
        };
    }

    /** The receiver's answer and the error of an attempt, as one line. */
    public static String answer(Integer httpStatus, String error) {
        if (error != null) return error;
        return httpStatus == null ? "" : "HTTP " + httpStatus;
    }

    public String detectionUrl(Outbox.Entry e) { return tenantBase + "/detections/" + e.detectionUid(); }
}
