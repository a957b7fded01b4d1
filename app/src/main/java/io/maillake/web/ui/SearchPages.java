package io.maillake.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.domain.Tenant;
import io.maillake.lake.QueryException;
import io.maillake.lake.QueryResult;
import io.maillake.web.Console;
import io.maillake.web.Csv;
import io.maillake.web.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Search: read-only SQL over the current tenant's events. Queries are GETs (they change nothing),
 * so a result can be bookmarked or shared with a colleague who holds the tenant.
 */
final class SearchPages {
    static final int MAX_ROWS = 10_000;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Console c;
    private final Pages pages;

    SearchPages(Console c, Pages pages) {
        this.c = c;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/t/{tenant}/search", c.access().tenant(this::search));
        routes.get("/t/{tenant}/search.csv", c.access().tenant(this::csv));
    }

    private void search(Context ctx, Principal p, Tenant t) {
        String sql = sql(ctx);
        String range = switch (String.valueOf(ctx.queryParam("range"))) {
            case "7d", "30d" -> ctx.queryParam("range");
            default -> "24h";
        };
        QueryResult result = null;
        String error = null;
        try {
            result = c.queries().run(sql, Set.of(t.id()), MAX_ROWS, TIMEOUT);
        } catch (QueryException e) {
            error = e.getMessage();
            ctx.status(400);
        }
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(String.valueOf(ctx.queryParam("page"))));
        } catch (NumberFormatException ignored) {
            // first page
        }
        Duration span = switch (range) {
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> Duration.ofHours(24);
        };
        Duration bucket = switch (range) {
            case "7d" -> Duration.ofHours(6);
            case "30d" -> Duration.ofDays(1);
            default -> Duration.ofHours(1);
        };
        String volume = Json.write(c.stats().volume(Set.of(t.id()), null, span, bucket));
        SearchPage model = new SearchPage("/t/" + t.id() + "/search", sql, result, error, page, range, volume);
        if (result != null && page > model.pages()) model = new SearchPage(model.base(), sql, result, null, model.pages(), range, volume);
        pages.render(ctx, "search.jte", pages.chrome(ctx, p, t, "Search", "search"), Map.of("page", model));
    }

    private void csv(Context ctx, Principal p, Tenant t) {
        QueryResult result = c.queries().run(sql(ctx), Set.of(t.id()), MAX_ROWS, TIMEOUT);
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"maillake-" + t.id() + "-search.csv\"")
                .result(Csv.of(result));
    }

    private static String sql(Context ctx) {
        String q = ctx.queryParam("q");
        return q == null || q.isBlank() ? SearchPage.EXAMPLES.get(0).sql() : q;
    }
}
