package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.auth.Accounts;
import io.maillake.domain.Integration;
import io.maillake.service.Integrations;
import io.maillake.service.Queries;
import io.maillake.web.Views.IntegrationView;
import io.maillake.web.Views.StreamView;
import java.util.List;
import java.util.Map;

/** What the API and page handlers share: the application, its services and the access checks. */
public final class Console {
    private final Maillake app;
    private final Integrations integrations;
    private final Queries queries;
    private final Access access;
    private final LakeStats stats;
    private final Security security;

    Console(Maillake app, Security security) {
        this.app = app;
        this.integrations = app.integrations();
        this.queries = app.queries();
        this.access = new Access(app.store(), integrations);
        this.stats = new LakeStats(queries, app.clock(), () -> app.lake().lastFileSequence());
        this.security = security;
    }

    public Maillake app() { return app; }
    public Accounts accounts() { return app.accounts(); }
    public Integrations integrations() { return integrations; }
    public Queries queries() { return queries; }
    public Access access() { return access; }
    public LakeStats stats() { return stats; }
    public Security security() { return security; }

    /** The integration's streams with status, landed events and events in the last 24 hours. */
    public List<StreamView> streams(Integration i) {
        Map<String, Long> last24h = stats.last24h(i.tenantId());
        return integrations.streams(i).stream().map(s -> StreamView.of(s, last24h)).toList();
    }

    public IntegrationView view(Integration i) {
        return IntegrationView.of(i, streams(i));
    }
}
