package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Tenant;
import io.maillake.notify.Webhook;
import io.maillake.notify.Webhooks;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import io.maillake.web.Json;
import io.maillake.web.WebhookViews.DeliveryView;
import io.maillake.web.WebhookViews.TestView;
import io.maillake.web.WebhookViews.WebhookView;
import java.util.Map;

/**
 * A tenant's outbound webhook: read, set, remove, send a test, retry what failed, recent
 * notifications. Administrators only: the URL may carry the receiver's token, and where detections
 * go is the administrators' decision.
 */
final class WebhooksApi {
    static final int DEFAULT_DELIVERIES = 50;
    private final Console c;

    WebhooksApi(Console c) {
        this.c = c;
    }

    void register(ApiRoutes r) {
        var a = c.access();
        String path = "/api/v1/tenants/{tenant}/webhook";
        r.get(path, a.adminTenant("read the webhook", this::get));
        r.put(path, a.adminTenant("configure the webhook", this::put));
        r.delete(path, a.adminTenant("remove the webhook", this::delete));
        r.post(path + "/test", a.adminTenant("test the webhook", this::test));
        r.post(path + "/retry", a.adminTenant("retry webhook notifications", this::retry));
        r.get(path + "/deliveries", a.adminTenant("read webhook notifications", this::deliveries));
    }

    private void get(Context ctx, Principal p, Tenant t) {
        ctx.json(WebhookView.of(webhook(t)));
    }

    private void put(Context ctx, Principal p, Tenant t) {
        Webhooks.Saved saved = c.webhooks().save(t.id(), Json.body(ctx, WebhookRequest.class).draft());
        ctx.status(saved.created() ? 201 : 200).json(WebhookView.of(saved.webhook()));
    }

    private void delete(Context ctx, Principal p, Tenant t) {
        if (!c.webhooks().delete(t.id())) throw notConfigured();
        ctx.status(204);
    }

    private void test(Context ctx, Principal p, Tenant t) throws InterruptedException {
        ctx.json(TestView.of(c.webhooks().test(t.id()).orElseThrow(WebhooksApi::notConfigured)));
    }

    private void retry(Context ctx, Principal p, Tenant t) {
        webhook(t);
        ctx.json(Map.of("requeued", c.webhooks().retryFailed(t.id())));
    }

    private void deliveries(Context ctx, Principal p, Tenant t) {
        webhook(t);
        int limit = IntegrationsApi.intParam(ctx, "limit", DEFAULT_DELIVERIES, 1, Webhooks.MAX_DELIVERIES);
        ctx.json(c.webhooks().deliveries(t.id(), limit).stream().map(DeliveryView::of).toList());
    }

    private Webhook webhook(Tenant t) {
        return c.webhooks().get(t.id()).orElseThrow(WebhooksApi::notConfigured);
    }

    private static ApiException notConfigured() {
        return new ApiException(404, "not_found", "this tenant has no webhook; PUT one first");
    }
}
