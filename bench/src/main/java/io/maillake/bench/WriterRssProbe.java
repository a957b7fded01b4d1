package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import io.maillake.domain.Direction;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.mimecast.LogType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of the lake's write path alone, in one process over a long life: commits of
 * 1,000-event batches (each a Parquet file and a catalog transaction), a look-up of landed uids
 * every 100 and a compaction every 400, RSS printed every 200; with {@code query}, also a query
 * over the whole lake after each commit (each sees a new catalog generation, so a new query database);
 * with {@code detect}, the detection engine (every built-in rule) over each new file. Run it with the heap pre-touched so
 * only native memory can move: {@code BENCH_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" bench/run writer-rss 2001 [query|detect]}.
 */
public final class WriterRssProbe {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("maillake-writer-rss");
        int batches = a.length > 0 ? Integer.parseInt(a[0]) : 2001;
        boolean query = a.length > 1 && a[1].equals("query");
        boolean detect = a.length > 1 && a[1].equals("detect");
        try (Maillake app = Maillake.open(dir, Map.of(), Clock.systemUTC())) {
            EmbeddedLake lake = app.lake();
            var engine = app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES);
            StreamKey key = new StreamKey("default", "probe", LogType.URL);
            StreamCursor cursor = StreamCursor.INITIAL;
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            String raw = "{\"userEmailAddress\":\"a@b.c\",\"url\":\"http://x.y/" + "p".repeat(500) + "\"}";
            for (int b = 0; b < batches; b++) {
                List<EmailEvent> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    t = t.plusMillis(100);
                    batch.add(new EmailEvent(String.format("%016x%016x", b, i), t, t, "default", "probe", LogType.URL, 4009, 3, 1, 1, 1,
                            Direction.INBOUND, "s@x.y", "r" + (i % 50) + "@b.c", "subject " + i, "<m" + i + "@x>", "http://x.y/" + i, null, null, null,
                            "1.2.3.4", "clean", "allow", "policy", raw));
                }
                cursor = lake.commit(key, batch, cursor.version(), new StreamCursor(t, null, null, cursor.version()));
                if (b % 100 == 0) lake.landedUids(key, t.minusSeconds(600), t);
                if (detect) engine.runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
                if (query) lake.queryEngine().query("select count(*) from email_events where recipient = 'r1@b.c'", (java.util.Set<String>) null, 10,
                        Duration.ofSeconds(30));
                if (b % 200 == 0) {
                    if (b % 400 == 0) lake.compact();
                    System.out.println(b + " batches: RSS " + DrainRssBench.rssKb(ProcessHandle.current().pid()) / 1024 + " MB");
                }
            }
        }
    }
}
