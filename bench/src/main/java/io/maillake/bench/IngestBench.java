package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.lake.QueryResult;
import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * End-to-end ingest, simulator to lake, in one process: a backlog of URL clicks (default 1,000,000)
 * drained by {@code collect --once} through the real HTTP client, normaliser and lake. Reports
 * events/s, Mimecast calls per 1,000 events against the minimum, lake bytes per event, and peak RSS
 * sampled while draining.
 *
 * <pre>bench/run ingest [events] [streams] [cold]</pre>
 * Without {@code cold}, a first drain of the same size on a throw-away integration warms the JIT up and is not
 * measured ({@code -Dwarmup=F} in BENCH_JAVA_OPTS drains F times the backlog instead; {@code -DbatchRows=N} sets the
 * commit size). Prints the whole
 * process's CPU per event, and JIT and GC time, beside the rate.
 */
public final class IngestBench {
    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int integrations = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean warmUp = args.length <= 2 || !args[2].equals("cold");
        double perMinute = 2000;
        Duration history = Duration.ofMinutes((long) Math.ceil(events / perMinute / integrations));
        // the warm-up drains this many times the measured backlog first (on throw-away integrations, one run per backlog's worth), so the JIT has
        // compiled the hot paths and the measured drain shows the rate of a collector that has been running a while
        double warmUpFactor = Double.parseDouble(System.getProperty("warmup", "1"));
        Path dir = Files.createTempDirectory("maillake-ingest");
        SimulatorConfig config = SimulatorConfig.builder().port(0).seed(3).accounts(integrations)
                .history(Duration.ofSeconds((long) (history.toSeconds() * Math.max(1, warmUpFactor))).plusMinutes(5))
                .eventsPerMinute(LogType.URL, perMinute).lateFraction(0).duplicateRate(0.01).build();
        RssSampler rss = new RssSampler();
        try (MimecastSimulator sim = MimecastSimulator.start(config);
             Maillake app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), java.time.Clock.systemUTC())) {
            CollectSettings settings = CollectSettings.defaults().withLookBack(history).withBatchRows(Integer.getInteger("batchRows", CollectSettings.defaults().batchRows()));
            if (warmUp) {
                // JIT warm-up on throw-away integrations, so the measured drain shows the steady state. One run per
                // backlog's worth, each on fresh threads as a long-running serve's runs are: a single long run leaves
                // paths that every new run takes (thread-local set-up, first pages) uncompiled, and the measured run
                // would pay for compiling them
                int runs = (int) Math.max(1, Math.round(warmUpFactor));
                for (int k = 0; k < runs; k++) {
                    var c = sim.account(0).api2();
                    Integration w = app.integrations().add("default", new IntegrationDraft("warm-up-" + k, null, sim.baseUrl().toString(),
                            null, null, null, null, c.clientId(), c.clientSecret(), List.of("url"), true));
                    Duration warmUpBacklog = Duration.ofSeconds((long) (history.toSeconds() * warmUpFactor / runs));
                    try (Collector collector = app.collector(settings.withLookBack(warmUpBacklog))) {
                        collector.collectOnce(null, Collector.Progress.NONE);
                    }
                    app.integrations().update(w.id(), new IntegrationDraft(null, null, null, null, null, null, null, null, null, null, false));
                }
                System.out.println("warm-up done (" + runs + " run" + (runs == 1 ? "" : "s") + ", "
                        + Math.round(history.toMinutes() * warmUpFactor) + " min of backlog)");
            }
            for (int i = 0; i < integrations; i++) {
                var c = sim.account(i).api2();
                app.integrations().add("default", new IntegrationDraft("bench-" + i, null, sim.baseUrl().toString(), null, null,
                        null, null, c.clientId(), c.clientSecret(), List.of("url"), true));
            }
            rss.start();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long jit0 = jit.getTotalCompilationTime();
            long gc0 = gcMillis();
            long t0 = System.nanoTime();
            List<Collector.StreamReport> reports;
            try (Collector collector = app.collector(settings)) {
                reports = collector.collectOnce(null, Collector.Progress.NONE);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            double jitSeconds = (jit.getTotalCompilationTime() - jit0) / 1e3;
            double gcSeconds = (gcMillis() - gc0) / 1e3;
            rss.stop();
            long landed = reports.stream().filter(r -> !r.integration().name().startsWith("warm-up")).mapToLong(Collector.StreamReport::events).sum();
            long calls = reports.stream().filter(r -> !r.integration().name().startsWith("warm-up")).mapToLong(Collector.StreamReport::calls).sum();
            long windows = (long) Math.ceil(history.toMinutes() / 60.0) * integrations;
            QueryResult total = app.queries().run("select count(*) from email_events", null, 1, Duration.ofMinutes(5));
            long lakeRows = ((Number) total.rows().get(0).get(0)).longValue();
            long lakeBytes = size(dir.resolve("lake"));
            System.out.printf("events landed: %,d in %.1f s = %,.0f events/s (%d stream%s, simulator in the same process)%n",
                    landed, seconds, landed / seconds, integrations, integrations == 1 ? "" : "s");
            System.out.printf("CPU: %.1f s of %d cores = %.1f us per event (whole process: simulator, client, normaliser, lake)%n",
                    cpuSeconds, Runtime.getRuntime().availableProcessors(), cpuSeconds * 1e6 / landed);
            System.out.printf("  of which JIT compiling %.1f s, GC pauses %.1f s (wall)%n", jitSeconds, gcSeconds);
            System.out.printf("Mimecast calls: %,d = %.2f per 1,000 events (minimum %.2f + %d windows)%n", calls,
                    calls * 1000.0 / landed, Math.ceil(landed / 500.0) * 1000.0 / landed, windows);
            System.out.printf("lake on disk: %,d bytes for %,d events = %.0f bytes per event (raw record included; catalog too)%n",
                    lakeBytes, lakeRows, lakeBytes / (double) lakeRows);
            System.out.printf("peak RSS of this process (simulator and collector together): %,d MB (JVM -Xmx %d MB)%n",
                    rss.peakKb() / 1024, Runtime.getRuntime().maxMemory() >> 20);
            app.lake().compact();
            QueryResult r = app.queries().run("select count(*), count(distinct event_uid) from email_events", null, 1, Duration.ofMinutes(5));
            System.out.println("rows, distinct uids after compaction: " + r.rows().get(0));
        } finally {
            deleteTree(dir);
        }
    }

    static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static long size(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    /** Samples VmRSS from /proc every 100 ms and keeps the peak (Linux). */
    static final class RssSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak.accumulateAndGet(currentKb(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peakKb() { return peak.get(); }

        static long currentKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
