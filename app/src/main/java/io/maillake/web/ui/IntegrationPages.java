package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.maillake.auth.AccessDenied;
import io.maillake.auth.Principal;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.LogType;
import io.maillake.web.Console;
import io.maillake.web.Json;
import io.maillake.web.LakeStats;
import io.maillake.web.Views.HistoryView;
import io.maillake.web.Views.StreamView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Integrations > Mimecast > Add, the list with a badge per log type, the detail page with
 * history and volume, edit, test, enable, disable and delete.
 */
final class IntegrationPages {
    private static final int HISTORY = 20;
    private final Console c;
    private final Pages pages;

    IntegrationPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    @FunctionalInterface
    interface Scoped {
        void handle(Context ctx, Principal p, Tenant t, Integration i) throws Exception;
    }

    void register(RoutesConfig routes) {
        var a = c.access();
        routes.get("/t/{tenant}/integrations", a.tenant(this::list));
        routes.get("/t/{tenant}/integrations/new", a.adminTenant("add integrations", this::chooseSource));
        routes.get("/t/{tenant}/integrations/new/mimecast", a.adminTenant("add integrations", this::newForm));
        routes.post("/t/{tenant}/integrations", a.adminTenant("add integrations", this::create));
        routes.get("/t/{tenant}/integrations/{id}", scoped(false, this::detail));
        routes.get("/t/{tenant}/integrations/{id}/edit", scoped(true, this::editForm));
        routes.post("/t/{tenant}/integrations/{id}", scoped(true, this::update));
        routes.post("/t/{tenant}/integrations/{id}/test", scoped(true, this::test));
        routes.post("/t/{tenant}/integrations/{id}/enable", scoped(true, (ctx, p, t, i) -> setEnabled(ctx, t, i, true)));
        routes.post("/t/{tenant}/integrations/{id}/disable", scoped(true, (ctx, p, t, i) -> setEnabled(ctx, t, i, false)));
        routes.get("/t/{tenant}/integrations/{id}/delete", scoped(true, this::confirmDelete));
        routes.post("/t/{tenant}/integrations/{id}/delete", scoped(true, this::delete));
    }

    /** An integration of the tenant in the path, granted to the caller; {@code admin}: only administrators. */
    private Handler scoped(boolean admin, Scoped h) {
        return c.access().tenant((ctx, p, t) -> {
            Integration i = c.access().integration(p, ctx.pathParam("id"));
            if (!i.tenantId().equals(t.id())) throw AccessDenied.notFound("integration " + i.id());
            if (admin) p.requireAdmin("change integrations");
            h.handle(ctx, p, t, i);
        });
    }

    private void list(Context ctx, Principal p, Tenant t) {
        Instant now = c.app().clock().instant();
        List<IntegrationsList.Row> rows = new ArrayList<>();
        Map<String, Long> open = c.detections().openByIntegration(t.id());
        for (Integration i : c.app().store().integrations(t.id())) {
            rows.add(new IntegrationsList.Row(i, c.streams(i).stream().map(s -> new StreamRow(s, now)).toList(),
                    open.getOrDefault(i.id(), 0L)));
        }
        pages.render(ctx, "integrations.jte", pages.chrome(ctx, p, t, "Integrations", "integrations"),
                Map.of("page", new IntegrationsList(rows, t.networksSet(), OpenDetections.of(c.detections(), t.id()))));
    }

    private void chooseSource(Context ctx, Principal p, Tenant t) {
        pages.render(ctx, "integration_source.jte", pages.chrome(ctx, p, t, "Add integration", "integrations"), Map.of());
    }

    /** Before a tenant's first integration, My domains and IPs are asked for; then the form. */
    private void newForm(Context ctx, Principal p, Tenant t) {
        if (!t.networksSet()) {
            ctx.redirect("/t/" + t.id() + "/networks?first=1&next=/t/" + t.id() + "/integrations/new/mimecast");
            return;
        }
        showForm(ctx, p, t, IntegrationForm.blank("/t/" + t.id() + "/integrations"));
    }

    private void showForm(Context ctx, Principal p, Tenant t, IntegrationForm form) {
        String title = form.editing() ? "Edit " + form.existing().name() : "Add Mimecast integration";
        pages.render(ctx, "integration_form.jte", pages.chrome(ctx, p, t, title, "integrations"), Map.of("form", form));
    }

