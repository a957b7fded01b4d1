package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.detect.CloseReason;
import io.maillake.detect.Detection;
import io.maillake.detect.DetectionFilter;
import io.maillake.detect.Status;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import io.maillake.web.DetectionQuery;
import io.maillake.web.DetectionViews.DetectionPage;
import io.maillake.web.DetectionViews.DetectionView;
import io.maillake.web.EvidenceEvents;
import io.maillake.web.Json;
import java.util.Set;

/**
 * Detections: list with filters (of one tenant, or of every tenant of the caller), one with its
 * evidence events and status history, and triage. Administrators and analysts both triage: deciding
 * what a detection was and writing it down is the analyst's job.
 */
final class DetectionsApi {
    static final int DEFAULT_LIMIT = 50;
    private final Console c;

    DetectionsApi(Console c) {
        this.c = c;
    }

    /**
     * @param status new, investigating or closed
     * @param reason for closed only: true_positive, benign, false_positive or duplicate
     */
    record StatusRequest(String status, String reason, String note) { }

    void register(ApiRoutes r) {
        var a = c.access();
        r.get("/api/v1/tenants/{tenant}/detections", a.tenant(this::listOfTenant));
        r.get("/api/v1/detections", a.caller(this::list));
        r.get("/api/v1/detections/{uid}", a.detection(this::get));
        r.post("/api/v1/detections/{uid}/status", a.detection(this::setStatus));
    }

    private void listOfTenant(Context ctx, Principal p, Tenant t) {
        respond(ctx, Set.of(t.id()));
    }

    /** Every tenant of the caller, or those named by {@code tenant} parameters (each must be the caller's). */
    private void list(Context ctx, Principal p) {
        respond(ctx, QueryApi.scope(p, ctx.queryParams("tenant")));
    }

    private void respond(Context ctx, Set<String> tenants) {
        int limit = IntegrationsApi.intParam(ctx, "limit", DEFAULT_LIMIT, 1, DetectionFilter.MAX_LIMIT);
        int offset = IntegrationsApi.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        DetectionFilter filter = DetectionQuery.from(ctx, DetectionQuery.ALL).filter(tenants, limit, offset);
        var detections = c.detections().list(filter).stream().map(DetectionView::of).toList();
        ctx.json(new DetectionPage(detections, c.detections().count(filter), limit, offset));
    }

    private void get(Context ctx, Principal p, Detection.Detail d) {
        int events = IntegrationsApi.intParam(ctx, "events", EvidenceEvents.DEFAULT_EVENTS, 0, EvidenceEvents.MAX_EVENTS);
        ctx.json(c.detail(d, events));
    }

    private void setStatus(Context ctx, Principal p, Detection.Detail d) {
        StatusRequest body = Json.body(ctx, StatusRequest.class);
        Status status = Status.fromId(body.status())
                .orElseThrow(() -> new InvalidInputException("status: expected new, investigating or closed"));
        CloseReason reason = null;
        if (body.reason() != null && !body.reason().isBlank()) {
            reason = CloseReason.fromId(body.reason())
                    .orElseThrow(() -> new InvalidInputException("reason: expected true_positive, benign, false_positive or duplicate"));
        }
        String note = body.note() == null || body.note().isBlank() ? null : body.note().strip();
        Detection updated = c.detections().setStatus(Set.of(d.detection().tenantId()), d.detection().detectionUid(), status, reason, note,
                p.user().username()).orElseThrow(() -> ApiException.notFound("detection " + d.detection().detectionUid()));
        ctx.json(DetectionView.of(updated));
    }
}
