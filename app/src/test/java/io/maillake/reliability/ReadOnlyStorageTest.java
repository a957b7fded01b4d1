package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.cli.Main;
import io.maillake.domain.Integration;
import io.maillake.domain.StreamCursor;
import io.maillake.lake.QueryResult;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The data directory remounted read-only between two runs of {@code maillake collect --once} (Linux refuses
 * to remount a file system read-only while a process holds files on it open for writing, so a running
 * Maillake cannot be caught this way; disk-full covers failing writes mid-run). Commands that need to write
 * fail with a message naming the read-only file system and change nothing; once the directory is writable
 * again, collection resumes from its cursors and every event lands exactly once.
 */
class ReadOnlyStorageTest {
    private static final Map<String, String> ENV = Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true");

    @TempDir Path tmp;

    private record Run(int exit, String out, String err) {
        String all() { return out + err; }
    }

    private static Run cli(Path data, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(ENV);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--data-dir", data.toString()));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** Files this process holds open under {@code dir} (Linux). */
    static List<Path> openFilesUnder(Path dir) throws java.io.IOException {
        List<Path> open = new ArrayList<>();
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = java.nio.file.Files.readSymbolicLink(fd);
                    if (target.startsWith(dir)) open.add(target);
                } catch (java.io.IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        return open;
    }

    @Test
    void aReadOnlyDataDirectoryGetsAClearMessageAndCollectionResumesExactlyOnceWhenWritable() throws Exception {
        Instant since = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);
        try (Tmpfs fs = Tmpfs.mount(tmp, 64);
             MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(8).history(Duration.ofHours(2))
                     .eventsPerMinute(io.maillake.simulator.LogType.URL, 120).eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 60)
                     .duplicateRate(0.03).lateFraction(0).build())) {
            Path data = fs.dir.resolve("data");
            var c = sim.account(0).api2();
            Run added = cli(data, "integration", "add", "--name", "ro", "--base-url", sim.baseUrl().toString(), "--types", "url,attachment",
                    "--client-id", c.clientId(), "--client-secret", c.clientSecret());
            assertThat(added.exit()).as(added.all()).isZero();
            Run first = cli(data, "collect", "--once", "--since", since.toString());
            assertThat(first.exit()).as(first.all()).isZero();

            assertThat(fs.remount("ro")).as("remount read-only").isTrue();
            Map<String, String> frozen = Reliability.fingerprint(data);
            Run refused = cli(data, "collect", "--once");
            assertThat(refused.exit()).as(refused.all()).isNotZero();
            assertThat(refused.err()).as(refused.all()).containsIgnoringCase("read").containsAnyOf("read-only", "readonly", "Read-only");
            Run query = cli(data, "query", "select count(*) from email_events");
            Run domains = cli(data, "domains", "set", "--domain", "example.com");
            assertThat(domains.exit()).as(domains.all()).isNotZero();
            assertThat(Reliability.fingerprint(data)).isEqualTo(frozen);
            System.out.println("ReadOnlyStorageTest: collect --once on a read-only data dir: exit " + refused.exit() + ": "
                    + refused.err().strip().lines().findFirst().orElse("") + "\n  query: exit " + query.exit() + ": "
                    + query.all().strip().lines().findFirst().orElse(""));

            Thread.sleep(1500); // Mimecast's time goes on while the directory is read-only
            assertThat(fs.remount("rw")).isTrue();
            Run resumed = cli(data, "collect", "--once");
            assertThat(resumed.exit()).as(resumed.all()).isZero();

            try (Maillake app = Maillake.open(data, ENV, Clock.systemUTC())) {
                Integration i = app.store().integrations("default").get(0);
                assertThat(((Number) app.queries().run("select count(*) - count(distinct event_uid) from email_events", null, 1,
                        Duration.ofMinutes(1)).rows().get(0).get(0)).longValue()).isZero();
                for (LogType t : i.logTypes()) {
                    StreamCursor cursor = app.lake().cursor(i.stream(t));
                    Map<String, Integer> truth = new HashMap<>();
                    for (String raw : sim.groundTruth(0, io.maillake.simulator.LogType.valueOf(t.name()), since, cursor.leadTo())) {
                        truth.merge(raw, 1, Integer::sum);
                    }
                    QueryResult r = app.queries().run("select raw from email_events where log_type = '" + t.id() + "' and time < "
                            + "make_timestamp(" + cursor.leadTo().getEpochSecond() * 1_000_000L + ")", null, 1_000_000, Duration.ofMinutes(1));
                    Map<String, Integer> landed = new HashMap<>();
                    for (List<Object> row : r.rows()) landed.merge((String) row.get(0), 1, Integer::sum);
                    assertThat(landed).as(t.id()).isEqualTo(truth);
                    assertThat(truth.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1_000);
                }
            }
            assertThat(openFilesUnder(fs.dir)).as("files left open by the refused commands").isEmpty();
        }
    }
}
