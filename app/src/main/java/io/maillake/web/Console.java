package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.auth.Accounts;
import io.maillake.detect.Detection;
import io.maillake.detect.Detections;
import io.maillake.detect.Rules;
import io.maillake.domain.Integration;
import io.maillake.notify.Webhooks;
import io.maillake.service.Integrations;
import io.maillake.service.Queries;
import io.maillake.web.DetectionViews.DetailView;
import io.maillake.web.DetectionViews.DetectionView;
import io.maillake.web.DetectionViews.RuleSummary;
import io.maillake.web.DetectionViews.StatusChangeView;
import io.maillake.web.Views.IntegrationView;
import io.maillake.web.Views.StreamView;
import java.util.List;

/** What the API and page handlers share: the application, its services and the access checks. */
public final class Console {
    private final Maillake app;
    private final Integrations integrations;
    private final Queries queries;
    private final Access access;
    private final LakeStats stats;
    private final Security security;
    private final Detections detections;
    private final EvidenceEvents evidence;
    private final Webhooks webhooks;

    Console(Maillake app, Security security) {
        this.app = app;
        this.integrations = app.integrations();
        this.queries = app.queries();
        this.access = new Access(app.store(), integrations, app.detections());
        this.stats = new LakeStats(queries, app.clock(), () -> app.lake().lastFileSequence());
        this.security = security;
        this.detections = app.detections();
        this.evidence = new EvidenceEvents(queries);
        this.webhooks = app.webhooks();
    }

    public Maillake app() { return app; }
    public Accounts accounts() { return app.accounts(); }
    public Integrations integrations() { return integrations; }
    public Queries queries() { return queries; }
    public Access access() { return access; }
    public LakeStats stats() { return stats; }
    public Security security() { return security; }
    public Detections detections() { return detections; }
    public Rules rules() { return app.rules(); }
    public Webhooks webhooks() { return webhooks; }

    /** The integration's streams with status, landed events and events in the last 24 hours. */
    public List<StreamView> streams(Integration i) {
        return StreamView.all(integrations.streams(i), stats.last24h(i.tenantId()));
    }

    public IntegrationView view(Integration i) {
        return IntegrationView.of(i, streams(i));
    }

    /** A detection with its rule, status history and the first {@code maxEvents} evidence events with their fields from the lake. */
    public DetailView detail(Detection.Detail d, int maxEvents) {
        Detection det = d.detection();
        RuleSummary rule = rules().list(det.tenantId()).stream().map(Rules.RuleView::rule).filter(r -> r.id().equals(det.ruleId()))
                .findFirst().map(RuleSummary::of).orElse(null);
        List<Detection.EvidenceEvent> shown = d.evidence().subList(0, Math.min(maxEvents, d.evidence().size()));
        return new DetailView(DetectionView.of(det), rule, d.eventUids(), evidence.of(det.tenantId(), shown),
                shown.size() < d.evidence().size(), d.history().stream().map(StatusChangeView::of).toList());
    }
}
