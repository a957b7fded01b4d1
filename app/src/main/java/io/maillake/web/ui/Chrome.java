package io.maillake.web.ui;

import io.maillake.auth.Principal;
import io.maillake.domain.Tenant;
import java.util.List;

/**
 * What every console page shows around its content: who is logged in, the current tenant and the
 * others they may switch to, the navigation, the CSRF token for forms, and a one-line notice.
 *
 * @param nav    the navigation entry to highlight
 * @param notice a message after an action (from a fixed list, never from the request)
 */
public record Chrome(String title, String nav, Principal caller, Tenant tenant, List<Tenant> tenants, String notice) {
    public String csrf() {
        return caller.csrfToken() == null ? "" : caller.csrfToken();
    }

    public boolean admin() {
        return caller.isAdmin();
    }

    public String username() {
        return caller.user().username();
    }

    public String role() {
        return caller.user().role().id();
    }

    /** A path inside the current tenant, e.g. {@code t("/search")}. */
    public String t(String path) {
        return tenant == null ? "/tenants" : "/t/" + tenant.id() + path;
    }

    public boolean active(String entry) {
        return entry.equals(nav);
    }

    public boolean hasTenant() {
        return tenant != null;
    }
}
