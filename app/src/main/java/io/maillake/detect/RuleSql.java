package io.maillake.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL a rule runs as, built around its conditions. A rule's own SQL is embedded, each piece on
 * lines of its own and in parentheses; it is untrusted and only ever runs through the locked-down
 * {@link io.maillake.lake.embedded.QueryEngine}, scoped to the rule's tenants.
 */
final class RuleSql {
    /** The columns every evidence query returns, in this order, then {@code group_key}. */
    static final List<String> EVIDENCE_COLUMNS = List.of("event_uid", "tenant_id", "time", "log_type", "direction", "sender",
            "recipient", "subject", "url", "file_name", "file_sha256", "sender_domain", "verdict", "action", "integration_id");

    /**
     * {@code email_events} without the derived {@code ocsf} column (it is costly and rules do not need it),
     * with the sender's and recipient's domains added.
     */
    static final String EVENTS = "e AS (SELECT * EXCLUDE (ocsf), " + domainOf("sender") + " AS sender_domain, "
            + domainOf("recipient") + " AS recipient_domain FROM email_events)";

    /**
     * The lower-case domain of an address column ({@code a@b.example} or {@code Name <a@b.example>}),
     * null without an {@code @}; string functions rather than a regular expression, as this runs on every row.
     */
    private static String domainOf(String column) {
        return "CASE WHEN contains(" + column + ", '@') THEN nullif(lower(rtrim(trim(split_part(" + column
                + ", '@', -1)), '>. ')), '') END";
    }

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RuleSql() { }

    static String cond(String sql) {
        return "(\n" + sql + "\n)";
    }

    static String evidenceColumns(String alias) {
        return EVIDENCE_COLUMNS.stream().map(c -> alias + "." + c).collect(Collectors.joining(", "));
    }

    /** The group key: the JSON list of the group_by values. */
    static String groupKey(Rule rule, String alias) {
        return "to_json([" + rule.groupBy().stream().map(c -> "CAST(" + alias + "." + c + " AS VARCHAR)")
                .collect(Collectors.joining(", ")) + "])::VARCHAR";
    }

    static String timestamp(Instant t) {
        return "TIMESTAMP '" + TS.format(t) + "'";
    }

    static String interval(Duration d) {
        return "INTERVAL " + d.toSeconds() + " SECOND";
    }

    /** Every event the condition selects. */
    static String each(Rule rule) {
        return "WITH " + EVENTS + "\nSELECT " + evidenceColumns("e") + ", " + groupKey(rule, "e") + " AS group_key FROM e WHERE "
                + cond(rule.where());
    }

    /** The time span of the new events a windowed rule may be about (its {@code where} or its second condition). */
    static String span(Rule rule) {
        String c = cond(rule.where());
        if (rule.logic() instanceof Logic.FollowedBy f) c = c + " OR " + cond(f.then());
        return "WITH " + EVENTS + "\nSELECT min(time), max(time) FROM e WHERE " + c;
    }

    /**
     * Events in windows of {@code within} where at least {@code atLeast} distinct values meet, among
     * the events of [from - within, to + within]: every window holding a new event lies inside.
     */
    static String threshold(Rule rule, Logic.Threshold t, Instant from, Instant to) {
        String w = interval(t.within());
        return "WITH " + EVENTS + ",\n"
                + "c0 AS (SELECT " + evidenceColumns("e") + ", " + groupKey(rule, "e") + " AS group_key, CAST(e." + t.distinct()
                + " AS VARCHAR) AS dv FROM e WHERE " + cond(rule.where()) + "\n AND e.time BETWEEN " + timestamp(from) + " - " + w
                + " AND " + timestamp(to) + " + " + w + "),\n"
                // only groups that reach the threshold at all need the sliding window (most malicious URLs are seen once)
                + "big AS (SELECT tenant_id, group_key FROM c0 GROUP BY tenant_id, group_key HAVING count(DISTINCT dv) >= " + t.atLeast() + "),\n"
                + "c AS (SELECT c0.* FROM c0 SEMI JOIN big ON c0.tenant_id = big.tenant_id AND c0.group_key = big.group_key),\n"
                + "w AS (SELECT tenant_id, group_key, time, count(DISTINCT dv) OVER (PARTITION BY tenant_id, group_key ORDER BY time "
                + "RANGE BETWEEN " + w + " PRECEDING AND CURRENT ROW) AS n FROM c),\n"
                + "ends AS (SELECT DISTINCT tenant_id, group_key, time AS end_time FROM w WHERE n >= " + t.atLeast() + ")\n"
                + "SELECT DISTINCT " + evidenceColumns("c") + ", c.group_key, c.dv FROM c JOIN ends ON c.tenant_id = ends.tenant_id "
                + "AND c.group_key = ends.group_key AND c.time BETWEEN ends.end_time - " + w + " AND ends.end_time";
    }

