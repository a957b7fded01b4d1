package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.StreamStatus;
import io.maillake.service.Integrations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every route of the server, in one place. Handlers are one method each. */
final class Routes {
    private Routes() { }

    static void register(io.javalin.config.RoutesConfig routes, Maillake app) {
        Integrations integrations = app.integrations();
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(Metrics.render(app.store(), integrations)));
        routes.get("/", ctx -> ctx.render("status.jte", Map.of("page", StatusPage.of(app))));
        routes.get("/api/v1/status", ctx -> ctx.json(status(app, integrations)));
    }

    static List<Map<String, Object>> status(Maillake app, Integrations integrations) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var tenant : app.store().tenants()) {
            for (Integration i : app.store().integrations(tenant.id())) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", i.id());
                o.put("tenant", i.tenantId());
                o.put("name", i.name());
                Map<String, Object> streams = new LinkedHashMap<>();
                for (StreamStatus s : integrations.streams(i)) {
                    Map<String, Object> so = new LinkedHashMap<>();
                    so.put("status", s.state().name());
                    so.put("lagSeconds", s.lagSeconds());
                    so.put("events", s.events());
                    so.put("lastEventTime", s.lastEventTime());
                    so.put("errorCode", s.errorCode());
                    so.put("errorMessage", s.errorMessage());
                    so.put("fix", s.errorFix());
                    streams.put(s.logType().id(), so);
                }
                o.put("streams", streams);
                out.add(o);
            }
        }
        return out;
    }
}
