package io.maillake.lake;

import java.time.Instant;
import java.util.Set;

/**
 * What a query may see: the events of some tenants (null: every tenant, for local operators) and,
 * for readers that work through the lake in order such as the detection engine, only the files
 * registered after one sequence number and up to another, and only the files that may hold events
 * of a time range.
 *
 * @param from files whose events all lie before this instant are left out (null: no bound). The query must itself
 *             select no event outside {@code [from, to]}: the bounds only spare it reading files that cannot
 *             contribute, so the answer stays the same however large the lake grows.
 * @param to   files whose events all lie after this instant are left out (null: no bound)
 */
public record QueryScope(Set<String> tenants, long afterFileSeq, long upToFileSeq, Instant from, Instant to) {
    public QueryScope {
        tenants = tenants == null ? null : Set.copyOf(tenants);
    }

    public QueryScope(Set<String> tenants, long afterFileSeq, long upToFileSeq) {
        this(tenants, afterFileSeq, upToFileSeq, null, null);
    }

    public static QueryScope tenants(Set<String> tenants) {
        return new QueryScope(tenants, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static QueryScope all() {
        return tenants(null);
    }

    /** This scope narrowed to the files that may hold events in {@code [from, to]}. */
    public QueryScope within(Instant newFrom, Instant newTo) {
        return new QueryScope(tenants, afterFileSeq, upToFileSeq, newFrom, newTo);
    }

    /** Every file and every time: the scope of a query over a tenant's whole lake. */
    public boolean wholeLake() {
        return afterFileSeq == Long.MIN_VALUE && upToFileSeq == Long.MAX_VALUE && from == null && to == null;
    }
}
