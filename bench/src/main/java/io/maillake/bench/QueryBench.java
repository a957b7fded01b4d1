package io.maillake.bench;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.QueryResult;
import io.maillake.lake.QueryScope;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.lake.embedded.QueryEngine;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Query latency over a large lake (default 10,000,000 events of the three log types), built by
 * normalising simulator records and committing them straight to the lake in 50,000-event files
 * (the size compaction produces). Reports the median of repeated runs of the analyst queries the
 * issue names, through the same locked-down engine {@code maillake query} uses.
 *
 * <pre>bench/run queries [events] [lake-dir-to-keep]</pre>
 */
public final class QueryBench {
    static final int FILE_ROWS = 50_000;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("maillake-queries");
        boolean keep = args.length > 1;
        try (EmbeddedLake lake = new EmbeddedLake(dir.resolve("lake"), Clock.systemUTC())) {
            if (lake.lastFileSequence() == 0) build(lake, events);
            QueryEngine q = lake.queryEngine();
            QueryResult total = q.query("select count(*) from email_events", QueryScope.all(), 1, Duration.ofMinutes(5));
            System.out.printf("lake: %,d events%n", ((Number) total.rows().get(0).get(0)).longValue());
            String recipient = (String) q.query("select recipient from email_events where log_type = 'url' limit 1",
                    QueryScope.all(), 1, Duration.ofMinutes(1)).rows().get(0).get(0);
            time(q, "select 1");
            time(q, "select log_type, count(*) from email_events group by 1");
            time(q, "select * exclude (ocsf) from email_events where recipient = '" + recipient + "' order by time desc limit 100");
            time(q, "select * from email_events where recipient = '" + recipient + "' order by time desc limit 100");
            time(q, "select time, log_type, sender, url, file_name, verdict, action from email_events where recipient = '"
                    + recipient + "' order by time desc limit 100");
            time(q, "select date_trunc('day', time) d, count(*) from email_events where verdict = 'malicious' group by 1 order by 1");
        } finally {
            if (!keep) IngestBench.deleteTree(dir);
        }
    }

    static void time(QueryEngine q, String sql) {
        double[] ms = new double[15];
        int rows = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            rows = q.query(sql, QueryScope.all(), 10_000, Duration.ofMinutes(1)).rows().size();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("%6.0f ms median (range %s ms, %d rows): %s%n", Stats.median(ms), Stats.range(ms), rows,
                sql.length() > 110 ? sql.substring(0, 110) + "..." : sql);
    }

    /** Normalised simulator records of three log types, written in sorted 50,000-event files. */
    static void build(EmbeddedLake lake, long events) {
        Instant now = Instant.parse("2026-10-01T00:00:00Z");
        double perMinute = 3000;
        Duration history = Duration.ofMinutes((long) Math.ceil(events / perMinute));
        long t0 = System.nanoTime();
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(9).history(history)
                .eventsPerMinute(io.maillake.simulator.LogType.URL, perMinute * 0.7)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, perMinute * 0.2)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, perMinute * 0.1)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build())) {
            MyNetworks networks = MyNetworks.parse(sim.account(0).domains(), MyNetworks.PRIVATE_RANGES);
            long written = 0;
            for (LogType type : LogType.values()) {
                StreamKey key = new StreamKey("bench", "bench-" + type.id(), type);
                Normaliser.Context ctx = new Normaliser.Context(key.tenantId(), key.integrationId(), networks, now, now);
                OrdinalCounter ordinals = new OrdinalCounter();
                List<EmailEvent> batch = new ArrayList<>(FILE_ROWS);
                long[] version = {0};
                Instant[] last = {now.minus(history)};
                sim.forEachTruth(0, io.maillake.simulator.LogType.valueOf(type.name()), now.minus(history), now, e -> {
                    batch.add(Normaliser.normalise(type, e.json(), ctx, ordinals));
                    last[0] = e.time();
                    if (batch.size() == FILE_ROWS) {
                        version[0] = lake.commit(key, batch, version[0], new StreamCursor(last[0], last[0], null, version[0])).version();
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) lake.commit(key, batch, version[0], new StreamCursor(now, now, null, version[0]));
                written += lake.stats(key).events();
                System.out.printf("built %s: %,d events so far (%.0f s)%n", type.id(), written, (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
