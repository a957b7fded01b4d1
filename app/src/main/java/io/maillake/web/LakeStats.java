package io.maillake.web;

import io.maillake.lake.QueryResult;
import io.maillake.service.Queries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Figures the console shows beside stream status, computed by read-only queries through the
 * tenant-scoped query engine: events per stream in the last 24 hours, and event volume over time.
 * Counts are kept until the lake changes (a new file) or briefly, so a page refresh does not scan
 * the lake again.
 */
public final class LakeStats {
    /** How long a tenant's 24-hour counts are reused: fresh enough for a status page, cheap under refreshes. */
    static final Duration CACHE_FOR = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Queries queries;
    private final Clock clock;
    private final LongSupplier lakeVersion;
    private final Map<String, Cached<Map<String, Long>>> counts = new ConcurrentHashMap<>();
    private final Map<String, Cached<Volume>> volumes = new ConcurrentHashMap<>();
    /** Cached entries kept at most (tenants x charts); beyond this the cache starts afresh. */
    private static final int MAX_CACHED = 1_000;

    private record Cached<T>(Instant at, long version, T value) {
        boolean fresh(long v, Instant now) {
            return version == v && at.plus(CACHE_FOR).isAfter(now);
        }
    }

    /** Event counts per time bucket and log type, for a chart: {@code x} in epoch seconds. */
    public record Volume(List<Long> x, Map<String, List<Long>> series, long bucketSeconds) { }

    /**
     * @param lakeVersion grows whenever files are added to the lake (its last file sequence)
     */
    public LakeStats(Queries queries, Clock clock, LongSupplier lakeVersion) {
        this.queries = queries;
        this.clock = clock;
        this.lakeVersion = lakeVersion;
    }

    /** Events of each stream of a tenant in the last 24 hours, keyed by {@link #key}. */
    public Map<String, Long> last24h(String tenantId) {
        Instant now = clock.instant();
        long version = lakeVersion.getAsLong();
        Cached<Map<String, Long>> c = counts.get(tenantId);
        if (c != null && c.fresh(version, now)) return c.value();
        QueryResult r = queries.run("SELECT integration_id, log_type, count(*) FROM email_events WHERE time >= " + literal(now.minus(Duration.ofHours(24)))
                + " GROUP BY ALL", Set.of(tenantId), 100_000, TIMEOUT);
        Map<String, Long> out = new HashMap<>();
        for (List<Object> row : r.rows()) out.put(key((String) row.get(0), (String) row.get(1)), ((Number) row.get(2)).longValue());
        if (counts.size() > MAX_CACHED) counts.clear();
        counts.put(tenantId, new Cached<>(now, version, out));
        return out;
    }

    public static String key(String integrationId, String logType) {
        return integrationId + "/" + logType;
    }

    /**
     * @param integrationId null: every integration of the tenants
     */
    public Volume volume(Set<String> tenants, String integrationId, Duration range, Duration bucket) {
        Instant at = clock.instant();
        long version = lakeVersion.getAsLong();
        String key = new java.util.TreeSet<>(tenants) + "|" + integrationId + "|" + range + "|" + bucket;
        Cached<Volume> c = volumes.get(key);
        if (c != null && c.fresh(version, at)) return c.value();
        Volume v = computeVolume(tenants, integrationId, range, bucket);
        if (volumes.size() > MAX_CACHED) volumes.clear();
        volumes.put(key, new Cached<>(at, version, v));
        return v;
    }

    private Volume computeVolume(Set<String> tenants, String integrationId, Duration range, Duration bucket) {
        long b = bucket.toSeconds();
        long now = clock.instant().getEpochSecond();
        long first = (now - range.toSeconds()) / b;
        long last = now / b;
        String where = "time >= " + literal(Instant.ofEpochSecond(first * b))
                + (integrationId == null ? "" : " AND integration_id = " + quote(integrationId));
        QueryResult r = queries.run("SELECT CAST(floor(epoch(time) / " + b + ") AS BIGINT) AS bucket, log_type, count(*) FROM email_events WHERE "
                + where + " GROUP BY ALL", tenants, 1_000_000, TIMEOUT);
        List<Long> x = new ArrayList<>();
        for (long i = first; i <= last; i++) x.add(i * b);
        Map<String, List<Long>> series = new LinkedHashMap<>();
        for (String type : List.of("url", "impersonation", "attachment")) series.put(type, zeros(x.size()));
        for (List<Object> row : r.rows()) {
            int index = (int) (((Number) row.get(0)).longValue() - first);
            if (index < 0 || index >= x.size()) continue;
            series.computeIfAbsent((String) row.get(1), k -> zeros(x.size())).set(index, ((Number) row.get(2)).longValue());
        }
        return new Volume(x, series, b);
    }

    private static List<Long> zeros(int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(0L);
        return out;
    }

    private static String literal(Instant t) {
        return "TIMESTAMP '" + SQL_TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + "'";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
