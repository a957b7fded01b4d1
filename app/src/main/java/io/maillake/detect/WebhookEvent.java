package io.maillake.detect;

/** What a webhook notification is about; sent as {@code event} in the body and the {@code X-Maillake-Event} header. */
public enum WebhookEvent {
    /** A rule raised a new detection. Sent once per detection; growth and triage are not sent. */
    DETECTION_CREATED("detection.created"),
    /** An administrator's "Send test": a sample detection, never queued or retried. */
    TEST("webhook.test");

    private final String id;

    WebhookEvent(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static WebhookEvent fromId(String id) {
        for (WebhookEvent e : values()) if (e.id.equals(id)) return e;
        throw new IllegalArgumentException("unknown webhook event " + id);
    }
}
