package io.maillake.lake;

import java.util.Set;

/**
 * What a query may see: the events of some tenants (null: every tenant, for local operators) and,
 * for readers that work through the lake in order such as the detection engine, only the files
 * registered after one sequence number and up to another.
 */
public record QueryScope(Set<String> tenants, long afterFileSeq, long upToFileSeq) {
    public QueryScope {
        tenants = tenants == null ? null : Set.copyOf(tenants);
    }

    public static QueryScope tenants(Set<String> tenants) {
        return new QueryScope(tenants, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static QueryScope all() {
        return tenants(null);
    }
}
