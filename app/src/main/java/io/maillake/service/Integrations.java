package io.maillake.service;

import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.StreamKey;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.lake.Lake;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.mimecast.MimecastException;
import io.maillake.store.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adding, editing, testing and listing integrations, for the CLI and the console alike. */
public final class Integrations {
    private final StateStore store;
    private final Lake lake;
    private final MimecastConnector connector;
    private final BaseUrlPolicy policy;
    private final Clock clock;

    public Integrations(StateStore store, Lake lake, MimecastConnector connector, BaseUrlPolicy policy, Clock clock) {
        this.store = store;
        this.lake = lake;
        this.connector = connector;
        this.policy = policy;
        this.clock = clock;
    }

    /** @throws InvalidInputException with one problem per bad field; nothing is saved */
    public Integration add(String tenantId, IntegrationDraft draft) {
        return store.createIntegration(tenantId, draft.validate(policy, null));
    }

    /**
     * Saves changes (secrets left empty are kept) and clears ERROR on its streams, so they are tried
     * again with the new settings.
     */
    public Integration update(String id, IntegrationDraft draft) {
        Integration existing = get(id);
        Integration updated = store.updateIntegration(id, draft.validate(policy, existing));
        resetErrors(updated);
        return updated;
    }

    public Integration get(String id) {
        return store.integration(id).orElseThrow(() -> new InvalidInputException("id: there is no integration " + id));
    }

    public void delete(String id) {
        get(id);
        store.deleteIntegration(id);
    }

    /** One log type's preflight result: ok, or the failure with what to fix. */
    public record TypeCheck(LogType type, boolean ok, String code, String message, String fix) { }

    /**
     * Preflight: authenticates and reads one record of each selected log type. A type that passes
     * and was in ERROR is put back to PENDING so collection resumes.
     */
    public List<TypeCheck> test(String id) {
        Integration integration = get(id);
        List<TypeCheck> out = new ArrayList<>();
        MimecastClient client;
        try {
            client = connector.client(integration.baseUrl(), store.credentials(id));
        } catch (IllegalArgumentException e) {
            for (LogType t : integration.logTypes()) out.add(new TypeCheck(t, false, io.maillake.collect.Collector.INVALID_CONFIGURATION, e.getMessage(),
                    "Edit the integration (console, or maillake integration update " + id + ")"));
            return out;
        }
        for (LogType type : LogType.values()) {
            if (!integration.logTypes().contains(type)) continue;
            try {
                client.preflight(type);
                out.add(new TypeCheck(type, true, null, "can read " + type.id() + " logs", null));
            } catch (MimecastException e) {
                out.add(new TypeCheck(type, false, e.code(), e.getMessage(), e.adminAction().orElse(null)));
            }
        }
        for (TypeCheck check : out) {
            if (check.ok()) resetError(integration, check.type());
        }
        return out;
    }

    /** Every stream of the integration with its status and what it landed. */
    public List<StreamStatus> streams(Integration integration) {
        List<StreamStatus> out = new ArrayList<>();
        for (LogType type : LogType.values()) {
            if (!integration.logTypes().contains(type)) continue;
            StreamStatus s = store.streamStatus(integration.id(), type);
            Lake.StreamStats stats = lake.stats(integration.stream(type));
            StreamState state = integration.enabled() ? s.state() : StreamState.DISABLED;
            out.add(new StreamStatus(s.integrationId(), type, state, s.errorCode(), s.errorMessage(), s.errorFix(),
                    s.retryingSince(), s.lastAttemptAt(), s.lastSuccessAt(),
                    // from the committed cursor, not the figure the last run saved: a stream nobody collects (in ERROR,
                    // disabled, no server running) shows its lag growing
                    stats.leadTo() == null ? s.lagSeconds() : StreamStatus.lagSeconds(stats.leadTo(), clock.instant()),
                    s.calls(), s.retries(), stats.events(), stats.lastEventTime()));
        }
        return out;
    }

    public Optional<Integration> find(String id) {
        return store.integration(id);
    }

    private void resetErrors(Integration integration) {
        for (LogType type : integration.logTypes()) resetError(integration, type);
    }

    private void resetError(Integration integration, LogType type) {
        StreamStatus s = store.streamStatus(integration.id(), type);
        if (s.state() != StreamState.ERROR) return;
        store.saveStreamStatus(new StreamStatus(s.integrationId(), type, StreamState.PENDING, null, null, null, null,
                clock.instant(), s.lastSuccessAt(), s.lagSeconds(), s.calls(), s.retries(), 0, null));
    }

    /** For tests and tools: the stream key of an integration's log type. */
    public StreamKey stream(String id, LogType type) {
        return get(id).stream(type);
    }
}