    private static IntegrationForm.Submission submission(Context ctx) {
        boolean api1 = "1".equals(ctx.formParam("generation"));
        return new IntegrationForm.Submission(ctx.formParam("name"), ctx.formParam("description"), ctx.formParam("baseUrl"), api1,
                ctx.formParam("appId"), ctx.formParam("appKey"), ctx.formParam("accessKey"), ctx.formParam("secretKey"),
                ctx.formParam("clientId"), ctx.formParam("clientSecret"), ctx.formParams("types"), ctx.formParam("enabled") != null);
    }

    /** Saves, then goes straight to "Test connection": the admin sees at once what works and what to fix. */
    private void create(Context ctx, Principal p, Tenant t) {
        IntegrationForm.Submission s = submission(ctx);
        Integration created;
        try {
            IntegrationForm.Submission on = new IntegrationForm.Submission(s.name(), s.description(), s.baseUrl(), s.api1(), s.appId(),
                    s.appKey(), s.accessKey(), s.secretKey(), s.clientId(), s.clientSecret(), s.types(), true);
            created = c.integrations().add(t.id(), on.draft());
        } catch (InvalidInputException e) {
            ctx.status(400);
            showForm(ctx, p, t, IntegrationForm.submitted("/t/" + t.id() + "/integrations", null, s, e));
            return;
        }
        showTest(ctx, p, t, created, true);
    }

    private void editForm(Context ctx, Principal p, Tenant t, Integration i) {
        showForm(ctx, p, t, IntegrationForm.of("/t/" + t.id() + "/integrations/" + i.id(), i));
    }

    private void update(Context ctx, Principal p, Tenant t, Integration i) {
        IntegrationForm.Submission s = submission(ctx);
        try {
            c.integrations().update(i.id(), s.draft());
        } catch (InvalidInputException e) {
            ctx.status(400);
            showForm(ctx, p, t, IntegrationForm.submitted("/t/" + t.id() + "/integrations/" + i.id(), i, s, e));
            return;
        }
        ctx.redirect("/t/" + t.id() + "/integrations/" + i.id() + "?notice=saved");
    }

    private void test(Context ctx, Principal p, Tenant t, Integration i) {
        showTest(ctx, p, t, i, false);
    }

    private void showTest(Context ctx, Principal p, Tenant t, Integration i, boolean created) {
        TestPage page = new TestPage(i, c.integrations().test(i.id()), created);
        pages.render(ctx, "integration_test.jte", pages.chrome(ctx, p, t, "Test connection · " + i.name(), "integrations"), Map.of("page", page));
    }

    private void setEnabled(Context ctx, Tenant t, Integration i, boolean enabled) {
        c.integrations().update(i.id(), new IntegrationDraft(null, null, null, null, null, null, null, null, null, null, enabled));
        ctx.redirect("/t/" + t.id() + "/integrations/" + i.id() + "?notice=" + (enabled ? "enabled" : "disabled"));
    }

    private void confirmDelete(Context ctx, Principal p, Tenant t, Integration i) {
        long events = c.integrations().streams(i).stream().mapToLong(s -> s.events()).sum();
        pages.render(ctx, "integration_delete.jte", pages.chrome(ctx, p, t, "Delete " + i.name(), "integrations"),
                Map.of("integration", i, "events", events));
    }

    private void delete(Context ctx, Principal p, Tenant t, Integration i) {
        c.integrations().delete(i.id());
        ctx.redirect("/t/" + t.id() + "/integrations?notice=deleted");
    }

    private void detail(Context ctx, Principal p, Tenant t, Integration i) {
        Instant now = c.app().clock().instant();
        List<IntegrationDetail.Panel> panels = new ArrayList<>();
        for (StreamView s : c.streams(i)) {
            LogType type = LogType.fromId(s.logType()).orElseThrow();
            List<HistoryView> history = c.app().store().streamHistory(i.id(), type, HISTORY).stream().map(HistoryView::of).toList();
            List<HistoryView> errors = history.stream().filter(h -> h.errorCode() != null).limit(5).toList();
            panels.add(new IntegrationDetail.Panel(new StreamRow(s, now), history, errors));
        }
        LakeStats.Volume volume = c.stats().volume(java.util.Set.of(t.id()), i.id(), Duration.ofHours(24), Duration.ofHours(1));
        pages.render(ctx, "integration_detail.jte", pages.chrome(ctx, p, t, i.name(), "integrations"),
                Map.of("page", new IntegrationDetail(i, panels, Json.write(volume), now)));
    }
}
