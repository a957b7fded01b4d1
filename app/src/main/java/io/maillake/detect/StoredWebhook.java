package io.maillake.detect;

import java.time.Instant;

/**
 * A tenant's outbound webhook as {@code detections.db} holds it: the signing secret still sealed
 * (only the sender opens it), and what its last delivery attempt did.
 *
 * @param sealedSecret the secret sealed under the master key, or null when notifications are not signed
 * @param last         the last attempt (a notification or a test), or null before the first
 */
public record StoredWebhook(String tenantId, String url, byte[] sealedSecret, Severity minSeverity, boolean enabled,
                            Instant createdAt, Instant updatedAt, LastAttempt last) {

    public boolean signed() {
        return sealedSecret != null;
    }

    /** Whether a detection of this severity is notified. */
    public boolean wants(Severity severity) {
        return enabled && severity.compareTo(minSeverity) >= 0;
    }

    /**
     * @param httpStatus the receiver's answer; null when none came (connection refused, timeout)
     * @param error      what went wrong, for the console; null when delivered. Never the URL or a response body.
     */
    public record LastAttempt(Instant at, String deliveryId, Outbox.Outcome outcome, Integer httpStatus, String error) { }

    /** The settings an administrator chose, as they are stored. */
    public record Settings(String tenantId, String url, byte[] sealedSecret, Severity minSeverity, boolean enabled) { }
}
