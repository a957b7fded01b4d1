package io.maillake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamState;
import io.maillake.lake.QueryResult;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.testing.LakeTruth;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our clock two hours ahead of Mimecast's, then corrected: nothing is lost, not even records that
 * reach the API late. Mimecast's {@code Date} header keeps every window in its past. Runs on real
 * time (the simulator's Date is the real clock), with short windows and overlap to stay quick.
 */
class ClockAheadOfMimecastTest {
    @TempDir Path dir;

    /** The real clock plus an offset a test moves. */
    static final class OffsetClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset); }
    }

    /**
     * With API 1.0 the clock is also what requests are signed with: Mimecast refuses an {@code x-mc-date} two hours
     * off, so the client signs with Mimecast's time instead, and learns again when our clock is corrected.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiGeneration.class)
    void aClockTwoHoursAheadThenCorrectedLosesNothing(ApiGeneration generation) throws Exception {
        OffsetClock clock = new OffsetClock();
        Instant corrected;
        clock.offset = Duration.ofHours(2);
        CollectSettings settings = CollectSettings.defaults().withLookBack(Duration.ofMinutes(3)).withOverlap(Duration.ofSeconds(6))
                .withWindows(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofSeconds(1));
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(4).history(Duration.ofMinutes(10))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 1200).lateFraction(0.3).lateDelay(Duration.ofSeconds(3)).build());
             Maillake app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), clock)) {
            var c = sim.account(0).api2();
            var k = sim.account(0).api1();
            Integration i = app.integrations().add("default", generation == ApiGeneration.API_1
                    ? new IntegrationDraft("ahead", null, sim.baseUrl().toString(), k.appId(), k.appKey(), k.accessKey(), k.secretKey(),
                            null, null, List.of("url"), true)
                    : new IntegrationDraft("ahead", null, sim.baseUrl().toString(), null, null,
                            null, null, c.clientId(), c.clientSecret(), List.of("url"), true));
            try (Collector collector = app.collector(settings, RetryPolicy.standard(), Sleeper.REAL)) {
                collector.collectOnce(null, Collector.Progress.NONE);
                StreamCursor ahead = app.lake().cursor(i.stream(LogType.URL));
                assertThat(ahead.leadTo()).as("no window in Mimecast's future").isBefore(Instant.now());
                // collecting (DEGRADED at most: with our clock ahead, the lag looks like two hours), never refused
                assertThat(app.store().streamStatus(i.id(), LogType.URL).state()).isIn(StreamState.CONNECTED, StreamState.DEGRADED);
                assertThat(ahead.leadTo()).isAfter(Instant.now().minusSeconds(60));

                clock.offset = Duration.ZERO;
                corrected = Instant.now();
                Instant until = Instant.now().plusSeconds(16);
                while (Instant.now().isBefore(until)) {
                    collector.collectOnce(null, Collector.Progress.NONE);
                    Thread.sleep(1000);
                }
            }
            StreamCursor cursor = app.lake().cursor(i.stream(LogType.URL));
            QueryResult first = app.queries().run("select min(time) from email_events", (java.util.Set<String>) null, 1, Duration.ofSeconds(30));
            Instant from = Instant.parse((String) first.rows().get(0).get(0));
            Map<String, Integer> truth = LakeTruth.truth(sim, 0, LogType.URL, from, cursor.matureTo());
            Map<String, Integer> got = LakeTruth.landed(app, i, LogType.URL, cursor.matureTo());
            assertThat(cursor.matureTo()).as("the time read while our clock was ahead has matured and been read again").isAfter(corrected);
            assertThat(truth.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1000);
            assertThat(LakeTruth.difference(truth, got)).isEmpty();
            assertThat(app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);
        }
    }
}
