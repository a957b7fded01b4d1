package io.maillake.auth;

/**
 * The caller may not do this. When {@link #hidden()} the thing is reported as not found, so that a
 * user cannot learn what exists in tenants not granted to them.
 */
public final class AccessDenied extends RuntimeException {
    private final boolean hidden;

    private AccessDenied(String message, boolean hidden) {
        super(message);
        this.hidden = hidden;
    }

    /** Refused, saying why (e.g. an analyst changing an integration). */
    public static AccessDenied forbidden(String message) {
        return new AccessDenied(message, false);
    }

    /** Refused as if it did not exist (anything of a tenant not granted). */
    public static AccessDenied notFound(String what) {
        return new AccessDenied(what + " not found", true);
    }

    public boolean hidden() { return hidden; }
}
