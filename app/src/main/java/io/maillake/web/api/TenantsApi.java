package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import io.maillake.web.Json;
import io.maillake.web.Views.NetworksView;
import io.maillake.web.Views.TenantView;
import java.util.List;

/** Tenants the caller holds, and each tenant's My domains and IPs. */
final class TenantsApi {
    private final Console c;

    TenantsApi(Console c) {
        this.c = c;
    }

    record NewTenant(String name) { }

    record NetworksRequest(List<String> domains, List<String> cidrs) { }

    void register(ApiRoutes r) {
        var a = c.access();
        r.get("/api/v1/tenants", a.caller(this::list));
        r.post("/api/v1/tenants", a.caller(this::create));
        r.get("/api/v1/tenants/{tenant}", a.tenant((ctx, p, t) -> ctx.json(TenantView.of(t))));
        r.get("/api/v1/tenants/{tenant}/networks", a.tenant(this::networks));
        r.put("/api/v1/tenants/{tenant}/networks", a.adminTenant("change My domains and IPs", this::setNetworks));
    }

    private void list(Context ctx, Principal p) {
        ctx.json(c.accounts().tenants(p).stream().map(TenantView::of).toList());
    }

    private void create(Context ctx, Principal p) {
        Tenant t = c.accounts().createTenant(p, Json.body(ctx, NewTenant.class).name());
        ctx.status(201).header("Location", "/api/v1/tenants/" + t.id()).json(TenantView.of(t));
    }

    private void networks(Context ctx, Principal p, Tenant t) {
        ctx.json(NetworksView.of(c.app().store().networks(t.id()), t.networksSet()));
    }

    private void setNetworks(Context ctx, Principal p, Tenant t) {
        NetworksRequest body = Json.body(ctx, NetworksRequest.class);
        MyNetworks parsed = MyNetworks.parse(body.domains() == null ? List.of() : body.domains(),
                body.cidrs() == null ? List.of() : body.cidrs());
        c.app().store().setNetworks(t.id(), parsed);
        ctx.json(NetworksView.of(c.app().store().networks(t.id()), true));
    }
}
