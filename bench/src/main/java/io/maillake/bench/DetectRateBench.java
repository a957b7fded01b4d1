package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import io.maillake.simulator.LogType;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Evaluation rate of the detection engine with every built-in rule on, over a large lake (default
 * 10,000,000 events of the three log types with the simulator's planted patterns at their default
 * rates), built straight through the lake in 50,000-event files. Reports events evaluated per second
 * of {@code detect --once} over the whole backlog, and what it found.
 *
 * <pre>bench/run detect-rate [events] [data-dir-to-keep]</pre>
 * With a kept data directory, a second run re-evaluates the same lake (the detections are reset).
 */
public final class DetectRateBench {
    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("maillake-detect-rate");
        boolean keep = args.length > 1;
        Instant now = Instant.parse("2026-10-01T00:00:00Z");
        double perMinute = 3000;
        Duration history = Duration.ofMinutes((long) Math.ceil(events / perMinute));
        SimulatorConfig config = SimulatorConfig.builder().port(0).seed(9).history(history).duplicateRate(0.01).lateFraction(0)
                .eventsPerMinute(LogType.URL, perMinute * 0.7).eventsPerMinute(LogType.ATTACHMENT, perMinute * 0.2)
                .eventsPerMinute(LogType.IMPERSONATION, perMinute * 0.1).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        try {
            long total;
            try (Maillake app = Maillake.open(dir, Map.of(), Clock.systemUTC())) {
                if (app.lake().lastFileSequence() == 0) SimulatedLake.build(app, config, now, QueryBench.FILE_ROWS, (e, p) -> { });
                total = ((Number) app.queries().run("select count(*) from email_events", null, 1, Duration.ofMinutes(5))
                        .rows().getFirst().getFirst()).longValue();
            }
            Files.deleteIfExists(dir.resolve("detections.db"));
            Files.deleteIfExists(dir.resolve("detections.db-wal"));
            Files.deleteIfExists(dir.resolve("detections.db-shm"));
            try (Maillake app = Maillake.open(dir, Map.of(), Clock.systemUTC())) {
                System.out.printf("lake: %,d events in %d files; evaluating %d built-in rules%n", total, app.lake().lastFileSequence(),
                        app.rules().builtIn().size());
                long t0 = System.nanoTime();
                DetectionEngine.Report r = app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES)
                        .runUntilCaughtUp(Duration.ofHours(2), DetectionEngine.Listener.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("evaluated %,d events in %.1f s = %,.0f events/s (%d steps, %d detections, %d evidence events)%n",
                        total, seconds, total / seconds, r.steps().size(), r.newDetections(), r.evidence());
                long commit = Math.round(seconds * 1000) - r.millisByRule().values().stream().mapToLong(Long::longValue).sum();
                r.evidenceByRule().forEach((rule, n) -> System.out.printf("  %-36s %,9d evidence events %,8d ms%n", rule, n,
                        r.millisByRule().getOrDefault(rule, 0L)));
                System.out.printf("  %-36s %,25d ms%n", "storing detections (SQLite)", commit);
                if (!r.failures().isEmpty()) System.out.println("FAILURES: " + r.failures());
            }
        } finally {
            if (!keep) IngestBench.deleteTree(dir);
        }
    }
}
