package io.maillake.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.maillake.auth.ApiToken;
import io.maillake.auth.User;
import io.maillake.domain.Integration;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamStatus;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.LogType;
import io.maillake.service.Integrations;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the REST API returns. Secrets are write-only: an integration says that its keys are set
 * ({@code "secretKeySet": true}), never what they are; there is no field that could carry one.
 */
public final class Views {
    private Views() { }

    public record TenantView(String id, String name, boolean networksSet, Instant createdAt) {
        public static TenantView of(Tenant t) {
            return new TenantView(t.id(), t.name(), t.networksSet(), t.createdAt());
        }
    }

    /** @param set false while the private ranges apply because none were stated */
    public record NetworksView(List<String> domains, List<String> cidrs, boolean set) {
        public static NetworksView of(MyNetworks n, boolean set) {
            return new NetworksView(n.domains(), n.cidrs().stream().map(c -> c.text()).toList(), set);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntegrationView(String id, String tenantId, String name, String description, String baseUrl,
                                  String apiVersion, String appId, Boolean appKeySet, Boolean accessKeySet,
                                  Boolean secretKeySet, String clientId, Boolean clientSecretSet, List<String> types,
                                  boolean enabled, Instant createdAt, Instant updatedAt, List<StreamView> streams) {
        public static IntegrationView of(Integration i, List<StreamView> streams) {
            boolean v1 = i.generation() == ApiGeneration.API_1;
            return new IntegrationView(i.id(), i.tenantId(), i.name(), i.description(), i.baseUrl(), i.generation().version(),
                    v1 ? i.appId() : null, v1 ? true : null, v1 ? true : null, v1 ? true : null,
                    v1 ? null : i.clientId(), v1 ? null : true, Views.types(i), i.enabled(), i.createdAt(), i.updatedAt(), streams);
        }
    }

    public static List<String> types(Integration i) {
        return i.logTypes().stream().sorted(Comparator.naturalOrder()).map(LogType::id).toList();
    }

    /**
     * @param status    CONNECTED, DEGRADED, ERROR, PENDING or DISABLED
     * @param fix       what to change in Mimecast, when an administrator must act
     * @param events24h events of this stream whose time lies in the last 24 hours
     */
    public record StreamView(String logType, String status, String errorCode, String errorMessage, String fix,
                             Instant lastEventTime, Long lagSeconds, long events, long events24h, Instant lastAttemptAt,
                             Instant lastSuccessAt, Instant retryingSince, long calls, long retries) {
        public static StreamView of(StreamStatus s, Map<String, Long> last24h) {
            return new StreamView(s.logType().id(), s.state().name(), s.errorCode(), s.errorMessage(), s.errorFix(),
                    s.lastEventTime(), s.lagSeconds(), s.events(), last24h.getOrDefault(LakeStats.key(s.integrationId(), s.logType().id()), 0L),
                    s.lastAttemptAt(), s.lastSuccessAt(), s.retryingSince(), s.calls(), s.retries());
        }

        /** @param last24h {@link LakeStats#last24h} of the streams' tenant */
        public static List<StreamView> all(List<StreamStatus> streams, Map<String, Long> last24h) {
            return streams.stream().map(s -> of(s, last24h)).toList();
        }
    }

    public record HistoryView(Instant at, String status, String errorCode, String errorMessage, String fix) {
        public static HistoryView of(StreamStatus s) {
            return new HistoryView(s.lastAttemptAt(), s.state().name(), s.errorCode(), s.errorMessage(), s.errorFix());
        }
    }

    public record CheckView(String logType, boolean ok, String code, String message, String fix) {
        public static CheckView of(Integrations.TypeCheck c) {
            return new CheckView(c.type().id(), c.ok(), c.code(), c.message(), c.fix());
        }
    }

    public record UserView(String id, String username, String role, List<String> tenants, boolean disabled, Instant createdAt) {
        public static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.role().id(), List.copyOf(u.tenants()), u.disabled(), u.createdAt());
        }
    }

    /** @param password the generated password, shown this once; absent when the administrator chose it */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserCreatedView(UserView user, String password) { }

    public record MeView(String id, String username, String role, List<TenantView> tenants) { }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenView(String id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String token) {
        public static TokenView of(ApiToken t, String token) {
            return new TokenView(t.id(), t.name(), t.createdAt(), t.lastUsedAt(), t.expiresAt(), token);
        }
    }
}
