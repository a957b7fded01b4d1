package io.maillake.web;

import io.maillake.detect.Outbox;
import io.maillake.detect.StoredWebhook;
import io.maillake.notify.Webhook;
import io.maillake.notify.Webhooks;
import java.time.Instant;

/**
 * What the REST API returns for a tenant's webhook. The signing secret is write-only: a webhook says
 * whether one is set ({@code "secretSet": true}), and no field could carry it.
 */
public final class WebhookViews {
    private WebhookViews() { }

    /**
     * @param pending   notifications not delivered yet (waiting their turn or a retry)
     * @param failed    notifications given up; {@code POST .../webhook/retry} sends them again
     */
    public record WebhookView(String tenantId, String url, boolean secretSet, String minSeverity, boolean enabled, Instant createdAt,
                              Instant updatedAt, long pending, long delivered, long failed, AttemptView lastAttempt) {
        public static WebhookView of(Webhook w) {
            return new WebhookView(w.tenantId(), w.url(), w.secretSet(), w.minSeverity().id(), w.enabled(), w.createdAt(), w.updatedAt(),
                    w.pending(), w.delivered(), w.failed(), AttemptView.of(w.last()));
        }
    }

    /**
     * @param outcome    delivered, retrying or failed
     * @param httpStatus the receiver's answer; null when none came
     */
    public record AttemptView(Instant at, String deliveryId, String outcome, Integer httpStatus, String error) {
        static AttemptView of(StoredWebhook.LastAttempt a) {
            return a == null ? null : new AttemptView(a.at(), a.deliveryId(), a.outcome().id(), a.httpStatus(), a.error());
        }
    }

    /** One notification; {@code nextAttemptAt} while pending, {@code finishedAt} once delivered or failed. */
    public record DeliveryView(long id, String event, String deliveryId, String detectionUid, String status, int attempts,
                               Integer lastHttpStatus, String lastError, Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {
        public static DeliveryView of(Outbox.Entry e) {
            return new DeliveryView(e.id(), e.event().id(), e.deliveryId(), e.detectionUid(), e.status().id(), e.attempts(),
                    e.lastHttpStatus(), e.lastError(), e.createdAt(), e.nextAttemptAt(), e.finishedAt());
        }
    }

    public record TestView(String deliveryId, boolean delivered, Integer httpStatus, String error) {
        public static TestView of(Webhooks.TestResult r) {
            return new TestView(r.deliveryId(), r.delivered(), r.httpStatus(), r.error());
        }
    }
}
