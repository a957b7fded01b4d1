package io.maillake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.StreamCursor;
import io.maillake.lake.QueryResult;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import io.maillake.testing.LakeTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collecting process killed with SIGKILL at random instants and restarted, many times, for
 * API 1.0 and 2.0 at once: in the end every simulated event of the collected range is in the lake
 * exactly once. The collector runs as a real separate process ({@code maillake collect --once});
 * the simulator runs here.
 */
class KillAndRestartTest {
    private static final int KILLS = 12;

    @TempDir Path dir;

    @Test
    void losesNothingAndDuplicatesNothingWhenKilledAtRandomInstants() throws Exception {
        Instant now = Instant.now();
        Path data = dir.resolve("data");
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(5)
                .history(Duration.ofHours(3)).duplicateRate(0.03).lateFraction(0)
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 300)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, 60)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 120).build())) {
            // slow every call a little so kills land mid-window, between and inside commits
            sim.faults().add(FaultRule.of(new Fault.SlowHeaders(Duration.ofMillis(60))).always());
            sim.faults().add(FaultRule.of(new Fault.ServerError(503)).always().probability(0.05));
            List<Integration> integrations = register(data, sim);
            Files.writeString(data.resolve("maillake.properties"),
                    "collect.batchRows=250\ncollect.maxWindow=PT15M\ncollect.lookBack=PT2H\ncollect.maxConcurrentStreams=3\n");

            Random random = new Random(42);
            int killedMidRun = 0;
            for (int k = 0; k < KILLS; k++) {
                Process p = collect(data, "run-" + k);
                long delay = 1500 + random.nextInt(2500);
                if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    killedMidRun++;
                }
            }
            Process last = collect(data, "final");
            assertThat(last.waitFor(3, TimeUnit.MINUTES)).as("final collect finishes").isTrue();
            assertThat(killedMidRun).as("kills that hit a running collection").isGreaterThanOrEqualTo(KILLS / 2);

            try (Maillake app = Maillake.open(data, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), Clock.systemUTC())) {
                for (Integration i : integrations) {
                    for (LogType t : LogType.values()) {
                        StreamCursor c = app.lake().cursor(i.stream(t));
                        assertThat(c.leadTo()).as("%s/%s caught up", i.name(), t.id()).isAfter(now.minus(Duration.ofMinutes(2)));
                        Instant from = now.minus(Duration.ofHours(2)).minusSeconds(60);
                        Map<String, Integer> truth = LakeTruth.truth(sim, 0, t, c.leadTo().minus(Duration.ofHours(3)), c.leadTo());
                        Map<String, Integer> landed = LakeTruth.landed(app, i, t, null);
                        // the collected range starts where the first run began; compare from there
                        Instant firstEvent = firstEventTime(app, i, t);
                        Map<String, Integer> expected = LakeTruth.truth(sim, 0, t, firstEvent, c.leadTo());
                        assertThat(LakeTruth.difference(expected, landed)).as("%s/%s", i.name(), t.id()).isEmpty();
                        assertThat(truth).isNotEmpty();
                        assertThat(firstEvent).isBefore(from.plus(Duration.ofMinutes(5)));
                    }
                }
                assertThat(LakeTruth.duplicatesOfEventUid(app)).isZero();
            }
        }
    }

    private List<Integration> register(Path data, MimecastSimulator sim) {
        try (Maillake app = Maillake.open(data, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), Clock.systemUTC())) {
            var a1 = sim.account(0).api1();
            var a2 = sim.account(0).api2();
            List<String> all = List.of("url", "impersonation", "attachment");
            List<Integration> out = new ArrayList<>();
            out.add(app.integrations().add("default", new IntegrationDraft("v1", null, sim.baseUrl().toString(), a1.appId(),
                    a1.appKey(), a1.accessKey(), a1.secretKey(), null, null, all, true)));
            out.add(app.integrations().add("default", new IntegrationDraft("v2", null, sim.baseUrl().toString(), null, null,
                    null, null, a2.clientId(), a2.clientSecret(), all, true)));
            return out;
        }
    }

    private Process collect(Path data, String name) throws Exception {
        Path tmp = dir.resolve("tmp-" + name);
        Files.createDirectories(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "io.maillake.cli.Main", "--data-dir", data.toString(), "collect", "--once");
        pb.environment().put("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true");
        Path logs = Path.of("target", "kill-test-logs");
        Files.createDirectories(logs);
        pb.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        return pb.start();
    }

    private static Instant firstEventTime(Maillake app, Integration i, LogType t) {
        QueryResult r = app.queries().run("select min(time) from email_events where integration_id = '" + i.id() + "' and log_type = '"
                + t.id() + "'", null, 1, Duration.ofMinutes(1));
        return Instant.parse((String) r.rows().get(0).get(0));
    }

    static String classpath() {
        return System.getProperty("java.class.path");
    }
}
