package io.maillake.lake;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The stored columns of {@code email_events}, in file order (DESIGN.md, "Lake"). The {@code ocsf}
 * column is not stored: the query view derives it from these when it is read.
 */
public final class LakeSchema {
    /** A stored column and its DuckDB type. */
    public record Column(String name, String type) { }

    public static final List<Column> COLUMNS = List.of(
            new Column("event_uid", "VARCHAR"),
            new Column("time", "TIMESTAMP"),
            new Column("ingested_at", "TIMESTAMP"),
            new Column("tenant_id", "VARCHAR"),
            new Column("integration_id", "VARCHAR"),
            new Column("log_type", "VARCHAR"),
            new Column("class_uid", "INTEGER"),
            new Column("activity_id", "INTEGER"),
            new Column("action_id", "INTEGER"),
            new Column("disposition_id", "INTEGER"),
            new Column("severity_id", "INTEGER"),
            new Column("direction", "VARCHAR"),
            new Column("sender", "VARCHAR"),
            new Column("recipient", "VARCHAR"),
            new Column("subject", "VARCHAR"),
            new Column("message_id", "VARCHAR"),
            new Column("url", "VARCHAR"),
            new Column("file_name", "VARCHAR"),
            new Column("file_type", "VARCHAR"),
            new Column("file_sha256", "VARCHAR"),
            new Column("src_ip", "VARCHAR"),
            new Column("verdict", "VARCHAR"),
            new Column("action", "VARCHAR"),
            new Column("policy", "VARCHAR"),
            new Column("raw", "VARCHAR"));

    private LakeSchema() { }

    /** {@code name TYPE, ...} for CREATE TABLE. */
    public static String ddl() {
        return COLUMNS.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
    }

    /** Column names, comma-separated. */
    public static String names() {
        return COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** The select list of the table as users see it: the stored columns with {@code ocsf} before {@code raw}, as DESIGN.md lists them. */
    public static String namesWithOcsf(String ocsf) {
        return COLUMNS.stream().map(Column::name).filter(n -> !n.equals("raw")).collect(Collectors.joining(", "))
                + ", " + ocsf + " AS ocsf, raw";
    }

    /**
     * The SQL expression of the derived {@code ocsf} column, computed by the
     * {@code maillake_ocsf} function every query connection registers.
     */
    public static final String OCSF_EXPRESSION =
            "maillake_ocsf(log_type, raw, event_uid, time, ingested_at, tenant_id, integration_id, direction)";
}
