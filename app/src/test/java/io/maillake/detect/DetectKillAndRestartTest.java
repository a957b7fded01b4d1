package io.maillake.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code maillake detect --once} process killed with SIGKILL at random instants and restarted
 * until it finishes: its detections and their evidence are exactly those of a run never killed on a
 * copy of the same lake. No detection lost, none raised twice.
 */
class DetectKillAndRestartTest {
    private static final int KILLS = 10;
    private static final int CHUNK_FILES = 3;

    @TempDir Path dir;

    @Test
    void detectionsAfterKillsAndRestartsEqualThoseOfACleanRun() throws Exception {
        Path killed = dir.resolve("killed");
        Path clean = dir.resolve("clean");
        try (Maillake app = Maillake.open(killed, Map.of(), Clock.systemUTC())) {
            long events = SimulatedLake.build(app, SimulatedLake.config(Duration.ofHours(3), 120).build(), 300);
            assertThat(events).isGreaterThan(15_000);
        }
        copy(killed, clean);
        try (Maillake app = Maillake.open(clean, Map.of(), Clock.systemUTC())) {
            DetectionEngine.Report r = app.detectionEngine(CHUNK_FILES).runUntilCaughtUp(Duration.ofMinutes(10), DetectionEngine.Listener.NONE);
            assertThat(r.failures()).isEmpty();
        }

        Random random = new Random(7);
        int killedMidRun = 0;
        for (int k = 0; k < KILLS; k++) {
            Process p = detect(killed, "run-" + k);
            if (!p.waitFor(2000 + random.nextInt(3000), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                killedMidRun++;
            }
        }
        Process last = detect(killed, "final");
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).as("the final run finishes").isTrue();
        assertThat(last.exitValue()).isZero();
        assertThat(killedMidRun).as("kills that hit a running evaluation").isGreaterThanOrEqualTo(KILLS / 2);

        Snapshot expected = snapshot(clean);
        Snapshot actual = snapshot(killed);
        assertThat(expected.evidence()).containsKeys("campaign-url", "url-malicious-click-allowed", "impersonation-then-click",
                "lookalike-sender-domain");
        assertThat(actual.detections()).isEqualTo(expected.detections());
        assertThat(actual.evidence()).isEqualTo(expected.evidence());
        assertThat(actual.cursor()).isEqualTo(expected.cursor());
    }

    /** Detections as analysts see them (without the wall-clock times of creation), and evidence per detection. */
    record Snapshot(List<String> detections, Map<String, Set<String>> evidence, long cursor) { }

    private static Snapshot snapshot(Path data) {
        try (Maillake app = Maillake.open(data, Map.of(), Clock.systemUTC())) {
            List<String> rows = new ArrayList<>();
            Map<String, Set<String>> evidence = new TreeMap<>();
            List<Detection> all = new ArrayList<>();
            for (int offset = 0; ; offset += DetectionFilter.MAX_LIMIT) {
                List<Detection> page = app.detections().list(DetectionFilter.of(null).page(DetectionFilter.MAX_LIMIT, offset));
                all.addAll(page);
                if (page.size() < DetectionFilter.MAX_LIMIT) break;
            }
            for (Detection d : all) {
                rows.add(String.join(" | ", d.detectionUid(), d.ruleId(), d.title(), d.status().id(), d.firstSeen().toString(),
                        d.lastSeen().toString(), Long.toString(d.eventCount()), Long.toString(d.recipientCount())));
                evidence.computeIfAbsent(d.ruleId(), k -> new TreeSet<>())
                        .addAll(app.detections().get(null, d.detectionUid()).orElseThrow().eventUids());
            }
            rows.sort(null);
            return new Snapshot(rows, evidence, app.detectionEngine(CHUNK_FILES).step() == null ? app.lake().lastFileSequence() : -1);
        }
    }

    private Process detect(Path data, String name) throws Exception {
        Path tmp = dir.resolve("tmp-" + name);
        Files.createDirectories(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "io.maillake.cli.Main", "--data-dir", data.toString(), "detect", "--once", "--chunk-files", Integer.toString(CHUNK_FILES));
        Path logs = Path.of("target", "detect-kill-logs");
        Files.createDirectories(logs);
        pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        return pb.start();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
