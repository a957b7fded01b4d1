package io.maillake.auth;

import java.time.Instant;

/** A browser session as stored: keyed by the hash of its cookie value, never the value itself. */
public record StoredSession(String idHash, String userId, String csrfToken, Instant createdAt, Instant lastSeenAt) { }
