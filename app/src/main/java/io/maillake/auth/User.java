package io.maillake.auth;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A console user. The password hash is not part of this value: it stays in the store and is read
 * only to verify a login.
 *
 * @param tenants the tenants granted: the user sees and queries these and no others
 */
public record User(String id, String username, Role role, Set<String> tenants, boolean disabled, Instant createdAt) {
    public User {
        tenants = Set.copyOf(new TreeSet<>(tenants));
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
