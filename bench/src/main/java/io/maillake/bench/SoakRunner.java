package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.StreamCursor;
import io.maillake.lake.QueryResult;
import io.maillake.lake.QueryScope;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The soak: {@code maillake serve} collecting many integrations x 3 log types from a simulator with
 * faults on (429 storms, 5xx, slow responses, dropped connections, expired bindings and missing
 * permissions for some accounts), SIGKILLed at random moments and restarted, for a set time. Then
 * it lets every stream catch up and compares the lake with the simulator's ground truth, and prints
 * events expected, landed, lost and duplicated, lag per stream, RSS, threads and open files over
 * time, and Mimecast calls made against the minimum.
 *
 * <pre>bench/run soak [minutes=30] [integrations=200] [data-dir] [no-kills]</pre>
 * With {@code no-kills} one serve process runs the whole time: memory over a long life.
 */
public final class SoakRunner {
    static final Duration LOOK_BACK = Duration.ofHours(1);
    /** Accounts 0..4 (API 1.0 integrations) lose their binding; 5..9 miss the attachment permission. */
    static final int BINDING_EXPIRED = 5;
    static final int MISSING_PERMISSION = 10;

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 30);
        int integrations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path data = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("maillake-soak");
        boolean kill = args.length <= 3 || !args[3].equals("no-kills");
        Files.createDirectories(data);
        Random random = new Random(7);
        SimulatorConfig config = SimulatorConfig.builder().port(0).seed(11).accounts(integrations).history(LOOK_BACK.plusMinutes(5))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 6)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, 1)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 3)
                .lateFraction(0.02).lateDelay(Duration.ofMinutes(4))
                .rateLimit(300, Duration.ofMinutes(1)).build();
        try (MimecastSimulator sim = MimecastSimulator.start(config)) {
            Instant start = Instant.now();
            List<Integration> registered = register(sim, data, integrations);
            sim.faults().add(FaultRule.of(new Fault.RateLimited(Duration.ofSeconds(5))).always().probability(0.02));
            sim.faults().add(FaultRule.of(new Fault.ServerError(503)).always().probability(0.02));
            sim.faults().add(FaultRule.of(new Fault.ServerError(500)).always().probability(0.005));
            sim.faults().add(FaultRule.of(new Fault.SlowHeaders(Duration.ofSeconds(3))).always().probability(0.01));
            sim.faults().add(FaultRule.of(new Fault.DropConnection()).always().probability(0.01));
            sim.faults().add(FaultRule.of(new Fault.TruncatedBody(false)).always().probability(0.005));
            for (int a = 0; a < Math.min(BINDING_EXPIRED, integrations); a++) sim.faults().expireBinding(a);
            for (int a = BINDING_EXPIRED; a < Math.min(MISSING_PERMISSION, integrations); a++) {
                sim.faults().denyPermission(a, io.maillake.simulator.LogType.ATTACHMENT);
            }
            Files.writeString(data.resolve("maillake.properties"), "collect.lookBack=PT1H\ncollect.pollInterval=PT30S\n");
            Path samples = data.resolve("soak-samples.csv");
            ServeProcess serve = new ServeProcess(data);
            List<Integer> kills = new ArrayList<>();
            try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(samples))) {
                csv.println("seconds,pid,rss_mb,threads,open_files,max_lag_s");
                serve.start();
                Instant end = Instant.now().plus(duration);
                Instant nextKill = Instant.now().plusSeconds(60 + random.nextInt(180));
                while (Instant.now().isBefore(end)) {
                    Thread.sleep(10_000);
                    sample(csv, serve, data, start);
                    if (kill && Instant.now().isAfter(nextKill)) {
                        kills.add((int) Duration.between(start, Instant.now()).toSeconds());
                        serve.kill();
                        serve.start();
                        nextKill = Instant.now().plusSeconds(60 + random.nextInt(180));
                    }
                }
                System.out.printf("soak: %d SIGKILLs at seconds %s; letting every stream catch up%n", kills.size(), kills);
                // faults that retry stay on; the run ends when everything that can collect is caught up and mature
                Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
                while (Instant.now().isBefore(deadline) && !caughtUp(data, registered)) {
                    Thread.sleep(10_000);
                    sample(csv, serve, data, start);
                }
                serve.stop();
            }
            report(sim, data, registered, start, kills.size(), samples);
        }
    }

    static List<Integration> register(MimecastSimulator sim, Path data, int n) {
        List<Integration> out = new ArrayList<>();
        List<String> all = List.of("url", "impersonation", "attachment");
        try (Maillake app = Maillake.open(data, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), Clock.systemUTC())) {
            for (int a = 0; a < n; a++) {
                var acc = sim.account(a);
                IntegrationDraft d = a % 2 == 0 || a < BINDING_EXPIRED
                        ? new IntegrationDraft("acct-" + a, null, sim.baseUrl().toString(), acc.api1().appId(), acc.api1().appKey(),
                                acc.api1().accessKey(), acc.api1().secretKey(), null, null, all, true)
                        : new IntegrationDraft("acct-" + a, null, sim.baseUrl().toString(), null, null, null, null,
                                acc.api2().clientId(), acc.api2().clientSecret(), all, true);
                out.add(app.integrations().add("default", d));
            }
        }
        return out;
    }

    /** A stream can collect unless its account's binding expired or it lacks the permission. */
    static boolean canCollect(int account, LogType type) {
        if (account < BINDING_EXPIRED) return false;
        return !(account < MISSING_PERMISSION && type == LogType.ATTACHMENT);
    }

    static int account(Integration i) {
        return Integer.parseInt(i.name().substring("acct-".length()));
    }

    static boolean caughtUp(Path data, List<Integration> registered) {
        try (Maillake app = Maillake.open(data, Map.of(), Clock.systemUTC())) {
            Instant now = Instant.now();
            for (Integration i : registered) {
                for (LogType t : LogType.values()) {
                    if (!canCollect(account(i), t)) continue;
                    StreamCursor c = app.lake().cursor(i.stream(t));
                    if (c.leadTo() == null || c.matureTo() == null) return false;
                    if (Duration.between(c.leadTo(), now).toMinutes() > 2) return false;
                    if (Duration.between(c.matureTo(), now).toMinutes() > 17) return false;
                }
            }
            return true;
        }
    }

    static void sample(PrintWriter csv, ServeProcess serve, Path data, Instant start) {
        long pid = serve.pid();
        long lag = maxLag(data);
        csv.printf("%d,%d,%d,%d,%d,%d%n", Duration.between(start, Instant.now()).toSeconds(), pid, DrainRssBench.rssKb(pid) / 1024,
                status(pid, "Threads:"), openFiles(pid), lag);
        csv.flush();
    }

    static long maxLag(Path data) {
        try (Maillake app = Maillake.open(data, Map.of(), Clock.systemUTC())) {
            long max = 0;
            Instant now = Instant.now();
            for (Integration i : app.store().integrations("default")) {
                for (LogType t : LogType.values()) {
                    if (!canCollect(account(i), t)) continue;
                    StreamCursor c = app.lake().cursor(i.stream(t));
                    if (c.leadTo() != null) max = Math.max(max, Duration.between(c.leadTo(), now).toSeconds());
                }
            }
            return max;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long status(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long openFiles(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static void report(MimecastSimulator sim, Path data, List<Integration> registered, Instant start, int kills, Path samples) throws IOException {
        long expected = 0, landed = 0, lost = 0, duplicated = 0, extra = 0, streams = 0, lagMax = 0;
        Map<String, Long> finalLag = new TreeMap<>();
        try (Maillake app = Maillake.open(data, Map.of(), Clock.systemUTC())) {
            Instant now = Instant.now();
            for (Integration i : registered) {
                int account = account(i);
                for (LogType t : LogType.values()) {
                    if (!canCollect(account, t)) continue;
                    streams++;
                    StreamCursor c = app.lake().cursor(i.stream(t));
                    Instant from = firstEvent(app, i, t);
                    if (from == null) {
                        lost += 1;
                        continue;
                    }
                    Map<String, Integer> truth = multiset(sim.groundTruth(account, io.maillake.simulator.LogType.valueOf(t.name()), from, c.matureTo()));
                    Map<String, Integer> got = landedBefore(app, i, t, c.matureTo());
                    for (var e : truth.entrySet()) {
                        int g = got.getOrDefault(e.getKey(), 0);
                        expected += e.getValue();
                        landed += Math.min(g, e.getValue());
                        if (g < e.getValue()) lost += e.getValue() - g;
                        if (g > e.getValue()) duplicated += g - e.getValue();
                    }
                    for (var e : got.entrySet()) if (!truth.containsKey(e.getKey())) extra += e.getValue();
                    long lag = Duration.between(c.leadTo(), now).toSeconds();
                    finalLag.merge(t.id(), lag, Math::max);
                }
            }
            QueryResult dup = app.queries().run("select count(*) - count(distinct event_uid) from email_events", (java.util.Set<String>) null, 1, Duration.ofMinutes(5));
            long uidDup = ((Number) dup.rows().get(0).get(0)).longValue();
            List<String> lines = Files.readAllLines(samples);
            for (String l : lines.subList(1, lines.size())) lagMax = Math.max(lagMax, Long.parseLong(l.split(",")[5]));
            long calls = sim.stats().counters().stream().filter(c -> c.path().startsWith("/api/ttp/") && c.status() == 200)
                    .mapToLong(io.maillake.simulator.observe.Stats.Counter::count).sum();
            long allCalls = sim.stats().counters().stream().filter(c -> c.path().startsWith("/api/ttp/"))
                    .mapToLong(io.maillake.simulator.observe.Stats.Counter::count).sum();
            QueryResult total = app.queries().run("select count(*) from email_events", (java.util.Set<String>) null, 1, Duration.ofMinutes(5));
            long events = ((Number) total.rows().get(0).get(0)).longValue();
            System.out.printf("soak of %s with %d SIGKILLs, %d streams that could collect (of %d)%n",
                    Duration.between(start, Instant.now()).toMinutes() + " min", kills, streams, registered.size() * 3);
            System.out.printf("events expected %,d, landed %,d, lost %,d, duplicated %,d, unexpected %,d, duplicate event_uids %,d%n",
                    expected, landed, lost, duplicated, extra, uidDup);
            System.out.printf("lag: max seen %,d s (the first backfill included), final max per log type %s s%n", lagMax, finalLag);
            long seconds = Duration.between(start, Instant.now()).toSeconds();
            long floor = streams * (seconds / 30) + (events + 499) / 500;
            System.out.printf("Mimecast calls: %,d answered 200 (%,d in all, faults and refusals included) for %,d events; "
                    + "floor %,d (one call per stream per 30 s poll + one per 500 events): %.2f x the floor%n",
                    calls, allCalls, events, floor, calls / (double) floor);
            System.out.println("RSS, threads, open files every 10 s: " + samples);
            summarise(lines);
        }
    }

    static void summarise(List<String> lines) {
        long rssMax = 0, threadsMax = 0, filesMax = 0;
        long rssFirst = -1, rssLast = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            long rss = Long.parseLong(f[2]);
            if (rss <= 0) continue;
            if (rssFirst < 0 && Long.parseLong(f[0]) > 120) rssFirst = rss;
            rssLast = rss;
            rssMax = Math.max(rssMax, rss);
            threadsMax = Math.max(threadsMax, Long.parseLong(f[3]));
            filesMax = Math.max(filesMax, Long.parseLong(f[4]));
        }
        System.out.printf("serve process: RSS max %d MB (after 2 min %d MB, at the end %d MB), threads max %d, open files max %d%n",
                rssMax, rssFirst, rssLast, threadsMax, filesMax);
    }

    static Instant firstEvent(Maillake app, Integration i, LogType t) {
        QueryResult r = app.queries().run("select min(time) from email_events where integration_id = '" + i.id()
                + "' and log_type = '" + t.id() + "'", (java.util.Set<String>) null, 1, Duration.ofMinutes(1));
        Object v = r.rows().get(0).get(0);
        return v == null ? null : Instant.parse((String) v);
    }

    static Map<String, Integer> landedBefore(Maillake app, Integration i, LogType t, Instant before) {
        QueryResult r = app.queries().run("select raw from email_events where integration_id = '" + i.id() + "' and log_type = '"
                + t.id() + "' and time < make_timestamp(" + before.getEpochSecond() * 1_000_000L + ")", (java.util.Set<String>) null,
                10_000_000, Duration.ofMinutes(2));
        List<String> raws = new ArrayList<>();
        for (List<Object> row : r.rows()) raws.add((String) row.get(0));
        return multiset(raws);
    }

    static Map<String, Integer> multiset(List<String> values) {
        Map<String, Integer> out = new HashMap<>();
        for (String v : values) out.merge(v, 1, Integer::sum);
        return out;
    }

    /** {@code maillake serve} in its own JVM, with the launcher's default options. */
    static final class ServeProcess {
        private final Path data;
        private Process process;
        private int starts;

        ServeProcess(Path data) {
            this.data = data;
        }

        void start() throws IOException {
            Path tmp = data.resolve("tmp-" + starts);
            Files.createDirectories(tmp);
            List<String> cmd = new ArrayList<>(List.of(ClientBench.javaBin()));
            cmd.addAll(DrainRssBench.JVM);
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                    "io.maillake.cli.Main", "--data-dir", data.toString(), "serve", "--port", "0"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("serve.log").toFile()));
            pb.environment().put("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true");
            process = pb.start();
            starts++;
        }

        long pid() {
            return process.pid();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
