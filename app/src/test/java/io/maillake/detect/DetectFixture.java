package io.maillake.detect;

import io.maillake.Maillake;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A data directory with a tenant whose own domain is {@code acmecorp.example}, and Mimecast records
 * written the way the API returns them, normalised and committed to the real lake, so rules run
 * exactly as in production. Times are minutes after {@link #T0}.
 */
final class DetectFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter MIMECAST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

    final Maillake app;
    final String tenant;
    private final Map<StreamKey, Long> versions = new HashMap<>();
    private final Map<LogType, OrdinalCounter> ordinals = new EnumMap<>(LogType.class);
    private final String integration;
    /** event_uid of each record committed, in order. */
    final List<String> uids = new ArrayList<>();

    DetectFixture(Path dir) {
        this(dir, "default", "int-1");
    }

    DetectFixture(Path dir, String tenantName, String integration) {
        this(dir, tenantName, integration, Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC), Map.of());
    }

    DetectFixture(Path dir, Clock clock, Map<String, String> env) {
        this(dir, "default", "int-1", clock, env);
    }

    DetectFixture(Path dir, String tenantName, String integration, Clock clock, Map<String, String> env) {
        app = Maillake.open(dir, env, clock);
        this.integration = integration;
        String id = app.store().tenant(tenantName).map(t -> t.id()).orElseGet(() -> app.store().createTenant(tenantName).id());
        this.tenant = id;
        app.store().setNetworks(id, MyNetworks.parse(List.of("acmecorp.example"), List.of("10.0.0.0/8")));
        for (LogType t : LogType.values()) ordinals.put(t, new OrdinalCounter());
    }

    static String at(int minutes) {
        return MIMECAST.format(T0.plus(Duration.ofMinutes(minutes)));
    }

    static String at(int minutes, int seconds) {
        return MIMECAST.format(T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds));
    }

    // ---- records as Mimecast sends them -----------------------------------------------------------

    /** A clean click allowed, inbound; change what the case needs. */
    static ObjectNode click(String user, String url, int minute) {
        ObjectNode n = JSON.createObjectNode();
        n.put("userEmailAddress", user).put("fromUserEmailAddress", "news@contoso.example.com").put("url", url)
                .put("ttpDefinition", "Inbound URL 'Aggressive'").put("subject", "Weekly report").put("action", "allow")
                .put("adminOverride", "N/A").put("userOverride", "None").put("scanResult", "clean").put("category", "Business")
                .put("sendingIp", "192.0.2.10").put("userAwarenessAction", "N/A").put("date", at(minute)).put("actions", "Allow")
                .put("route", "inbound").put("creationMethod", "User Click").put("messageId", "<m-" + url.hashCode() + "@mail.example>");
        n.putArray("emailPartsDescription").add("Body");
        return n;
    }

    /** A safe attachment delivered, inbound. */
    static ObjectNode attachment(String recipient, String sha256, int minute) {
        ObjectNode n = JSON.createObjectNode();
        n.put("result", "safe").put("date", at(minute)).put("senderAddress", "billing@fabrikam.example.net")
                .put("fileName", "Invoice_100.pdf").put("actionTriggered", "none, none").put("route", "inbound")
                .put("details", "Safe\r\nTime taken: 0 hrs, 0 min, 7 sec").put("recipientAddress", recipient)
                .put("fileType", "application/pdf").put("subject", "Invoice").put("fileHash", sha256)
                .put("messageId", "<a-" + sha256.substring(0, 8) + "@mail.example>")
                .put("definition", "Inbound - Safe file with On-Demand Sandbox");
        return n;
    }

    /** An impersonation hit, not tagged malicious, held. */
    static ObjectNode impersonation(String sender, String recipient, int minute) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "MTOKEN:eNqx").put("senderAddress", sender).put("recipientAddress", recipient).put("subject", "Urgent request")
                .put("definition", "IP - 1 hit (Tag email)").put("hits", 1);
        n.putArray("identifiers").add("internal_user_name");
        n.put("action", "hold").put("taggedExternal", true).put("taggedMalicious", false).put("senderIpAddress", "192.0.2.77")
                .put("eventTime", at(minute)).put("messageId", "<i-" + (sender + recipient).hashCode() + "@mail.example>");
        n.putArray("impersonationResults");
        return n;
    }

    static String sha(int i) {
        return String.format("%064x", i);
    }

    // ---- landing ----------------------------------------------------------------------------------

    /** Normalises the records and commits them as one lake file per log type (one batch of a stream). */
    List<String> land(ObjectNode... records) {
        return land(tenant, records);
    }

    /** As {@link #land(ObjectNode...)}, for another tenant of the same data directory (through an integration of its own). */
    List<String> land(String tenantId, ObjectNode... records) {
        String integration = tenantId.equals(tenant) ? this.integration : this.integration + "-" + tenantId;
        Map<LogType, List<EmailEvent>> byType = new LinkedHashMap<>();
        List<String> landed = new ArrayList<>();
        for (ObjectNode r : records) {
            LogType type = r.has("userEmailAddress") ? LogType.URL : r.has("fileHash") || r.has("result") ? LogType.ATTACHMENT
                    : LogType.IMPERSONATION;
            Normaliser.Context ctx = new Normaliser.Context(tenantId, integration, app.store().networks(tenantId), T0.plus(Duration.ofDays(1)), T0);
            EmailEvent e = Normaliser.normalise(type, r.toString(), ctx, ordinals.get(type));
            byType.computeIfAbsent(type, k -> new ArrayList<>()).add(e);
            landed.add(e.eventUid());
        }
        byType.forEach((type, events) -> {
            StreamKey key = new StreamKey(tenantId, integration, type);
            long v = versions.getOrDefault(key, 0L);
            Instant newest = events.stream().map(EmailEvent::time).max(Instant::compareTo).orElseThrow();
            StreamCursor c = app.lake().commit(key, events, v, new StreamCursor(newest, newest, null, v));
            versions.put(key, c.version());
        });
        uids.addAll(landed);
        return landed;
    }

    DetectionEngine.Report detect() {
        return detect(DetectionEngine.DEFAULT_CHUNK_FILES);
    }

    DetectionEngine.Report detect(int chunkFiles) {
        return app.detectionEngine(chunkFiles).runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
    }

    List<Detection> detections(String ruleId) {
        return app.detections().list(DetectionFilter.of(null).withRule(ruleId).page(1000, 0));
    }

    List<Detection> all() {
        return app.detections().list(DetectionFilter.of(null).page(1000, 0));
    }

    /** The evidence event uids of one detection. */
    List<String> evidence(Detection d) {
        return app.detections().get(null, d.detectionUid()).orElseThrow().eventUids();
    }

    /** Rule id -> sorted evidence uids, over every detection: what must match between two runs. */
    Map<String, Set<String>> evidenceByRule() {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (Detection d : all()) out.computeIfAbsent(d.ruleId(), k -> new java.util.TreeSet<>()).addAll(evidence(d));
        return out;
    }

    @Override
    public void close() {
        app.close();
    }
}
