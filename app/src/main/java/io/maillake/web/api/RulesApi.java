package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.detect.Rule;
import io.maillake.detect.RuleParser;
import io.maillake.detect.Rules;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import io.maillake.web.DetectionViews.RuleView;
import java.util.Map;

/**
 * Detection rules of a tenant: the built-in ones and the tenant's own, each enabled or not for the
 * tenant. Everyone reads and validates; only administrators change rules (a rule decides what the
 * team is alerted to, like an integration decides what is collected). A rule is sent as its YAML
 * file in the request body (a JSON object with the same keys is YAML too).
 */
final class RulesApi {
    /** Longer than any sensible rule; a rule's text is stored and parsed on every evaluation. */
    static final int MAX_RULE_CHARS = 100_000;
    private final Console c;

    RulesApi(Console c) {
        this.c = c;
    }

    void register(ApiRoutes r) {
        var a = c.access();
        r.get("/api/v1/tenants/{tenant}/rules", a.tenant(this::list));
        r.post("/api/v1/tenants/{tenant}/rules", a.adminTenant("add detection rules", this::save));
        r.post("/api/v1/tenants/{tenant}/rules/validate", a.tenant(this::validate));
        r.get("/api/v1/tenants/{tenant}/rules/{ruleId}", a.tenant(this::get));
        r.delete("/api/v1/tenants/{tenant}/rules/{ruleId}", a.adminTenant("delete detection rules", this::delete));
        r.post("/api/v1/tenants/{tenant}/rules/{ruleId}/enable", a.adminTenant("enable detection rules", (ctx, p, t) -> setEnabled(ctx, t, true)));
        r.post("/api/v1/tenants/{tenant}/rules/{ruleId}/disable", a.adminTenant("disable detection rules", (ctx, p, t) -> setEnabled(ctx, t, false)));
    }

    private void list(Context ctx, Principal p, Tenant t) {
        ctx.json(c.rules().list(t.id()).stream().map(RuleView::of).toList());
    }

    private void get(Context ctx, Principal p, Tenant t) {
        ctx.json(RuleView.of(find(t, ctx.pathParam("ruleId"))));
    }

    /** Adds the tenant's own rule, or replaces its own rule of the same id (201 or 200). */
    private void save(Context ctx, Principal p, Tenant t) {
        String text = ruleText(ctx);
        Rule parsed = RuleParser.parse(text, t.id());
        boolean replacing = c.rules().list(t.id()).stream().anyMatch(v -> v.rule().id().equals(parsed.id()) && !v.rule().builtIn());
        Rule saved = c.rules().save(t.id(), text);
        ctx.status(replacing ? 200 : 201).header("Location", "/api/v1/tenants/" + t.id() + "/rules/" + saved.id())
                .json(RuleView.of(find(t, saved.id())));
    }

    private void validate(Context ctx, Principal p, Tenant t) {
        ctx.json(Map.of("valid", true, "rule", RuleView.checked(c.rules().validate(ruleText(ctx), t.id()))));
    }

    private void delete(Context ctx, Principal p, Tenant t) {
        Rules.RuleView rule = find(t, ctx.pathParam("ruleId"));
        if (rule.rule().builtIn()) {
            throw new InvalidInputException("rule: '" + rule.rule().id() + "' is built in and cannot be deleted; disable it instead");
        }
        c.rules().delete(t.id(), rule.rule().id());
        ctx.status(204);
    }

    private void setEnabled(Context ctx, Tenant t, boolean enabled) {
        Rules.RuleView rule = find(t, ctx.pathParam("ruleId"));
        c.rules().setEnabled(t.id(), rule.rule().id(), enabled);
        ctx.json(RuleView.of(find(t, rule.rule().id())));
    }

    /** A built-in rule or one of the tenant's own; another tenant's rule is not found. */
    private Rules.RuleView find(Tenant t, String ruleId) {
        return c.rules().list(t.id()).stream().filter(v -> v.rule().id().equals(ruleId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("rule " + ruleId));
    }

    private static String ruleText(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) throw ApiException.badRequest("send the rule file (YAML) as the request body");
        if (text.length() > MAX_RULE_CHARS) throw new InvalidInputException("rule: at most 100,000 characters");
        return text;
    }
}
