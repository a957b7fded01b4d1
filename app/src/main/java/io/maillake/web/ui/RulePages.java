package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.AccessDenied;
import io.maillake.auth.Principal;
import io.maillake.detect.Rule;
import io.maillake.detect.Rules;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import java.util.List;
import java.util.Map;

/**
 * Detection rules of the current tenant: the list, enable and disable, add a rule from YAML
 * (validated on save, its problems shown beside the text), delete the tenant's own rules.
 * Everyone reads; administrators change.
 */
final class RulePages {
    static final int MAX_RULE_CHARS = 100_000;
    private final Console c;
    private final Pages pages;

    RulePages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    @FunctionalInterface
    interface Scoped {
        void handle(Context ctx, Principal p, Tenant t, Rules.RuleView r) throws Exception;
    }

    void register(RoutesConfig routes) {
        var a = c.access();
        routes.get("/t/{tenant}/rules", a.tenant((ctx, p, t) -> render(ctx, p, t, RulesPage.EXAMPLE, List.of(), null)));
        routes.post("/t/{tenant}/rules", a.adminTenant("add detection rules", this::save));
        routes.post("/t/{tenant}/rules/validate", a.tenant(this::validate));
        routes.post("/t/{tenant}/rules/{ruleId}/enable", scoped((ctx, p, t, r) -> setEnabled(ctx, t, r, true)));
        routes.post("/t/{tenant}/rules/{ruleId}/disable", scoped((ctx, p, t, r) -> setEnabled(ctx, t, r, false)));
        routes.post("/t/{tenant}/rules/{ruleId}/delete", scoped(this::delete));
    }

    /** A rule the tenant has (built-in or its own), for administrators; another tenant's rule is not found. */
    private io.javalin.http.Handler scoped(Scoped h) {
        return c.access().adminTenant("change detection rules", (ctx, p, t) -> {
            String id = ctx.pathParam("ruleId");
            Rules.RuleView r = c.rules().list(t.id()).stream().filter(v -> v.rule().id().equals(id)).findFirst()
                    .orElseThrow(() -> AccessDenied.notFound("rule " + id));
            h.handle(ctx, p, t, r);
        });
    }

    private void save(Context ctx, Principal p, Tenant t) {
        String source = source(ctx);
        try {
            c.rules().save(t.id(), checkedLength(source));
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, p, t, source, e.problems(), null);
            return;
        }
        ctx.redirect("/t/" + t.id() + "/rules?notice=rule-saved");
    }

    private void validate(Context ctx, Principal p, Tenant t) {
        String source = source(ctx);
        try {
            Rule rule = c.rules().validate(checkedLength(source), t.id());
            render(ctx, p, t, source, List.of(), rule.id());
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, p, t, source, e.problems(), null);
        }
    }

    private void setEnabled(Context ctx, Tenant t, Rules.RuleView r, boolean enabled) {
        c.rules().setEnabled(t.id(), r.rule().id(), enabled);
        ctx.redirect("/t/" + t.id() + "/rules?notice=" + (enabled ? "rule-enabled" : "rule-disabled") + "#rule-" + r.rule().id());
    }

    private void delete(Context ctx, Principal p, Tenant t, Rules.RuleView r) {
        if (r.rule().builtIn()) throw AccessDenied.forbidden("a built-in rule cannot be deleted; disable it instead");
        c.rules().delete(t.id(), r.rule().id());
        ctx.redirect("/t/" + t.id() + "/rules?notice=rule-deleted");
    }

    private void render(Context ctx, Principal p, Tenant t, String source, List<String> problems, String valid) {
        RulesPage model = new RulesPage("/t/" + t.id(), c.rules().list(t.id()), source, problems, valid);
        pages.render(ctx, "rules.jte", pages.chrome(ctx, p, t, "Detection rules", "detections"), Map.of("page", model));
    }

    private static String source(Context ctx) {
        String s = ctx.formParam("source");
        return s == null ? "" : s.replace("\r\n", "\n");
    }

    private static String checkedLength(String source) {
        if (source.isBlank()) throw new InvalidInputException("rule: paste the rule file (YAML)");
        if (source.length() > MAX_RULE_CHARS) throw new InvalidInputException("rule: at most 100,000 characters");
        return source;
    }
}
