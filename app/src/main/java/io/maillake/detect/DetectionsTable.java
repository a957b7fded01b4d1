package io.maillake.detect;

import io.maillake.lake.LakeSchema;
import io.maillake.lake.VirtualTable;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code detections} table of {@code maillake query} and the console's SQL page: one row per
 * detection of the caller's tenants, with its evidence's {@code event_uid}s, so that
 * {@code email_events} can be joined on {@code list_contains(d.event_uids, e.event_uid)}.
 *
 * <p>Queries run by the detection engine itself see it empty: rules are over {@code email_events}
 * only, because a rule reading detections would depend on the order in which rules ran, and the
 * engine's result must not.
 */
public final class DetectionsTable implements VirtualTable {
    private static final ThreadLocal<Boolean> ENGINE = ThreadLocal.withInitial(() -> false);

    private static final List<LakeSchema.Column> COLUMNS = List.of(
            new LakeSchema.Column("detection_uid", "VARCHAR"), new LakeSchema.Column("tenant_id", "VARCHAR"),
            new LakeSchema.Column("rule_id", "VARCHAR"), new LakeSchema.Column("title", "VARCHAR"),
            new LakeSchema.Column("severity", "VARCHAR"), new LakeSchema.Column("mitre", "VARCHAR[]"),
            new LakeSchema.Column("status", "VARCHAR"), new LakeSchema.Column("close_reason", "VARCHAR"),
            new LakeSchema.Column("first_seen", "TIMESTAMP"), new LakeSchema.Column("last_seen", "TIMESTAMP"),
            new LakeSchema.Column("event_count", "BIGINT"), new LakeSchema.Column("recipient_count", "BIGINT"),
            new LakeSchema.Column("event_uids", "VARCHAR[]"));

    private final DetectionStore store;

    public DetectionsTable(DetectionStore store) {
        this.store = store;
    }

    /** Runs {@code work} (a query of the engine) with this table empty. */
    static <T> T withoutRows(Supplier<T> work) {
        ENGINE.set(true);
        try {
            return work.get();
        } finally {
            ENGINE.set(false);
        }
    }

    @Override
    public String name() {
        return "detections";
    }

    @Override
    public List<LakeSchema.Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<List<Object>> rows(Set<String> tenants) {
        if (ENGINE.get()) return List.of();
        return store.tableRows(tenants);
    }
}
