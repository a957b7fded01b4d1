package io.maillake.web.ui;

import io.maillake.lake.QueryResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The Search page: a SQL box with saved examples, results paged in a table (each sender,
 * recipient, URL, hash or IP a link that pivots on it), CSV and Parquet downloads, and a chart of
 * events over time by log type.
 *
 * @param result null when the query failed ({@code error} says why)
 */
public record SearchPage(String base, String sql, QueryResult result, String error, int page, String range, String volumeJson) {
    public static final int PAGE_SIZE = 50;
    private static final Set<String> PIVOTS = Set.of("sender", "recipient", "url", "file_sha256", "src_ip", "message_id");
    private static final int MAX_CELL = 300;

    /** A saved example query. */
    public record Example(String id, String title, String sql) { }

    public static final List<Example> EXAMPLES = List.of(
            new Example("latest", "Latest events", """
                    SELECT time, log_type, direction, sender, recipient, subject, verdict, action
                    FROM email_events
                    ORDER BY time DESC
                    LIMIT 500"""),
            new Example("malicious-clicks", "Malicious URL clicks that were allowed", """
                    SELECT time, recipient, url, verdict, action, policy
                    FROM email_events
                    WHERE log_type = 'url' AND lower(verdict) = 'malicious' AND lower(action) <> 'block'
                    ORDER BY time DESC
                    LIMIT 500"""),
            new Example("overrides", "User and admin overrides of URL Protect", """
                    SELECT time, recipient, url, verdict,
                           json_extract_string(raw, '$.userOverride') AS user_override,
                           json_extract_string(raw, '$.adminOverride') AS admin_override
                    FROM email_events
                    WHERE log_type = 'url'
                      AND (coalesce(json_extract_string(raw, '$.userOverride'), 'None') NOT IN ('None', 'N/A', '')
                        OR coalesce(json_extract_string(raw, '$.adminOverride'), 'N/A') NOT IN ('None', 'N/A', ''))
                    ORDER BY time DESC
                    LIMIT 500"""),
            new Example("attachments-by-hash", "Attachments by hash", """
                    SELECT file_sha256, any_value(file_name) AS file_name, count(*) AS events,
                           count(DISTINCT recipient) AS recipients, list(DISTINCT verdict) AS verdicts,
                           min(time) AS first_seen, max(time) AS last_seen
                    FROM email_events
                    WHERE log_type = 'attachment' AND file_sha256 IS NOT NULL
                    GROUP BY file_sha256
                    ORDER BY events DESC
                    LIMIT 200"""),
            new Example("impersonation-by-recipient", "Impersonation attempts by recipient", """
                    SELECT recipient, count(*) AS events,
                           count(*) FILTER (WHERE lower(verdict) = 'malicious') AS malicious,
                           list(DISTINCT sender) AS senders, max(time) AS last_seen
                    FROM email_events
                    WHERE log_type = 'impersonation'
                    GROUP BY recipient
                    ORDER BY events DESC
                    LIMIT 200"""),
            new Example("per-day", "Events per day and log type", """
                    SELECT CAST(time AS DATE) AS day, log_type, count(*) AS events
                    FROM email_events
                    GROUP BY ALL
                    ORDER BY day DESC, log_type"""));

    public boolean hasResult() { return result != null; }
    public int rowCount() { return result == null ? 0 : result.rows().size(); }
    public int pages() { return Math.max(1, (rowCount() + PAGE_SIZE - 1) / PAGE_SIZE); }
    public int firstRow() { return rowCount() == 0 ? 0 : (page - 1) * PAGE_SIZE + 1; }
    public int lastRow() { return Math.min(page * PAGE_SIZE, rowCount()); }

    public List<List<Object>> pageRows() {
        if (result == null || rowCount() == 0) return List.of();
        return result.rows().subList(firstRow() - 1, lastRow());
    }

    public long elapsedMs() { return result == null ? 0 : result.elapsed().toMillis(); }

    public String pageUrl(int n) { return base + "?q=" + enc(sql) + "&page=" + n + "&range=" + range; }
    public String rangeUrl(String r) { return base + "?q=" + enc(sql) + "&range=" + r; }
    public String csvUrl() { return base + ".csv?q=" + enc(sql); }
    public String exampleUrl(Example e) { return base + "?q=" + enc(e.sql()) + "&range=" + range; }

    public String columnName(int i) { return result.columns().get(i).name(); }

    /** A link that searches for every event with this value, or null when the column is not one to pivot on. */
    public String pivotUrl(int column, Object value) {
        if (value == null || result == null) return null;
        String name = columnName(column);
        if (!PIVOTS.contains(name)) return null;
        return base + "?q=" + enc(pivotSql(name, value.toString())) + "&range=" + range;
    }

    /** Every event whose {@code column} (one to pivot on: sender, recipient, url, file_sha256, ...) has this value, newest first. */
    public static String pivotSql(String column, String value) {
        if (!PIVOTS.contains(column)) throw new IllegalArgumentException("not a pivot column: " + column);
        return "SELECT time, log_type, direction, sender, recipient, subject, url, file_name, verdict, action\n"
                + "FROM email_events\nWHERE " + column + " = '" + value.replace("'", "''") + "'\nORDER BY time DESC\nLIMIT 500";
    }

    public String cell(Object value) {
        if (value == null) return "";
        String s = value instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : value.toString();
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL) + "…" : s;
    }

    public boolean isNumber(Object value) { return value instanceof Number; }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
