package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.collect.Collector;
import io.maillake.collect.RunOutcome;
import io.maillake.domain.Integration;
import io.maillake.domain.StreamState;
import io.maillake.mimecast.LogType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a small tmpfs that fills up while collecting. Every stream that cannot write
 * says so in its status ("No space left on device" / "database or disk is full"), the lake stays
 * consistent (every registered file readable, no event twice, nothing before a committed cursor
 * missing), and once space returns collection resumes and ends exactly once.
 */
class DiskFullTest {
    /** Free space left at each round: nothing, a few pages, a small Parquet file, a batch or two. */
    private static final long[] FREE_BYTES = {0, 8 * 1024, 24 * 1024, 48 * 1024, 96 * 1024, 160 * 1024, 32 * 1024, 600 * 1024};

    @TempDir Path tmp;

    @Test
    void aFullDiskStopsCommitsWithAClearStatusLosesNothingAndCollectionResumesWhenSpaceReturns() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(tmp, 96);
             SimHarness h = new SimHarness(fs.dir.resolve("data"), SimHarness.sim());
             // small batches: many commits per round, so the disk fills up at a different step each time
             Collector collector = h.collector(SimHarness.settings().withBatchRows(150))) {
            Integration v1 = h.addApi1("v1");
            Integration v2 = h.addApi2("v2", LogType.URL, LogType.ATTACHMENT);
            List<Integration> integrations = List.of(v1, v2);
            java.util.Map<String, Integer> failures = new java.util.TreeMap<>();

            for (long free : FREE_BYTES) {
                fs.leaveFree(free);
                List<Collector.StreamReport> reports = collector.collectOnce(SimHarness.SINCE, Collector.Progress.NONE);
                assertThat(reports).as("one report per stream, even when storage fails").hasSize(5);
                for (Collector.StreamReport r : reports) {
                    if (r.ending() != RunOutcome.Ending.FAILED) continue;
                    failures.merge(whereItFailed(r.status().errorMessage()), 1, Integer::sum);
                    assertThat(r.status().state()).isIn(StreamState.DEGRADED, StreamState.ERROR);
                    assertThat(r.status().errorMessage()).as("says what happened")
                            .containsAnyOf("No space left on device", "database or disk is full", "disk full")
                            .contains("free space on its disk");
                }
                fs.dropBallast();
                assertConsistent(h, integrations);
                assertNoDebris(h);
                h.advance(Duration.ofMinutes(40));
            }

            assertThat(failures).as("a full disk was hit").isNotEmpty();
            for (int round = 0; round < 5; round++) {
                List<Collector.StreamReport> reports = collector.collectOnce(SimHarness.SINCE, Collector.Progress.NONE);
                if (reports.stream().allMatch(r -> r.ending() == RunOutcome.Ending.CAUGHT_UP)) break;
            }
            for (Integration i : integrations) {
                assertThat(h.app.integrations().streams(i)).allSatisfy(s -> assertThat(s.state()).isEqualTo(StreamState.CONNECTED));
                for (LogType t : i.logTypes()) {
                    assertThat(h.cursor(i, t).leadTo()).isAfter(h.appClock.instant().minus(Duration.ofMinutes(2)));
                    h.assertExactlyOnceUpToCursor(i, t);
                }
            }
            System.out.println("DiskFullTest: stream runs stopped by the full disk, by the step that failed: " + failures);
        }
    }

    private static String whereItFailed(String message) {
        if (message.contains("state.db")) return "state store (lease or status)";
        if (message.contains("catalog.db")) return "lake catalog commit";
        if (message.contains("to the lake")) return "Parquet write";
        return "other: " + message;
    }

    /**
     * Failed writes must not pile up anything that outlives them: after many batches refused for want of space,
     * the lake writes the same batch at once when space returns (a failed write that kept its staging data in the
     * writer's memory, bounded at 128 MB, would make every later write fail too).
     */
    @Test
    void aLakeThatFailedToWriteManyBatchesWritesAgainAsSoonAsSpaceReturns() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(tmp, 64)) {
            java.time.Instant t = java.time.Instant.parse("2026-04-01T12:00:00Z");
            io.maillake.domain.StreamKey key = new io.maillake.domain.StreamKey("t", "i", LogType.URL);
            io.maillake.lake.embedded.EmbeddedLake lake = new io.maillake.lake.embedded.EmbeddedLake(fs.dir.resolve("lake"),
                    java.time.Clock.fixed(t, java.time.ZoneOffset.UTC));
            try {
                List<io.maillake.domain.EmailEvent> batch = bigClicks(key, 4_000, t);
                io.maillake.domain.StreamCursor next = new io.maillake.domain.StreamCursor(t.plusSeconds(3600), t, null, 0);
                fs.leaveFree(64 * 1024);
                int refused = 0;
                for (int attempt = 0; attempt < 12; attempt++) {
                    try {
                        lake.commit(key, batch, 0, next);
                        throw new AssertionError("a 20 MB batch fitted in 64 KB");
                    } catch (io.maillake.store.StoreException expected) {
                        assertThat(expected.getMessage()).contains("No space left on device");
                        refused++;
                    }
                }
                fs.dropBallast();
                assertThat(lake.commit(key, batch, 0, next).version()).isEqualTo(1);
                assertThat(lake.stats(key).events()).isEqualTo(batch.size());
                assertThat(refused).isEqualTo(12);
                try (var staged = java.nio.file.Files.list(fs.dir.resolve("lake").resolve(".staging"))) {
                    assertThat(staged.filter(p -> p.toString().endsWith(".parquet")).toList()).isEmpty();
                }
            } finally {
                lake.close();
            }
        }
    }

    /** Clicks with a 5 KB subject each: a batch of a few thousand is tens of megabytes, like a real 10,000-event batch. */
    private static List<io.maillake.domain.EmailEvent> bigClicks(io.maillake.domain.StreamKey key, int n, java.time.Instant start) {
        var ctx = new io.maillake.normalise.Normaliser.Context(key.tenantId(), key.integrationId(),
                io.maillake.domain.MyNetworks.defaults(), start, start);
        var ordinals = new io.maillake.normalise.OrdinalCounter();
        java.util.Random random = new java.util.Random(1);
        List<io.maillake.domain.EmailEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder subject = new StringBuilder();
            for (int k = 0; k < 5_000; k++) subject.append((char) ('a' + random.nextInt(26)));
            String raw = "{\"userEmailAddress\":\"u" + i + "@example.com\",\"subject\":\"" + subject + "\",\"date\":\""
                    + start.plusSeconds(i % 3600).toString().replace("Z", "+0000") + "\"}";
            out.add(io.maillake.normalise.Normaliser.normalise(LogType.URL, raw, ctx, ordinals));
        }
        return out;
    }

    /**
     * A failed write leaves nothing behind: no half-written file in the staging folder (it would hold on to the space
     * that is short), and no Parquet file the catalog does not list (rows on disk = rows the lake serves).
     */
    private static void assertNoDebris(SimHarness h) throws Exception {
        Path lake = h.dataDir.resolve("lake");
        try (var staged = java.nio.file.Files.list(lake.resolve(".staging"))) {
            assertThat(staged.filter(p -> p.toString().endsWith(".parquet")).toList()).as("staging debris").isEmpty();
        }
        long served = ((Number) h.app.queries().run("select count(*) from email_events", null, 1, Duration.ofMinutes(1))
                .rows().get(0).get(0)).longValue();
        long onDisk;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select count(*) from read_parquet('" + lake.resolve("email_events")
                     + "/**/*.parquet')")) {
            rs.next();
            onDisk = rs.getLong(1);
        } catch (java.sql.SQLException noFileYet) {
            onDisk = 0;
        }
        assertThat(onDisk).as("rows in Parquet files on disk vs rows the catalog registers").isEqualTo(served);
    }

    /** Every registered file is readable, no event landed twice, nothing before a committed cursor is missing. */
    private static void assertConsistent(SimHarness h, List<Integration> integrations) {
        assertThat(h.duplicatesOfEventUid()).isZero();
        for (Integration i : integrations) {
            for (LogType t : i.logTypes()) h.assertExactlyOnceUpToCursor(i, t);
        }
    }
}
