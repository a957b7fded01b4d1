package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Cidr;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** My domains and IPs: asked before a tenant's first integration, editable later. */
final class NetworksPages {
    private final Console c;
    private final Pages pages;

    NetworksPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/t/{tenant}/networks", c.access().tenant(this::show));
        routes.post("/t/{tenant}/networks", c.access().adminTenant("change My domains and IPs", this::save));
    }

    private void show(Context ctx, Principal p, Tenant t) {
        MyNetworks n = c.app().store().networks(t.id());
        String next = Pages.safeNext(ctx.queryParam("next"));
        render(ctx, p, t, new NetworksForm(String.join("\n", n.domains()), String.join("\n", n.cidrs().stream().map(Cidr::text).toList()),
                t.networksSet(), ctx.queryParam("first") != null, next == null ? "" : next, List.of(), List.of()));
    }

    private void save(Context ctx, Principal p, Tenant t) {
        String domains = ctx.formParam("domains");
        String cidrs = ctx.formParam("cidrs");
        String next = Pages.safeNext(ctx.formParam("next"));
        try {
            c.app().store().setNetworks(t.id(), MyNetworks.parse(lines(domains), lines(cidrs)));
        } catch (InvalidInputException e) {
            List<String> d = new ArrayList<>();
            List<String> r = new ArrayList<>();
            for (String problem : e.problems()) {
                String text = problem.substring(problem.indexOf(':') + 1).strip();
                if (InvalidInputException.fieldOf(problem).equals("cidrs")) r.add(text);
                else d.add(text);
            }
            ctx.status(400);
            render(ctx, p, t, new NetworksForm(domains == null ? "" : domains, cidrs == null ? "" : cidrs, t.networksSet(),
                    ctx.formParam("first") != null, next == null ? "" : next, d, r));
            return;
        }
        ctx.redirect(next != null ? next : "/t/" + t.id() + "/networks?notice=networks-saved");
    }

    private void render(Context ctx, Principal p, Tenant t, NetworksForm form) {
        pages.render(ctx, "networks.jte", pages.chrome(ctx, p, t, "My domains and IPs", "networks"), Map.of("form", form));
    }

    /** One entry per line (commas and semicolons also separate), blanks ignored; a line with a space is reported whole. */
    static List<String> lines(String text) {
        if (text == null) return List.of();
        return Arrays.stream(text.split("[\\r\\n,;]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
