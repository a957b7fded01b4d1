package io.maillake.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user may do in the tenants granted to them. */
public enum Role {
    /** Manages integrations, My domains and IPs, tenants and users; reads and queries. */
    ADMIN("admin"),
    /** Reads status and queries the lake; changes nothing but their own password and tokens. */
    ANALYST("analyst");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() { return id; }

    public static Optional<Role> fromId(String id) {
        if (id == null) return Optional.empty();
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(wanted)).findFirst();
    }
}
