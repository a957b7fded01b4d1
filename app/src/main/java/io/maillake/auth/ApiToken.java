package io.maillake.auth;

import java.time.Instant;

/**
 * An API token for scripts: a bearer credential that acts as its user. Only a hash of the token is
 * stored; the token itself is shown once, when it is created.
 *
 * @param expiresAt null: never
 */
public record ApiToken(String id, String userId, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt) { }
