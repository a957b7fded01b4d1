package io.maillake.detect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of a webhook notification (documented in docs/detections.md, "Outbound webhook"):
 * the detection's fields in snake_case, as in the {@code detections} query table, the first
 * {@value #MAX_EVENT_UIDS} evidence {@code event_uid}s, and paths to the detection in the console and
 * the REST API. Fields are written in a fixed order, so the same detection gives the same bytes.
 */
public final class WebhookPayload {
    /**
     * Evidence ids carried in a notification: every event of a typical detection, while a campaign of
     * thousands stays a small request; the rest are at the {@code api} path.
     */
    public static final int MAX_EVENT_UIDS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookPayload() { }

    /**
     * @param eventUids the detection's evidence, oldest first; only the first {@value #MAX_EVENT_UIDS} are sent
     */
    public static String of(WebhookEvent event, String deliveryId, Detection d, List<String> eventUids) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.id());
        body.put("delivery_id", deliveryId);
        body.put("detection_uid", d.detectionUid());
        body.put("tenant_id", d.tenantId());
        body.put("rule_id", d.ruleId());
        body.put("title", d.title());
        body.put("severity", d.severity().id());
        body.put("mitre", d.mitre());
        body.put("status", d.status().id());
        body.put("first_seen", text(d.firstSeen()));
        body.put("last_seen", text(d.lastSeen()));
        body.put("event_count", d.eventCount());
        body.put("recipient_count", d.recipientCount());
        List<String> sent = eventUids.subList(0, Math.min(MAX_EVENT_UIDS, eventUids.size()));
        body.put("event_uids", sent);
        body.put("event_uids_truncated", d.eventCount() > sent.size());
        body.put("link", "/t/" + d.tenantId() + "/detections/" + d.detectionUid());
        body.put("api", "/api/v1/detections/" + d.detectionUid());
        body.put("created_at", text(d.createdAt()));
        return JSON.writeValueAsString(body);
    }

    /** A sample detection for "Send test", shaped exactly like a real one so a receiver's mapping can be tried. */
    public static String test(String tenantId, String deliveryId, Instant now) {
        Detection sample = new Detection("det-000000000000000000000000", tenantId, "url-malicious-click-allowed",
                "Test from Maillake: user@example.com reached malicious URL http://malicious.example/", Severity.HIGH,
                List.of("T1566.002", "T1204.001"), Status.NEW, null, null, now, now, 1, 1, now, now);
        return of(WebhookEvent.TEST, deliveryId, sample, List.of("test-event-uid"));
    }

    private static String text(Instant t) {
        return t.toString();
    }
}
