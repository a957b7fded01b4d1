package io.maillake.domain;

import java.time.Instant;

/**
 * A customer organisation. Every integration, event and detection belongs to one tenant, and users
 * see only the tenants granted to them.
 *
 * @param networksSet whether My domains and IPs were stated (until then the private ranges apply)
 */
public record Tenant(String id, String name, boolean networksSet, Instant createdAt) {
    /** The tenant created on first start. */
    public static final String DEFAULT_ID = "default";
}
