package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.LogType;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import io.maillake.web.Json;
import io.maillake.web.Views.CheckView;
import io.maillake.web.Views.HistoryView;
import java.util.List;
import java.util.Map;

/** Integrations: list, add, read, edit, enable, disable, delete, test; their streams and status history. */
final class IntegrationsApi {
    private static final int MAX_HISTORY = 500;
    private final Console c;

    IntegrationsApi(Console c) {
        this.c = c;
    }

    void register(ApiRoutes r) {
        var a = c.access();
        r.get("/api/v1/tenants/{tenant}/integrations", a.tenant(this::list));
        r.post("/api/v1/tenants/{tenant}/integrations", a.adminTenant("add integrations", this::create));
        r.get("/api/v1/integrations/{id}", a.integration(this::get));
        r.patch("/api/v1/integrations/{id}", a.adminIntegration("edit integrations", this::update));
        r.delete("/api/v1/integrations/{id}", a.adminIntegration("delete integrations", this::delete));
        r.post("/api/v1/integrations/{id}/enable", a.adminIntegration("enable integrations", (ctx, p, i) -> setEnabled(ctx, i, true)));
        r.post("/api/v1/integrations/{id}/disable", a.adminIntegration("disable integrations", (ctx, p, i) -> setEnabled(ctx, i, false)));
        r.post("/api/v1/integrations/{id}/test", a.adminIntegration("test integrations", this::test));
        r.get("/api/v1/integrations/{id}/streams", a.integration(this::streams));
        r.get("/api/v1/integrations/{id}/streams/{logType}/history", a.integration(this::history));
    }

    private void list(Context ctx, Principal p, Tenant t) {
        ctx.json(c.app().store().integrations(t.id()).stream().map(c::view).toList());
    }

    private void create(Context ctx, Principal p, Tenant t) {
        Integration i = c.integrations().add(t.id(), Json.body(ctx, IntegrationRequest.class).draft());
        ctx.status(201).header("Location", "/api/v1/integrations/" + i.id()).json(c.view(i));
    }

    private void get(Context ctx, Principal p, Integration i) {
        ctx.json(c.view(i));
    }

    private void update(Context ctx, Principal p, Integration i) {
        ctx.json(c.view(c.integrations().update(i.id(), Json.body(ctx, IntegrationRequest.class).draft())));
    }

    private void delete(Context ctx, Principal p, Integration i) {
        c.integrations().delete(i.id());
        ctx.status(204);
    }

    private void setEnabled(Context ctx, Integration i, boolean enabled) {
        IntegrationDraft draft = new IntegrationDraft(null, null, null, null, null, null, null, null, null, null, enabled);
        ctx.json(c.view(c.integrations().update(i.id(), draft)));
    }

    private void test(Context ctx, Principal p, Integration i) {
        List<CheckView> checks = c.integrations().test(i.id()).stream().map(CheckView::of).toList();
        ctx.json(Map.of("ok", checks.stream().allMatch(CheckView::ok), "checks", checks));
    }

    private void streams(Context ctx, Principal p, Integration i) {
        ctx.json(c.streams(i));
    }

    private void history(Context ctx, Principal p, Integration i) {
        LogType type = LogType.fromId(ctx.pathParam("logType")).filter(i.logTypes()::contains)
                .orElseThrow(() -> ApiException.notFound("stream " + ctx.pathParam("logType") + " of this integration"));
        int limit = intParam(ctx, "limit", 100, 1, MAX_HISTORY);
        ctx.json(c.app().store().streamHistory(i.id(), type, limit).stream().map(HistoryView::of).toList());
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": must be a whole number from " + min + " to " + max);
        }
    }
}
