package io.maillake.web.ui;

import io.maillake.auth.User;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating or editing a user: role, granted tenants (among the administrator's own), disabled. */
public record UserForm(User existing, String username, String role, Set<String> tenants, boolean disabled,
                       List<Tenant> grantable, Map<String, List<String>> errors) {
    static UserForm blank(List<Tenant> grantable, Tenant current) {
        return new UserForm(null, "", "analyst", current == null ? Set.of() : Set.of(current.id()), false, grantable, Map.of());
    }

    static UserForm of(User u, List<Tenant> grantable) {
        return new UserForm(u, u.username(), u.role().id(), u.tenants(), u.disabled(), grantable, Map.of());
    }

    UserForm withErrors(InvalidInputException e) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String p : e.problems()) {
            String f = InvalidInputException.fieldOf(p);
            String key = List.of("username", "role", "tenants", "password").contains(f) ? f : "general";
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(key.equals("general") ? p : p.substring(f.length() + 1).strip());
        }
        return new UserForm(existing, username, role, tenants, disabled, grantable, out);
    }

    public boolean editing() { return existing != null; }
    public boolean granted(String tenantId) { return tenants.contains(tenantId); }
    public List<String> errorsOf(String field) { return errors.getOrDefault(field, List.of()); }
}
