package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.maillake.auth.Principal;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server-rendered console (JTE templates under {@code src/main/jte}). Every page is a GET;
 * every change is a POST form carrying the session's CSRF token and answered with a redirect (or
 * the form again, with its errors beside the fields).
 */
public final class Pages {
    /** Remembers the tenant last looked at, for pages outside any tenant (not a credential: checked on every use). */
    static final String TENANT_COOKIE = "maillake_tenant";

    /** Notices shown after an action, chosen by key: a request can never make the page say something else. */
    static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("saved", "Saved."),
            Map.entry("networks-saved", "My domains and IPs saved."),
            Map.entry("deleted", "Integration deleted. Collection stopped; its events stay in the lake and remain searchable."),
            Map.entry("enabled", "Integration enabled: collection resumes with the next poll."),
            Map.entry("disabled", "Integration disabled: collection stopped. Its events stay searchable."),
            Map.entry("password-changed", "Your password was changed and your other sessions were ended."),
            Map.entry("token-revoked", "Token revoked: scripts using it are refused from now on."),
            Map.entry("user-saved", "User saved."),
            Map.entry("user-deleted", "User deleted."),
            Map.entry("tenant-created", "Tenant created. Start with its My domains and IPs, then add an integration."),
            Map.entry("detection-updated", "Detection updated."),
            Map.entry("rule-saved", "Rule saved. While enabled, it evaluates the events that land from now on."),
            Map.entry("rule-enabled", "Rule enabled for this tenant."),
            Map.entry("rule-disabled", "Rule disabled for this tenant: it raises no new detections here; existing ones stay."),
            Map.entry("rule-deleted", "Rule deleted. Its detections stay."),
            Map.entry("webhook-saved", "Webhook saved. New detections at or above its minimum severity are posted to it."),
            Map.entry("webhook-retried", "Failed notifications are queued again and go out shortly."),
            Map.entry("webhook-deleted", "Webhook removed, with its notifications. Detections stay."));

    private final Console c;

    private Pages(Console c) {
        this.c = c;
    }

    public static void register(RoutesConfig routes, Console c) {
        Pages pages = new Pages(c);
        routes.get("/", c.access().caller(pages::home));
        routes.get("/t/{tenant}", c.access().tenant((ctx, p, t) -> ctx.redirect("/t/" + t.id() + "/integrations")));
        new LoginPages(c).register(routes);
        new IntegrationPages(c, pages).register(routes);
        new NetworksPages(c, pages).register(routes);
        new SearchPages(c, pages).register(routes);
        new AdminPages(c, pages).register(routes);
        new DetectionPages(c, pages).register(routes);
        new RulePages(c, pages).register(routes);
        new WebhookPages(c, pages).register(routes);
        routes.get("/api/docs", c.access().caller((ctx, p) ->
                pages.render(ctx, "api_docs.jte", pages.chrome(ctx, p, pages.currentTenant(ctx, p).orElse(null), "API", "api"), Map.of())));
    }

    private void home(Context ctx, Principal p) {
        Optional<Tenant> t = currentTenant(ctx, p);
        ctx.redirect(t.isPresent() ? "/t/" + t.get().id() + "/integrations" : "/tenants");
    }

    /** The tenant the caller last worked in, else their first; empty when none is granted. */
    Optional<Tenant> currentTenant(Context ctx, Principal p) {
        List<Tenant> mine = c.accounts().tenants(p);
        String last = ctx.cookie(TENANT_COOKIE);
        return mine.stream().filter(t -> t.id().equals(last)).findFirst().or(() -> mine.stream().findFirst());
    }

    Chrome chrome(Context ctx, Principal p, Tenant t, String title, String nav) {
        if (t != null && !t.id().equals(ctx.cookie(TENANT_COOKIE))) {
            ctx.cookie(new Cookie(TENANT_COOKIE, t.id(), "/", -1, "https".equals(ctx.scheme()), true, null, SameSite.LAX));
        }
        String notice = ctx.queryParam("notice") == null ? null : NOTICES.get(ctx.queryParam("notice"));
        return new Chrome(title, nav, p, t, c.accounts().tenants(p), notice);
    }

    /** Renders a page in the layout; {@code model}'s entries become the template's other parameters. */
    void render(Context ctx, String template, Chrome chrome, Map<String, ?> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("chrome", chrome);
        ctx.contentType("text/html; charset=utf-8").render(template, all);
    }

    /** A model that may hold nulls (Map.of may not). */
    static Map<String, Object> model(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** The error page (see {@code WebServer.fail}). */
    public static void error(Context ctx, int status, String message, List<String> problems) {
        ctx.contentType("text/html; charset=utf-8").render("error.jte", model("status", status, "message", message == null ? "" : message,
                "problems", problems == null ? List.of() : problems));
    }

    /** A local path to return to after a login or a detour, or null: never another site. */
    static String safeNext(String next) {
        if (next == null || next.isBlank()) return null;
        String n = next.strip();
        if (!n.startsWith("/") || n.startsWith("//") || n.contains("\\") || n.chars().anyMatch(Character::isISOControl)) return null;
        return n;
    }
}
