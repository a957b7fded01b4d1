package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Integration;
import io.maillake.domain.Tenant;
import io.maillake.web.Console;
import io.maillake.web.Views.StreamView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every stream of the caller's tenants at a glance (for scripts and monitoring). */
final class StatusApi {
    private final Console c;

    StatusApi(Console c) {
        this.c = c;
    }

    void register(ApiRoutes r) {
        r.get("/api/v1/status", c.access().caller(this::status));
    }

    private void status(Context ctx, Principal p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tenant t : c.accounts().tenants(p)) {
            for (Integration i : c.app().store().integrations(t.id())) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", i.id());
                o.put("tenant", i.tenantId());
                o.put("name", i.name());
                Map<String, StreamView> streams = new LinkedHashMap<>();
                for (StreamView s : c.streams(i)) streams.put(s.logType(), s);
                o.put("streams", streams);
                out.add(o);
            }
        }
        ctx.json(out);
    }
}
