package io.maillake.notify;

import io.maillake.detect.Severity;
import io.maillake.detect.StoredWebhook;
import java.time.Instant;

/**
 * A tenant's webhook as administrators see it: the secret only as set or not, what its last
 * attempt did, and how many notifications are in each state.
 *
 * @param last    the last attempt (a notification or a test), or null before the first
 * @param pending notifications not yet delivered, being retried or waiting their turn
 * @param failed  notifications given up (kept 30 days, "retry failed" sends them again)
 */
public record Webhook(String tenantId, String url, boolean secretSet, Severity minSeverity, boolean enabled, Instant createdAt,
                      Instant updatedAt, StoredWebhook.LastAttempt last, long pending, long delivered, long failed) { }
