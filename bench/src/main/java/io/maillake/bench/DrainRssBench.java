package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.domain.IntegrationDraft;
import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Peak resident memory of the collecting process, as deployed: {@code maillake collect --once} in
 * its own JVM (with the launcher's default options) draining a backlog from a simulator in this
 * process. Run for growing backlogs to see that memory stays flat.
 *
 * <pre>bench/run rss [events...]      (default 250000 1000000)</pre>
 */
public final class DrainRssBench {
    /** The launcher's default JVM options (see ./maillake). */
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseParallelGC");

    public static void main(String[] args) throws Exception {
        List<Long> backlogs = new ArrayList<>();
        for (String a : args) backlogs.add(Long.parseLong(a));
        if (backlogs.isEmpty()) backlogs = List.of(250_000L, 1_000_000L);
        for (long events : backlogs) run(events);
    }

    static void run(long events) throws Exception {
        double perMinute = 2000;
        Duration history = Duration.ofMinutes((long) Math.ceil(events / perMinute));
        Path dir = Files.createTempDirectory("maillake-rss");
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(3)
                .history(history.plusMinutes(5)).eventsPerMinute(LogType.URL, perMinute).lateFraction(0).build())) {
            try (Maillake app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), java.time.Clock.systemUTC())) {
                var c = sim.account(0).api2();
                app.integrations().add("default", new IntegrationDraft("rss", null, sim.baseUrl().toString(), null, null, null,
                        null, c.clientId(), c.clientSecret(), List.of("url"), true));
            }
            Files.writeString(dir.resolve("maillake.properties"), "collect.lookBack=" + history + "\n");
            List<String> cmd = new ArrayList<>(List.of(ClientBench.javaBin()));
            cmd.addAll(JVM);
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir, "-cp",
                    System.getProperty("java.class.path"), "io.maillake.cli.Main", "--data-dir", dir.toString(), "collect", "--once"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("collect.log").toFile());
            pb.environment().put("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true");
            long t0 = System.nanoTime();
            Process p = pb.start();
            long peakKb = 0;
            List<Long> samples = new ArrayList<>();
            while (p.isAlive()) {
                long kb = rssKb(p.pid());
                peakKb = Math.max(peakKb, kb);
                samples.add(kb);
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long firstHalf = samples.subList(samples.size() / 4, samples.size() / 2).stream().mapToLong(Long::longValue).max().orElse(0);
            long secondHalf = samples.subList(samples.size() / 2, samples.size()).stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("backlog %,d events: collect --once took %.1f s (JVM start included), peak RSS %,d MB; "
                    + "max RSS in 2nd quarter %,d MB, in 2nd half %,d MB (JVM %s)%n", events, seconds, peakKb / 1024,
                    firstHalf / 1024, secondHalf / 1024, String.join(" ", JVM));
            if (p.exitValue() != 0) System.out.println(Files.readString(dir.resolve("collect.log")));
        } finally {
            IngestBench.deleteTree(dir);
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
