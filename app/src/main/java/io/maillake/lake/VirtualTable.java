package io.maillake.lake;

import java.util.List;
import java.util.Set;

/**
 * A table a query can read beside {@code email_events}, filled for each query with the caller's
 * tenants' rows (for example {@code detections}). Values: String, Integer, Long, Boolean,
 * java.time.Instant (TIMESTAMP) and List&lt;String&gt; (VARCHAR[]).
 */
public interface VirtualTable {
    String name();

    /** Columns with DuckDB types: VARCHAR, INTEGER, BIGINT, BOOLEAN, TIMESTAMP, VARCHAR[]. */
    List<LakeSchema.Column> columns();

    /** The rows the given tenants may see (null: every tenant). */
    List<List<Object>> rows(Set<String> tenants);
}