    /**
     * Pairs (a, b): b follows a within the window and {@code on} holds; among events around [from, to].
     * Returns only the two uids and the group key: the join then reads few columns and stays in memory.
     */
    static String followedBy(Rule rule, Logic.FollowedBy f, Instant from, Instant to) {
        String w = interval(f.within());
        return "WITH " + EVENTS + ",\n"
                + "a AS (SELECT * FROM e WHERE " + cond(rule.where()) + "\n AND e.time BETWEEN " + timestamp(from) + " - " + w
                + " AND " + timestamp(to) + "),\n"
                + "b AS (SELECT * FROM e WHERE " + cond(f.then()) + "\n AND e.time BETWEEN " + timestamp(from) + " AND "
                + timestamp(to) + " + " + w + ")\n"
                + "SELECT a.event_uid, b.event_uid, " + groupKey(rule, "a") + " FROM a JOIN b ON a.tenant_id = b.tenant_id "
                + "AND b.time >= a.time AND b.time <= a.time + " + w + " AND a.event_uid <> b.event_uid AND " + cond(f.on());
    }

    /** The evidence columns of the events with these uids, among events of [from, to]. */
    static String eventsByUid(List<String> uids, Instant from, Instant to) {
        return "WITH " + EVENTS + "\nSELECT " + evidenceColumns("e") + ", NULL AS group_key FROM e WHERE e.time BETWEEN "
                + timestamp(from) + " AND " + timestamp(to) + " AND e.event_uid IN ("
                + uids.stream().map(RuleSql::literal).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The distinct (tenant, value) pairs of a look-alike rule's column among the new events. For a derived
     * domain column the addresses are read instead (far fewer distinct values than rows; the domain is
     * taken in Java), which keeps the scan to one dictionary-encoded column.
     */
    static String lookalikeCandidates(Rule rule, Logic.Lookalike l) {
        String col = sourceColumn(l.column());
        return "WITH " + EVENTS + "\nSELECT DISTINCT tenant_id, CAST(" + col + " AS VARCHAR) FROM e WHERE "
                + cond(rule.where()) + "\n AND " + col + " IS NOT NULL";
    }

    /** The new events whose (tenant, value) is one of {@code keys} ({@code tenant|value}, escaped here). */
    static String lookalikeEvents(Rule rule, Logic.Lookalike l, List<String> keys) {
        String col = sourceColumn(l.column());
        String in = keys.stream().map(RuleSql::literal).collect(Collectors.joining(", "));
        return "WITH " + EVENTS + "\nSELECT " + evidenceColumns("e") + ", " + groupKey(rule, "e") + " AS group_key, CAST(e."
                + col + " AS VARCHAR) AS matched FROM e WHERE " + cond(rule.where()) + "\n AND (e.tenant_id || '|' || CAST(e."
                + col + " AS VARCHAR)) IN (" + in + ")";
    }

    /** The stored column a derived domain column comes from. */
    static String sourceColumn(String column) {
        return switch (column) {
            case "sender_domain" -> "sender";
            case "recipient_domain" -> "recipient";
            default -> column;
        };
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
