package io.maillake.detect;

import io.maillake.store.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Each tenant's outbound webhook in {@code detections.db}, beside the outbox its notifications are
 * queued in. The secret is stored as given: sealed by the caller. Thread-safe.
 */
public final class WebhookStore {
    private final Db db;
    private final Clock clock;

    WebhookStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<StoredWebhook> get(String tenantId) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT tenant_id, url, sealed_secret, min_severity, enabled, created_at, updated_at, "
                    + "last_attempt_at, last_delivery_id, last_outcome, last_http_status, last_error FROM webhooks WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    Long lastAt = Outbox.longOrNull(rs, 8);
                    Long status = Outbox.longOrNull(rs, 11);
                    StoredWebhook.LastAttempt last = lastAt == null ? null : new StoredWebhook.LastAttempt(Instant.ofEpochMilli(lastAt),
                            rs.getString(9), Outbox.Outcome.fromId(rs.getString(10)), status == null ? null : status.intValue(), rs.getString(12));
                    return Optional.of(new StoredWebhook(rs.getString(1), rs.getString(2), rs.getBytes(3),
                            Severity.fromId(rs.getString(4)).orElse(Severity.INFORMATIONAL), rs.getInt(5) == 1,
                            Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), last));
                }
            }
        });
    }

    /**
     * Creates or replaces the tenant's webhook (its last attempt is kept). Disabling it discards its
     * pending notifications: while disabled nothing is queued, and nothing queued before is sent later.
     *
     * @return true if the tenant had no webhook
     */
    public boolean put(StoredWebhook.Settings s) {
        long now = clock.millis();
        return db.transaction(c -> {
            boolean existed;
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM webhooks WHERE tenant_id = ?")) {
                p.setString(1, s.tenantId());
                try (ResultSet rs = p.executeQuery()) {
                    existed = rs.next();
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO webhooks (tenant_id, url, sealed_secret, min_severity, enabled, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET url = excluded.url, "
                    + "sealed_secret = excluded.sealed_secret, min_severity = excluded.min_severity, enabled = excluded.enabled, "
                    + "updated_at = excluded.updated_at")) {
                p.setString(1, s.tenantId());
                p.setString(2, s.url());
                p.setBytes(3, s.sealedSecret());
                p.setString(4, s.minSeverity().id());
                p.setInt(5, s.enabled() ? 1 : 0);
                p.setLong(6, now);
                p.setLong(7, now);
                p.executeUpdate();
            }
            if (!s.enabled()) deletePending(c, s.tenantId());
            return !existed;
        });
    }

    /** Removes the tenant's webhook with every notification of it, sent or not. @return false if it had none */
    public boolean delete(String tenantId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_outbox WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhooks WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** Records an attempt made outside the outbox (a test) as the tenant's last. */
    public void recordAttempt(String tenantId, StoredWebhook.LastAttempt last) {
        db.transaction(c -> {
            recordLast(c, tenantId, last);
            return null;
        });
    }

    static void recordLast(Connection c, String tenantId, StoredWebhook.LastAttempt last) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE webhooks SET last_attempt_at = ?, last_delivery_id = ?, last_outcome = ?, "
                + "last_http_status = ?, last_error = ? WHERE tenant_id = ?")) {
            p.setLong(1, last.at().toEpochMilli());
            p.setString(2, last.deliveryId());
            p.setString(3, last.outcome().id());
            p.setObject(4, last.httpStatus());
            p.setString(5, last.error());
            p.setString(6, tenantId);
            p.executeUpdate();
        }
    }

    private static void deletePending(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_outbox WHERE tenant_id = ? AND status = 'pending'")) {
            p.setString(1, tenantId);
            p.executeUpdate();
        }
    }
}
