package io.maillake.domain;

import io.maillake.mimecast.LogType;
import java.util.Objects;

/** A stream: one log type collected by one integration of one tenant. */
public record StreamKey(String tenantId, String integrationId, LogType logType) {
    public StreamKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(integrationId, "integrationId");
        Objects.requireNonNull(logType, "logType");
    }

    @Override public String toString() {
        return integrationId + "/" + logType.id();
    }
}
