package io.maillake.detect;

import io.maillake.store.Db;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code detections.db}: the engine's cursor, detections with their evidence and status, rule
 * settings and custom rules, and the tenants' webhooks with their outbox. The cursor moves only in
 * the transaction that stores what the rules found in the files it passes, and that transaction also
 * queues the webhook notifications of the detections it creates, so a crash loses nothing and
 * repeats nothing. Thread-safe; several processes may share the file (see {@link Db}).
 */
public final class DetectionStore implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Db db;
    private final Clock clock;
    private final WebhookStore webhooks;
    private final Outbox outbox;

    public DetectionStore(Path file, Clock clock) {
        this.db = Db.open(file, "db/detections");
        this.clock = clock;
        this.webhooks = new WebhookStore(db, clock);
        this.outbox = new Outbox(db);
    }

    /** The tenants' webhook settings. */
    public WebhookStore webhooks() {
        return webhooks;
    }

    /** The webhook notifications queued with the detections. */
    public Outbox outbox() {
        return outbox;
    }

    /** Another process moved the cursor first: it evaluated these files, so this run's findings are dropped. */
    public static final class CursorMovedException extends RuntimeException {
        CursorMovedException(long expected, long actual) {
            super("the detection cursor is at " + actual + ", not " + expected + ": another process evaluated these events");
        }
    }

    /** What one commit changed. */
    public record CommitResult(int newDetections, int updatedDetections, int evidence, int notificationsQueued) { }

    public long cursor() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT last_file_seq FROM engine_cursor WHERE id = 1"); ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * Stores the evidence found in the files up to {@code newCursor} and moves the cursor there, in
     * one transaction, if the cursor is still at {@code expectedCursor}. Evidence already stored for
     * its rule (events seen again after compaction, windows found again) is skipped. The same
     * transaction queues a webhook notification for each detection it creates (see {@link Outbox}).
     *
     * @param rules the rules of the evidence, by id
     * @throws CursorMovedException if another process moved the cursor
     */
    public CommitResult commit(long expectedCursor, long newCursor, List<Evidence> evidence, Map<String, Rule> rules) {
        List<Evidence> sorted = new ArrayList<>(evidence);
        sorted.sort(Comparator.comparing(Evidence::ruleId).thenComparing(Evidence::time).thenComparing(Evidence::eventUid));
        return db.transaction(c -> {
            long current;
            try (PreparedStatement p = c.prepareStatement("SELECT last_file_seq FROM engine_cursor WHERE id = 1"); ResultSet rs = p.executeQuery()) {
                rs.next();
                current = rs.getLong(1);
            }
            if (current != expectedCursor) throw new CursorMovedException(expectedCursor, current);
            Assigner assigner = new Assigner(c, rules, clock.millis());
            CommitResult assigned = assigner.assign(sorted);
            int queued = Outbox.queueCreated(c, assigner.created, clock.millis());
            CommitResult result = new CommitResult(assigned.newDetections(), assigned.updatedDetections(), assigned.evidence(), queued);
            try (PreparedStatement p = c.prepareStatement("UPDATE engine_cursor SET last_file_seq = ?, updated_at = ? WHERE id = 1")) {
                p.setLong(1, newCursor);
                p.setLong(2, clock.millis());
                p.executeUpdate();
            }
            return result;
        });
    }

    /**
     * Puts evidence into detections: an open detection of the same group seen within the rule's group
     * window, or a new one. For a threshold rule, events next to a closed detection of their group
     * (they passed the threshold only together with its events) open a new detection only when they
     * reach the threshold on their own: one late event of a campaign an analyst closed is not a new campaign.
     */
    private static final class Assigner {
        private final Connection c;
        private final Map<String, Rule> rules;
        private final long now;
        private final Set<String> created = new LinkedHashSet<>();
        private final Set<String> touched = new LinkedHashSet<>();
        private int stored;

        Assigner(Connection c, Map<String, Rule> rules, long now) {
            this.c = c;
            this.rules = rules;
            this.now = now;
        }

        CommitResult assign(List<Evidence> sorted) throws SQLException {
            Map<List<String>, List<Evidence>> besideClosed = new LinkedHashMap<>(); // (tenant, rule, group) -> events
            try (Statements s = new Statements(c)) {
                for (Evidence e : sorted) {
                    if (s.seen(e)) continue;
                    Rule rule = rules.get(e.ruleId());
                    String uid = s.open(e, rule);
                    if (uid == null && rule.logic() instanceof Logic.Threshold && s.closedNearby(e, rule)) {
                        besideClosed.computeIfAbsent(List.of(e.tenantId(), e.ruleId(), e.groupKey()), k -> new ArrayList<>()).add(e);
                        continue;
                    }
                    store(s, e, uid != null ? uid : create(rule, e));
                }
                for (List<Evidence> group : besideClosed.values()) {
                    Rule rule = rules.get(group.getFirst().ruleId());
                    for (Evidence e : reachingThreshold(group, (Logic.Threshold) rule.logic())) {
                        if (s.seen(e)) continue; // the same event twice in one commit
                        String uid = s.open(e, rule);
                        store(s, e, uid != null ? uid : create(rule, e));
                    }
                }
            }
            for (String uid : touched) retitle(uid);
            int updated = (int) touched.stream().filter(u -> !created.contains(u)).count();
            return new CommitResult(created.size(), updated, stored, 0);
        }

        private void store(Statements s, Evidence e, String uid) throws SQLException {
            s.insert(e, uid, now);
            touched.add(uid);
            stored++;
        }

        private String create(Rule rule, Evidence e) throws SQLException {
            String uid = detectionUid(e);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO detections (detection_uid, tenant_id, rule_id, group_key, title, "
                    + "severity, mitre, status, first_seen, last_seen, event_count, recipient_count, context, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, 0, 0, ?, ?, ?)")) {
                p.setString(1, uid);
                p.setString(2, e.tenantId());
                p.setString(3, rule.id());
                p.setString(4, e.groupKey());
                p.setString(5, rule.title());
                p.setString(6, rule.severity().id());
                p.setString(7, JSON.writeValueAsString(rule.mitre()));
                p.setLong(8, e.time().getEpochSecond());
                p.setLong(9, e.time().getEpochSecond());
                p.setString(10, JSON.writeValueAsString(e.fields()));
                p.setLong(11, now);
                p.setLong(12, now);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO status_history (detection_uid, status, changed_by, changed_at) VALUES (?, 'new', 'engine', ?)")) {
                p.setString(1, uid);
                p.setLong(2, now);
                p.executeUpdate();
            }
            created.add(uid);
            return uid;
        }

        /** Counts recipients and renders the title again now that events joined. */
        private void retitle(String uid) throws SQLException {
            String ruleId;
            String context;
            long events;
            try (PreparedStatement p = c.prepareStatement("SELECT rule_id, context, event_count FROM detections WHERE detection_uid = ?")) {
                p.setString(1, uid);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    ruleId = rs.getString(1);
                    context = rs.getString(2);
                    events = rs.getLong(3);
                }
            }
            long recipients;
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(DISTINCT recipient) FROM detection_events WHERE detection_uid = ?")) {
                p.setString(1, uid);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    recipients = rs.getLong(1);
                }
            }
            Map<String, String> fields = new HashMap<>(JSON.readValue(context, new TypeReference<Map<String, String>>() { }));
            fields.put("events", Long.toString(events));
            fields.put("recipients", Long.toString(recipients));
            try (PreparedStatement p = c.prepareStatement("UPDATE detections SET title = ?, recipient_count = ? WHERE detection_uid = ?")) {
                p.setString(1, render(rules.get(ruleId).title(), fields));
                p.setLong(2, recipients);
                p.setString(3, uid);
                p.executeUpdate();
            }
        }
    }

    /** A detection's id: a hash of its tenant, rule, group and first event, so a replay names it the same. */
    static String detectionUid(Evidence first) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {first.tenantId(), first.ruleId(), first.groupKey(), first.eventUid()}) {
                d.update(part.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return "det-" + HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fills {@code {name}} placeholders; a field the event does not have shows as "-". */
    static String render(String template, Map<String, String> fields) {
        Matcher m = RuleParser.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = fields.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null || v.isBlank() ? "-" : v));
        }
        m.appendTail(out);
        String s = out.toString();
        return s.length() > 300 ? s.substring(0, 299) + "…" : s;
    }

    // ---- reading and triage ----------------------------------------------------------------------

    public List<Detection> list(DetectionFilter f) {
        StringBuilder sql = new StringBuilder("SELECT " + DETECTION_COLUMNS + " FROM detections WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filterClause(sql, args, f);
        sql.append(" ORDER BY last_seen DESC, detection_uid LIMIT ? OFFSET ?");
        args.add(f.limit());
        args.add(f.offset());
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                List<Detection> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(detection(rs));
                }
                return out;
            }
        });
    }

    /** How many detections match the filter, whatever its limit and offset. */
    public long count(DetectionFilter f) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM detections WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filterClause(sql, args, f);
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Open (new or investigating) detections of a tenant by the integration their evidence came from. */
    public Map<String, Long> openByIntegration(String tenantId) {
        return db.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT e.integration_id, COUNT(DISTINCT d.detection_uid) FROM detections d "
                    + "JOIN detection_events e ON e.detection_uid = d.detection_uid WHERE d.tenant_id = ? AND d.status <> 'closed' "
                    + "AND e.integration_id IS NOT NULL GROUP BY e.integration_id")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private static void filterClause(StringBuilder sql, List<Object> args, DetectionFilter f) {
        tenantClause(sql, args, f.tenants());
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", f.statuses().stream().map(s -> "?").toList())).append(")");
            f.statuses().forEach(s -> args.add(s.id()));
        }
        if (f.minSeverity() != null) {
            List<String> ok = java.util.Arrays.stream(Severity.values()).filter(s -> s.compareTo(f.minSeverity()) >= 0).map(Severity::id).toList();
            sql.append(" AND severity IN (").append(String.join(", ", ok.stream().map(s -> "?").toList())).append(")");
            args.addAll(ok);
        }
        if (f.ruleId() != null) {
            sql.append(" AND rule_id = ?");
            args.add(f.ruleId());
        }
        if (f.integrationId() != null) {
            sql.append(" AND detection_uid IN (SELECT detection_uid FROM detection_events WHERE integration_id = ?)");
            args.add(f.integrationId());
        }
        if (f.since() != null) {
            sql.append(" AND last_seen >= ?");
            args.add(f.since().getEpochSecond());
        }
        if (f.until() != null) {
            sql.append(" AND first_seen < ?");
            args.add(f.until().getEpochSecond());
        }
        if (f.text() != null && !f.text().isBlank()) {
            sql.append(" AND instr(lower(title), ?) > 0");
            args.add(f.text().toLowerCase(java.util.Locale.ROOT));
        }
    }

    public Optional<Detection.Detail> get(Set<String> tenants, String uid) {
        return db.read(c -> {
            Detection d;
            StringBuilder sql = new StringBuilder("SELECT " + DETECTION_COLUMNS + " FROM detections WHERE detection_uid = ?");
            List<Object> args = new ArrayList<>(List.of(uid));
            tenantClause(sql, args, tenants);
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    d = detection(rs);
                }
            }
            List<Detection.EvidenceEvent> evidence = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT event_uid, time, log_type, recipient FROM detection_events WHERE detection_uid = ? ORDER BY time, event_uid")) {
                p.setString(1, uid);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        evidence.add(new Detection.EvidenceEvent(rs.getString(1), Instant.ofEpochSecond(rs.getLong(2)), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            List<Detection.StatusChange> history = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT status, close_reason, note, changed_by, changed_at FROM status_history WHERE detection_uid = ? ORDER BY changed_at, rowid")) {
                p.setString(1, uid);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        history.add(new Detection.StatusChange(Status.fromId(rs.getString(1)).orElseThrow(),
                                CloseReason.fromId(rs.getString(2)).orElse(null), rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
            }
            return Optional.of(new Detection.Detail(d, evidence, history));
        });
    }

    /** @return false when there is no such detection among the tenants' */
    boolean setStatus(Set<String> tenants, String uid, Status status, CloseReason reason, String note, String by) {
        return db.transaction(c -> {
            StringBuilder sql = new StringBuilder("UPDATE detections SET status = ?, close_reason = ?, status_note = ?, updated_at = ? WHERE detection_uid = ?");
            List<Object> args = new ArrayList<>(java.util.Arrays.asList(status.id(), reason == null ? null : reason.id(), note, clock.millis(), uid));
            tenantClause(sql, args, tenants);
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                if (p.executeUpdate() == 0) return false;
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO status_history (detection_uid, status, close_reason, note, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                bind(p, java.util.Arrays.asList(uid, status.id(), reason == null ? null : reason.id(), note, by, clock.millis()));
                p.executeUpdate();
            }
            return true;
        });
    }

    /** Rows of the {@code detections} query table (see {@link DetectionsTable}). */
    List<List<Object>> tableRows(Set<String> tenants) {
        return db.read(c -> {
            Map<String, List<String>> uids = new HashMap<>();
            StringBuilder ev = new StringBuilder("SELECT detection_uid, event_uid FROM detection_events WHERE 1 = 1");
            List<Object> evArgs = new ArrayList<>();
            tenantClause(ev, evArgs, tenants);
            ev.append(" ORDER BY detection_uid, time, event_uid");
            try (PreparedStatement p = c.prepareStatement(ev.toString())) {
                bind(p, evArgs);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) uids.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            StringBuilder sql = new StringBuilder("SELECT " + DETECTION_COLUMNS + " FROM detections WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            tenantClause(sql, args, tenants);
            List<List<Object>> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                bind(p, args);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Detection d = detection(rs);
                        rows.add(java.util.Arrays.asList(d.detectionUid(), d.tenantId(), d.ruleId(), d.title(), d.severity().id(), d.mitre(),
                                d.status().id(), d.closeReason() == null ? null : d.closeReason().id(), d.firstSeen(), d.lastSeen(),
                                d.eventCount(), d.recipientCount(), uids.getOrDefault(d.detectionUid(), List.of())));
                    }
                }
            }
            return rows;
        });
    }

    // ---- rule settings, custom rules, failures ---------------------------------------------------

    /** Rule id -> enabled, for the rules the tenant set explicitly. */
    Map<String, Boolean> ruleSettings(String tenantId) {
        return db.read(c -> {
            Map<String, Boolean> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT rule_id, enabled FROM rule_settings WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getInt(2) == 1);
                }
            }
            return out;
        });
    }

    /** Every (tenant, rule) that is switched off. */
    Map<String, Set<String>> disabledByRule() {
        return db.read(c -> {
            Map<String, Set<String>> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT rule_id, tenant_id FROM rule_settings WHERE enabled = 0");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
            }
            return out;
        });
    }

    void setEnabled(String tenantId, String ruleId, boolean enabled) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rule_settings (tenant_id, rule_id, enabled, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (tenant_id, rule_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at")) {
                bind(p, List.of(tenantId, ruleId, enabled ? 1 : 0, clock.millis()));
                p.executeUpdate();
            }
            return null;
        });
    }

    /** A stored custom rule: its tenant, id and text. */
    record StoredRule(String tenantId, String ruleId, String source) { }

    List<StoredRule> customRules() {
        return db.read(c -> {
            List<StoredRule> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT tenant_id, rule_id, source FROM custom_rules ORDER BY tenant_id, rule_id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(new StoredRule(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return out;
        });
    }

    void saveCustomRule(String tenantId, String ruleId, String source) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO custom_rules (tenant_id, rule_id, source, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, rule_id) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at")) {
                bind(p, List.of(tenantId, ruleId, source, clock.millis(), clock.millis()));
                p.executeUpdate();
            }
            return null;
        });
    }

    boolean deleteCustomRule(String tenantId, String ruleId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM custom_rules WHERE tenant_id = ? AND rule_id = ?")) {
                bind(p, List.of(tenantId, ruleId));
                return p.executeUpdate() > 0;
            }
        });
    }

    void recordFailure(String scope, String ruleId, String message, long fromSeq, long toSeq) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rule_failures (tenant_scope, rule_id, message, file_seq_from, file_seq_to, failed_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_scope, rule_id) DO UPDATE SET message = excluded.message, "
                    + "file_seq_from = excluded.file_seq_from, file_seq_to = excluded.file_seq_to, failed_at = excluded.failed_at")) {
                bind(p, List.of(scope, ruleId, message, fromSeq, toSeq, clock.millis()));
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Rule id -> its last failure message, for the rules a tenant sees that failed: built-in rules
     * (scope {@code *}) and the tenant's own. Another tenant's rule of the same id is not its concern.
     */
    Map<String, String> failures(String tenantId) {
        return db.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT rule_id, message, failed_at FROM rule_failures WHERE tenant_scope IN ('*', ?) ORDER BY failed_at")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2) + " (at " + Instant.ofEpochMilli(rs.getLong(3)) + ")");
                }
            }
            return out;
        });
    }

    // ---- helpers -------------------------------------------------------------------------------

    static final String DETECTION_COLUMNS = "detection_uid, tenant_id, rule_id, title, severity, mitre, status, close_reason, "
            + "status_note, first_seen, last_seen, event_count, recipient_count, created_at, updated_at";

    static Detection detection(ResultSet rs) throws SQLException {
        return new Detection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Severity.fromId(rs.getString(5)).orElse(Severity.MEDIUM),
                JSON.readValue(rs.getString(6), new TypeReference<List<String>>() { }),
                Status.fromId(rs.getString(7)).orElse(Status.NEW), CloseReason.fromId(rs.getString(8)).orElse(null), rs.getString(9),
                Instant.ofEpochSecond(rs.getLong(10)), Instant.ofEpochSecond(rs.getLong(11)), rs.getLong(12), rs.getLong(13),
                Instant.ofEpochMilli(rs.getLong(14)), Instant.ofEpochMilli(rs.getLong(15)));
    }

    private static void tenantClause(StringBuilder sql, List<Object> args, Set<String> tenants) {
        if (tenants == null) return;
        if (tenants.isEmpty()) {
            sql.append(" AND 1 = 0");
            return;
        }
        sql.append(" AND tenant_id IN (").append(String.join(", ", tenants.stream().map(t -> "?").toList())).append(")");
        args.addAll(tenants);
    }

    private static void bind(PreparedStatement p, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
    }

    @Override
    public void close() {
        db.close();
    }

    /** The events (sorted by time) that lie in a window of {@code within} holding at least {@code atLeast} distinct values. */
    static List<Evidence> reachingThreshold(List<Evidence> events, Logic.Threshold t) {
        List<Evidence> out = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int from = 0;
        int next = 0; // the first event not yet in out
        for (int to = 0; to < events.size(); to++) {
            // as the rule's count(DISTINCT ...), a null value counts for nothing
            String value = events.get(to).distinctValue();
            if (value != null) counts.merge(value, 1, Integer::sum);
            Instant start = events.get(to).time().minus(t.within());
            while (events.get(from).time().isBefore(start)) {
                String gone = events.get(from).distinctValue();
                if (gone != null) counts.computeIfPresent(gone, (k, n) -> n == 1 ? null : n - 1);
                from++;
            }
            if (counts.size() >= t.atLeast()) {
                for (int i = Math.max(from, next); i <= to; i++) out.add(events.get(i));
                next = to + 1;
            }
        }
        return out;
    }

    /** The statements one commit runs for each piece of evidence. */
    private static final class Statements implements AutoCloseable {
        private final PreparedStatement seen;
        private final PreparedStatement open;
        private final PreparedStatement closed;
        private final PreparedStatement insert;
        private final PreparedStatement widen;

        Statements(Connection c) throws SQLException {
            seen = c.prepareStatement("SELECT 1 FROM detection_events WHERE rule_id = ? AND event_uid = ?");
            open = c.prepareStatement("SELECT detection_uid FROM detections WHERE tenant_id = ? AND rule_id = ? "
                    + "AND group_key = ? AND status <> 'closed' AND last_seen >= ? AND first_seen <= ? ORDER BY last_seen DESC LIMIT 1");
            closed = c.prepareStatement("SELECT 1 FROM detections WHERE tenant_id = ? AND rule_id = ? "
                    + "AND group_key = ? AND status = 'closed' AND last_seen >= ? AND first_seen <= ? LIMIT 1");
            insert = c.prepareStatement("INSERT INTO detection_events (rule_id, event_uid, detection_uid, tenant_id, "
                    + "time, log_type, recipient, integration_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            widen = c.prepareStatement("UPDATE detections SET first_seen = MIN(first_seen, ?), "
                    + "last_seen = MAX(last_seen, ?), event_count = event_count + 1, updated_at = ? WHERE detection_uid = ?");
        }

        /** Whether the event is already evidence of its rule. */
        boolean seen(Evidence e) throws SQLException {
            seen.setString(1, e.ruleId());
            seen.setString(2, e.eventUid());
            try (ResultSet rs = seen.executeQuery()) {
                return rs.next();
            }
        }

        /** The newest open detection of the event's group seen within the rule's group window of it; null if none. */
        String open(Evidence e, Rule rule) throws SQLException {
            nearby(open, e, rule);
            try (ResultSet rs = open.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        /** Whether a closed detection of the event's group was seen within the rule's group window of it. */
        boolean closedNearby(Evidence e, Rule rule) throws SQLException {
            nearby(closed, e, rule);
            try (ResultSet rs = closed.executeQuery()) {
                return rs.next();
            }
        }

        private static void nearby(PreparedStatement p, Evidence e, Rule rule) throws SQLException {
            long t = e.time().getEpochSecond();
            long window = rule.groupWindow().toSeconds();
            p.setString(1, e.tenantId());
            p.setString(2, e.ruleId());
            p.setString(3, e.groupKey());
            p.setLong(4, t - window);
            p.setLong(5, t + window);
        }

        void insert(Evidence e, String uid, long now) throws SQLException {
            long t = e.time().getEpochSecond();
            insert.setString(1, e.ruleId());
            insert.setString(2, e.eventUid());
            insert.setString(3, uid);
            insert.setString(4, e.tenantId());
            insert.setLong(5, t);
            insert.setString(6, e.fields().get("log_type"));
            insert.setString(7, e.recipient());
            insert.setString(8, e.fields().get("integration_id"));
            insert.executeUpdate();
            widen.setLong(1, t);
            widen.setLong(2, t);
            widen.setLong(3, now);
            widen.setString(4, uid);
            widen.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            try (seen; open; closed; insert; widen) {
                // closes all five
            }
        }
    }
}
