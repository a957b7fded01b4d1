package io.maillake.domain;

import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.LogType;
import java.time.Instant;
import java.util.Set;

/**
 * A registered Mimecast account and what to collect from it. Secrets are not part of this value:
 * they are sealed in the store and unsealed only to call Mimecast.
 *
 * @param appId    API 1.0 application ID (an identifier; shown)
 * @param clientId API 2.0 client ID (an identifier; shown)
 */
public record Integration(String id, String tenantId, String name, String description, String baseUrl,
                          ApiGeneration generation, String appId, String clientId, Set<LogType> logTypes,
                          boolean enabled, Instant createdAt, Instant updatedAt) {

    public Integration {
        logTypes = Set.copyOf(logTypes);
    }

    public StreamKey stream(LogType type) {
        return new StreamKey(tenantId, id, type);
    }
}
