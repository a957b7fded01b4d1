package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.maillake.auth.Principal;
import io.maillake.detect.CloseReason;
import io.maillake.detect.Detection;
import io.maillake.detect.DetectionFilter;
import io.maillake.detect.Rules;
import io.maillake.detect.Status;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import io.maillake.web.DetectionQuery;
import io.maillake.web.EvidenceEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detections of the current tenant: the list with filters (open ones by default, latest activity
 * first), a detection with its evidence and pivots to Search, and triage. Analysts and
 * administrators both triage.
 */
final class DetectionPages {
    /** Beyond this the offset would overflow; nobody pages through 50 million detections. */
    static final int MAX_PAGE = 1_000_000;
    private final Console c;
    private final Pages pages;

    DetectionPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    @FunctionalInterface
    interface Scoped {
        void handle(Context ctx, Principal p, Tenant t, Detection.Detail d) throws Exception;
    }

    void register(RoutesConfig routes) {
        routes.get("/t/{tenant}/detections", c.access().tenant(this::list));
        routes.get("/t/{tenant}/detections/{uid}", scoped(this::detail));
        routes.post("/t/{tenant}/detections/{uid}/status", scoped(this::setStatus));
    }

    /** A detection of the tenant in the path (granted to the caller); of another tenant it is not found. */
    private Handler scoped(Scoped h) {
        return c.access().tenant((ctx, p, t) -> h.handle(ctx, p, t, c.access().detection(Set.of(t.id()), ctx.pathParam("uid"))));
    }

    private void list(Context ctx, Principal p, Tenant t) {
        DetectionQuery query = DetectionQuery.from(ctx, DetectionQuery.OPEN);
        int page = page(ctx);
        List<Detection> rows = List.of();
        long total = 0;
        String error = null;
        try {
            DetectionFilter filter = query.filter(Set.of(t.id()), DetectionsPage.PAGE_SIZE, (page - 1) * DetectionsPage.PAGE_SIZE);
            rows = c.detections().list(filter);
            total = c.detections().count(filter);
        } catch (InvalidInputException e) {
            error = String.join(" ", e.problems());
            ctx.status(400);
        }
        var rules = c.rules().list(t.id()).stream().map(Rules.RuleView::rule).toList();
        DetectionsPage model = new DetectionsPage("/t/" + t.id() + "/detections", query, rows, total, page, rules,
                c.app().store().integrations(t.id()), error,
                c.app().clock().instant());
        pages.render(ctx, "detections.jte", pages.chrome(ctx, p, t, "Detections", "detections"), Map.of("page", model));
    }

    private void detail(Context ctx, Principal p, Tenant t, Detection.Detail d) {
        render(ctx, p, t, d, null);
    }

    private void setStatus(Context ctx, Principal p, Tenant t, Detection.Detail d) {
        String status = ctx.formParam("status");
        String reason = ctx.formParam("reason");
        String note = ctx.formParam("note");
        try {
            List<String> problems = new ArrayList<>();
            Status s = Status.fromId(status).orElse(null);
            if (s == null) problems.add("status: choose new, investigating or closed");
            CloseReason r = null;
            if (s == Status.CLOSED) {
                r = CloseReason.fromId(reason).orElse(null);
                if (r == null) problems.add("reason: closing needs a reason: true positive, benign, false positive or duplicate");
            }
            if (!problems.isEmpty()) throw new InvalidInputException(problems);
            c.detections().setStatus(Set.of(t.id()), d.detection().detectionUid(), s, r, note == null || note.isBlank() ? null : note.strip(),
                    p.user().username());
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, p, t, d, new DetectionDetailPage.TriageForm(status, reason, note == null ? "" : note, e.problems()));
            return;
        }
        ctx.redirect("/t/" + t.id() + "/detections/" + d.detection().detectionUid() + "?notice=detection-updated");
    }

    /** @param form the submitted triage form with its problems; null: the detection's current status */
    private void render(Context ctx, Principal p, Tenant t, Detection.Detail d, DetectionDetailPage.TriageForm form) {
        var view = c.detail(d, EvidenceEvents.DEFAULT_EVENTS);
        var model = new DetectionDetailPage("/t/" + t.id(), view, form != null ? form : DetectionDetailPage.TriageForm.of(view));
        pages.render(ctx, "detections_detail.jte", pages.chrome(ctx, p, t, d.detection().title(), "detections"), Map.of("page", model));
    }

    private static int page(Context ctx) {
        try {
            return Math.clamp(Integer.parseInt(String.valueOf(ctx.queryParam("page"))), 1, MAX_PAGE);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
