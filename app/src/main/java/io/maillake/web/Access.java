package io.maillake.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.maillake.auth.AccessDenied;
import io.maillake.auth.Principal;
import io.maillake.detect.Detection;
import io.maillake.detect.Detections;
import io.maillake.domain.Integration;
import io.maillake.domain.Tenant;
import io.maillake.service.Integrations;
import io.maillake.store.StateStore;

/**
 * Handlers that act on a tenant, an integration or a detection get it through here, checked against
 * the caller's grants: a tenant, integration or detection the caller may not see is "not found",
 * exactly like one that does not exist. Routes declare their scope by the wrapper they use, so no handler can
 * forget the check.
 */
public final class Access {
    static final String PRINCIPAL = "maillake.principal";

    private final StateStore store;
    private final Integrations integrations;
    private final Detections detections;

    public Access(StateStore store, Integrations integrations, Detections detections) {
        this.store = store;
        this.integrations = integrations;
        this.detections = detections;
    }

    @FunctionalInterface
    public interface CallerHandler {
        void handle(Context ctx, Principal caller) throws Exception;
    }

    @FunctionalInterface
    public interface TenantHandler {
        void handle(Context ctx, Principal caller, Tenant tenant) throws Exception;
    }

    @FunctionalInterface
    public interface IntegrationHandler {
        void handle(Context ctx, Principal caller, Integration integration) throws Exception;
    }

    @FunctionalInterface
    public interface DetectionHandler {
        void handle(Context ctx, Principal caller, Detection.Detail detection) throws Exception;
    }

    /** The authenticated caller (set by {@link Security}); 401 if none. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw ApiException.unauthenticated();
        return p;
    }

    public Handler caller(CallerHandler h) {
        return ctx -> h.handle(ctx, principal(ctx));
    }

    /** A route under {@code {tenant}}: the tenant must be granted to the caller. */
    public Handler tenant(TenantHandler h) {
        return ctx -> {
            Principal p = principal(ctx);
            h.handle(ctx, p, tenant(p, ctx.pathParam("tenant")));
        };
    }

    /** As {@link #tenant}, for administrators only. */
    public Handler adminTenant(String action, TenantHandler h) {
        return ctx -> {
            Principal p = principal(ctx);
            Tenant t = tenant(p, ctx.pathParam("tenant"));
            p.requireAdmin(action);
            h.handle(ctx, p, t);
        };
    }

    /** A route under {@code {id}} of an integration: its tenant must be granted to the caller. */
    public Handler integration(IntegrationHandler h) {
        return ctx -> {
            Principal p = principal(ctx);
            h.handle(ctx, p, integration(p, ctx.pathParam("id")));
        };
    }

    /** As {@link #integration}, for administrators only. */
    public Handler adminIntegration(String action, IntegrationHandler h) {
        return ctx -> {
            Principal p = principal(ctx);
            Integration i = integration(p, ctx.pathParam("id"));
            p.requireAdmin(action);
            h.handle(ctx, p, i);
        };
    }

    /** A route under {@code {uid}} of a detection: its tenant must be granted to the caller. */
    public Handler detection(DetectionHandler h) {
        return ctx -> {
            Principal p = principal(ctx);
            h.handle(ctx, p, detection(p.tenants(), ctx.pathParam("uid")));
        };
    }

    public Tenant tenant(Principal p, String id) {
        p.requireTenant(id);
        return store.tenant(id).filter(t -> t.id().equals(id)).orElseThrow(() -> AccessDenied.notFound("tenant " + id));
    }

    public Integration integration(Principal p, String id) {
        return integrations.find(id).filter(i -> p.canSee(i.tenantId()))
                .orElseThrow(() -> AccessDenied.notFound("integration " + id));
    }

    /** A detection of one of these tenants (the caller's, or the one tenant of a page's path). */
    public Detection.Detail detection(java.util.Set<String> tenants, String uid) {
        return detections.get(tenants, uid).orElseThrow(() -> AccessDenied.notFound("detection " + uid));
    }
}
