package io.maillake.web.api;

import io.javalin.http.Context;
import io.maillake.auth.Principal;
import io.maillake.lake.QueryResult;
import io.maillake.web.ApiException;
import io.maillake.web.Console;
import io.maillake.web.Csv;
import io.maillake.web.Json;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-only SQL over the caller's tenants: {@code email_events} holds only their events, whatever
 * the query says. Writes, files, the network and settings are refused by the query engine.
 */
final class QueryApi {
    static final int DEFAULT_ROWS = 1_000;
    static final int MAX_ROWS = 10_000;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 60;
    private final Console c;

    QueryApi(Console c) {
        this.c = c;
    }

    /**
     * @param tenants which of the caller's tenants to query (default: all of them)
     */
    record QueryRequest(String sql, List<String> tenants, Integer maxRows, Integer timeoutSeconds) { }

    record QueryResponse(List<QueryResult.Column> columns, List<List<Object>> rows, boolean truncated, long elapsedMs,
                         List<String> tenants) { }

    void register(ApiRoutes r) {
        r.post("/api/v1/query", c.access().caller(this::query));
    }

    private void query(Context ctx, Principal p) {
        QueryRequest q = Json.body(ctx, QueryRequest.class);
        if (q.sql() == null || q.sql().isBlank()) throw ApiException.badRequest("sql: is required");
        Set<String> tenants = scope(p, q.tenants());
        int rows = bounded("maxRows", q.maxRows(), DEFAULT_ROWS, MAX_ROWS);
        int seconds = bounded("timeoutSeconds", q.timeoutSeconds(), DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        QueryResult result = c.queries().run(q.sql(), tenants, rows, Duration.ofSeconds(seconds));
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/csv")) {
            ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"maillake-query.csv\"")
                    .result(Csv.of(result));
            return;
        }
        ctx.json(new QueryResponse(result.columns(), result.rows(), result.truncated(), result.elapsed().toMillis(), List.copyOf(tenants)));
    }

    /** The requested tenants, each of which must be the caller's; none requested: all the caller's. */
    static Set<String> scope(Principal p, List<String> requested) {
        if (requested == null || requested.isEmpty()) return Set.copyOf(p.tenants());
        Set<String> out = new LinkedHashSet<>();
        for (String t : requested) {
            p.requireTenant(t);
            out.add(t);
        }
        return out;
    }

    private static int bounded(String field, Integer value, int fallback, int max) {
        if (value == null) return fallback;
        if (value < 1 || value > max) throw new ApiException(400, "invalid_input", field + ": must be from 1 to " + max);
        return value;
    }
}
