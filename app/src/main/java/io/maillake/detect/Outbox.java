package io.maillake.detect;

import io.maillake.store.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The webhook outbox in {@code detections.db}. A notification is queued in the transaction that
 * creates its detection ({@link #queueCreated}), so a crash at any instant loses none; a sender
 * takes it under a lease, posts it, and records the attempt. Every notification ends delivered or
 * failed (given up, kept for the console); until then it is pending. A sender that dies mid-attempt
 * leaves its lease to expire and the notification is sent again: delivery is at least once.
 *
 * <p>Thread-safe; several processes ({@code serve}, {@code detect --once}) may drain it at once,
 * and a lease keeps them from sending the same notification together.
 */
public final class Outbox {
    public enum Status {
        PENDING, DELIVERED, FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** How one attempt ended: delivered, failed and to be tried again, or failed for good. */
    public enum Outcome {
        DELIVERED, RETRYING, FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** A notification to send. {@code attempts} were made before this one. */
    public record Notification(long id, String tenantId, WebhookEvent event, String deliveryId, String detectionUid, String body,
                               int attempts) { }

    /**
     * What one attempt did.
     *
     * @param nextAttempt when to try again (outcome RETRYING); null otherwise
     */
    public record Attempt(Instant at, Outcome outcome, Integer httpStatus, String error, Instant nextAttempt) { }

    /** A notification as the console lists it; {@code nextAttemptAt} only while pending, {@code finishedAt} once not. */
    public record Entry(long id, WebhookEvent event, String deliveryId, String detectionUid, Status status, int attempts,
                        Integer lastHttpStatus, String lastError, Instant createdAt, Instant nextAttemptAt, Instant finishedAt) { }

    private final Db db;

    Outbox(Db db) {
        this.db = db;
    }

    /**
     * Pending notifications due at {@code now} that no sender holds: the oldest {@code perTenant} of each
     * tenant, so a tenant with a backlog does not keep the others waiting, and at most {@code max}.
     */
    public List<Notification> due(Instant now, int perTenant, int max) {
        return db.read(c -> {
            List<Notification> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, tenant_id, event, delivery_id, detection_uid, body, attempts FROM ("
                    + "SELECT *, ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY id) AS n FROM webhook_outbox "
                    + "WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)) "
                    + "WHERE n <= ? ORDER BY id LIMIT ?")) {
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, now.toEpochMilli());
                p.setInt(3, perTenant);
                p.setInt(4, max);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Notification(rs.getLong(1), rs.getString(2), WebhookEvent.fromId(rs.getString(3)), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Takes a notification for one attempt, until {@code leaseUntil}.
     *
     * @return false if it is no longer pending and due, or another sender holds it: leave it alone
     */
    public boolean lease(long id, Instant now, Instant leaseUntil) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_outbox SET lease_until = ? WHERE id = ? AND status = 'pending' "
                    + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)")) {
                p.setLong(1, leaseUntil.toEpochMilli());
                p.setLong(2, id);
                p.setLong(3, now.toEpochMilli());
                p.setLong(4, now.toEpochMilli());
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Gives a leased notification back unsent (its sender is stopping). */
    public void release(long id) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_outbox SET lease_until = NULL WHERE id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records an attempt, in one transaction: the notification's new state, its tenant's last attempt,
     * and when it is retried, the tenant's other pending notifications wait at least as long, so a
     * receiver that is down gets one request per backoff step rather than one per notification.
     */
    public void record(Notification n, Attempt a) {
        Status status = switch (a.outcome()) {
            case DELIVERED -> Status.DELIVERED;
            case RETRYING -> Status.PENDING;
            case FAILED -> Status.FAILED;
        };
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, "
                    + "lease_until = NULL, last_http_status = ?, last_error = ?, finished_at = ? WHERE id = ?")) {
                p.setString(1, status.id());
                p.setLong(2, (a.nextAttempt() != null ? a.nextAttempt() : a.at()).toEpochMilli());
                p.setObject(3, a.httpStatus());
                p.setString(4, a.error());
                p.setObject(5, status == Status.PENDING ? null : a.at().toEpochMilli());
                p.setLong(6, n.id());
                p.executeUpdate();
            }
            if (a.nextAttempt() != null) {
                try (PreparedStatement p = c.prepareStatement("UPDATE webhook_outbox SET next_attempt_at = MAX(next_attempt_at, ?) "
                        + "WHERE tenant_id = ? AND status = 'pending' AND id <> ?")) {
                    p.setLong(1, a.nextAttempt().toEpochMilli());
                    p.setString(2, n.tenantId());
                    p.setLong(3, n.id());
                    p.executeUpdate();
                }
            }
            WebhookStore.recordLast(c, n.tenantId(), new StoredWebhook.LastAttempt(a.at(), n.deliveryId(), a.outcome(), a.httpStatus(), a.error()));
            return null;
        });
    }

    /** How many notifications of the tenant are in each state (states without any are absent). */
    public Map<Status, Long> counts(String tenantId) {
        return db.read(c -> {
            Map<Status, Long> out = new EnumMap<>(Status.class);
            try (PreparedStatement p = c.prepareStatement("SELECT status, COUNT(*) FROM webhook_outbox WHERE tenant_id = ? GROUP BY status")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.put(Status.fromId(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /** The tenant's latest notifications, newest first. */
    public List<Entry> recent(String tenantId, int limit) {
        return db.read(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, event, delivery_id, detection_uid, status, attempts, last_http_status, "
                    + "last_error, created_at, next_attempt_at, finished_at FROM webhook_outbox WHERE tenant_id = ? ORDER BY id DESC LIMIT ?")) {
                p.setString(1, tenantId);
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Status status = Status.fromId(rs.getString(5));
                        Long finished = longOrNull(rs, 11);
                        Long httpStatus = longOrNull(rs, 7);
                        out.add(new Entry(rs.getLong(1), WebhookEvent.fromId(rs.getString(2)), rs.getString(3), rs.getString(4), status,
                                rs.getInt(6), httpStatus == null ? null : httpStatus.intValue(), rs.getString(8),
                                Instant.ofEpochMilli(rs.getLong(9)), status == Status.PENDING ? Instant.ofEpochMilli(rs.getLong(10)) : null,
                                finished == null ? null : Instant.ofEpochMilli(finished)));
                    }
                }
            }
            return out;
        });
    }

    /** The tenant's failed notifications become pending again, due now, with a fresh count of attempts. */
    public int retryFailed(String tenantId, Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                    + "lease_until = NULL, finished_at = NULL WHERE tenant_id = ? AND status = 'failed'")) {
                p.setLong(1, now.toEpochMilli());
                p.setString(2, tenantId);
                return p.executeUpdate();
            }
        });
    }

    /** Forgets delivered notifications finished before {@code deliveredBefore} and failed ones before {@code failedBefore}. */
    public int purge(Instant deliveredBefore, Instant failedBefore) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_outbox WHERE (status = 'delivered' AND finished_at < ?) "
                    + "OR (status = 'failed' AND finished_at < ?)")) {
                p.setLong(1, deliveredBefore.toEpochMilli());
                p.setLong(2, failedBefore.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    /**
     * Queues a {@code detection.created} notification for each of these new detections whose tenant's
     * webhook is enabled and asks for its severity, in the caller's transaction (the one that creates
     * the detections). While the tenant's receiver is in backoff, a new notification waits with the others.
     */
    static int queueCreated(Connection c, Collection<String> detectionUids, long now) throws SQLException {
        if (detectionUids.isEmpty()) return 0;
        Map<String, Severity> minimum = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT tenant_id, min_severity FROM webhooks WHERE enabled = 1");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) minimum.put(rs.getString(1), Severity.fromId(rs.getString(2)).orElse(Severity.INFORMATIONAL));
        }
        if (minimum.isEmpty()) return 0;
        int queued = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT " + DetectionStore.DETECTION_COLUMNS + " FROM detections WHERE detection_uid = ?");
             PreparedStatement events = c.prepareStatement(
                     "SELECT event_uid FROM detection_events WHERE detection_uid = ? ORDER BY time, event_uid LIMIT " + WebhookPayload.MAX_EVENT_UIDS);
             PreparedStatement insert = c.prepareStatement("INSERT INTO webhook_outbox (tenant_id, event, delivery_id, detection_uid, body, "
                     + "status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, MAX(?, COALESCE((SELECT "
                     + "MAX(next_attempt_at) FROM webhook_outbox WHERE tenant_id = ? AND status = 'pending'), 0)), ?) ON CONFLICT DO NOTHING")) {
            for (String uid : detectionUids) {
                Detection d;
                read.setString(1, uid);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    d = DetectionStore.detection(rs);
                }
                Severity min = minimum.get(d.tenantId());
                if (min == null || d.severity().compareTo(min) < 0) continue;
                List<String> uids = new ArrayList<>();
                events.setString(1, uid);
                try (ResultSet rs = events.executeQuery()) {
                    while (rs.next()) uids.add(rs.getString(1));
                }
                insert.setString(1, d.tenantId());
                insert.setString(2, WebhookEvent.DETECTION_CREATED.id());
                insert.setString(3, uid);
                insert.setString(4, uid);
                insert.setString(5, WebhookPayload.of(WebhookEvent.DETECTION_CREATED, uid, d, uids));
                insert.setLong(6, now);
                insert.setString(7, d.tenantId());
                insert.setLong(8, now);
                queued += insert.executeUpdate();
            }
        }
        return queued;
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
