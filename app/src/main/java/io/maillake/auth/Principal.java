package io.maillake.auth;

import java.util.Set;

/**
 * Who is calling, and how they proved it.
 *
 * @param sessionHash the session's stored id (hash of the cookie); null for an API token
 * @param csrfToken   the session's CSRF token; null for an API token (a bearer token is not sent
 *                    by browsers on their own, so it needs none)
 * @param expiresAt   when the API token the caller used expires; null for a session or a token without expiry
 */
public record Principal(User user, Via via, String sessionHash, String csrfToken, java.time.Instant expiresAt) {
    public enum Via { SESSION, TOKEN }

    public Set<String> tenants() { return user.tenants(); }

    public boolean canSee(String tenantId) {
        return tenantId != null && user.tenants().contains(tenantId);
    }

    public boolean isAdmin() { return user.isAdmin(); }

    /** @throws AccessDenied unless the caller is an administrator */
    public void requireAdmin(String action) {
        if (!isAdmin()) throw AccessDenied.forbidden("only an administrator may " + action);
    }

    /** @throws AccessDenied (as not found) unless the tenant is granted */
    public void requireTenant(String tenantId) {
        if (!canSee(tenantId)) throw AccessDenied.notFound("tenant " + tenantId);
    }
}
