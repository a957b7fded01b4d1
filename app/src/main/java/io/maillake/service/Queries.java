package io.maillake.service;

import io.maillake.lake.QueryResult;
import io.maillake.lake.embedded.QueryEngine;
import java.time.Duration;
import java.util.Set;

/** Read-only SQL over the lake for a set of tenants, with a row limit and a timeout. */
public final class Queries {
    public static final int DEFAULT_MAX_ROWS = 10_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final QueryEngine engine;

    public Queries(QueryEngine engine) {
        this.engine = engine;
    }

    /**
     * @param tenants the tenants whose events the query sees (null: every tenant, for local operators)
     */
    public QueryResult run(String sql, Set<String> tenants, int maxRows, Duration timeout) {
        return engine.query(sql, tenants, maxRows, timeout);
    }
}
