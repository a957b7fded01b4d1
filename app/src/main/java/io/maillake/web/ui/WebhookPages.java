package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.AccessDenied;
import io.maillake.auth.Principal;
import io.maillake.detect.Outbox;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.notify.Webhook;
import io.maillake.notify.WebhookDraft;
import io.maillake.notify.Webhooks;
import io.maillake.web.Console;
import java.util.List;
import java.util.Map;

/**
 * The current tenant's outbound webhook, beside Detections and Rules: settings (validated on save,
 * problems beside the fields), "Send test", retry of failed notifications, removal, and the latest
 * attempts. Administrators only, as in the REST API.
 */
final class WebhookPages {
    static final int SHOWN_DELIVERIES = 20;
    private final Console c;
    private final Pages pages;

    WebhookPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        var a = c.access();
        routes.get("/t/{tenant}/webhook", a.adminTenant("configure the webhook", this::show));
        routes.post("/t/{tenant}/webhook", a.adminTenant("configure the webhook", this::save));
        routes.post("/t/{tenant}/webhook/test", a.adminTenant("test the webhook", this::test));
        routes.post("/t/{tenant}/webhook/retry", a.adminTenant("retry webhook notifications", this::retry));
        routes.post("/t/{tenant}/webhook/delete", a.adminTenant("remove the webhook", this::delete));
    }

    private void show(Context ctx, Principal p, Tenant t) {
        Webhook w = c.webhooks().get(t.id()).orElse(null);
        render(ctx, p, t, w, WebhookPage.Form.of(w), List.of(), null);
    }

    /** Checkboxes: {@code enabled} and {@code removeSecret} are sent only when ticked. */
    private void save(Context ctx, Principal p, Tenant t) {
        String url = ctx.formParam("url");
        String minSeverity = ctx.formParam("minSeverity");
        boolean enabled = ctx.formParam("enabled") != null;
        WebhookDraft draft = new WebhookDraft(url, ctx.formParam("secret"), ctx.formParam("removeSecret") != null, minSeverity, enabled);
        try {
            c.webhooks().save(t.id(), draft);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, p, t, c.webhooks().get(t.id()).orElse(null), new WebhookPage.Form(url == null ? "" : url, minSeverity, enabled),
                    e.problems(), null);
            return;
        }
        ctx.redirect("/t/" + t.id() + "/webhook?notice=webhook-saved");
    }

    /** Shows the page with the test's result (sending it again on reload is harmless: a test is never queued). */
    private void test(Context ctx, Principal p, Tenant t) throws InterruptedException {
        Webhooks.TestResult r = c.webhooks().test(t.id()).orElseThrow(() -> AccessDenied.notFound("webhook"));
        Webhook w = c.webhooks().get(t.id()).orElseThrow();
        render(ctx, p, t, w, WebhookPage.Form.of(w), List.of(), r);
    }

    private void retry(Context ctx, Principal p, Tenant t) {
        c.webhooks().retryFailed(t.id());
        ctx.redirect("/t/" + t.id() + "/webhook?notice=webhook-retried");
    }

    private void delete(Context ctx, Principal p, Tenant t) {
        c.webhooks().delete(t.id());
        ctx.redirect("/t/" + t.id() + "/webhook?notice=webhook-deleted");
    }

    private void render(Context ctx, Principal p, Tenant t, Webhook w, WebhookPage.Form form, List<String> problems, Webhooks.TestResult test) {
        List<Outbox.Entry> deliveries = w == null ? List.of() : c.webhooks().deliveries(t.id(), SHOWN_DELIVERIES);
        WebhookPage model = new WebhookPage("/t/" + t.id(), w, form, problems, deliveries, test);
        pages.render(ctx, "webhook.jte", pages.chrome(ctx, p, t, "Webhook", "detections"), Map.of("page", model));
    }
}
