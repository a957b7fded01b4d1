package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.collect.Collector;
import io.maillake.collect.RunOutcome;
import io.maillake.domain.Integration;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.mimecast.LogType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's clock jumping while Mimecast's time goes on, and Mimecast's time jumping while the
 * collector's goes on. What is checked is what the collector guarantees: every event Mimecast holds
 * before the stream's committed cursor landed exactly once, and nothing landed twice. What happens in
 * between (pauses, late pick-up by the sweep, an API 1.0 refusal) is written down in docs/reliability.md.
 */
class ClockJumpTest {
    @TempDir Path dir;

    private static List<Collector.StreamReport> collect(Collector collector) {
        return collector.collectOnce(SimHarness.SINCE, Collector.Progress.NONE);
    }

    /** Polls as {@code serve} would: both clocks advance a minute, then a collection, {@code minutes} times. */
    private static void pollEveryMinute(SimHarness h, Collector collector, int minutes) {
        poll(h, collector, minutes, Duration.ofMinutes(1));
    }

    private static void poll(SimHarness h, Collector collector, int times, Duration every) {
        for (int m = 0; m < times; m++) {
            h.advance(every);
            assertThat(collect(collector)).noneMatch(r -> r.ending() == RunOutcome.Ending.FAILED);
        }
    }

    private static void assertExactlyOnce(SimHarness h, Integration i) {
        assertThat(h.duplicatesOfEventUid()).isZero();
        for (LogType t : i.logTypes()) {
            h.assertExactlyOnceUpTo(i, t, h.cursor(i, t).matureTo());
            h.assertExactlyOnceUpToCursor(i, t);
        }
    }

    @Test
    void aBackwardJumpOfTheCollectorsClockPausesCollectionUntilItsTimeCatchesUpAndLosesNothing() {
        try (SimHarness h = new SimHarness(dir, SimHarness.sim()); Collector collector = h.collector(SimHarness.settings())) {
            Integration i = h.addApi2("v2");
            collect(collector);
            Instant leadBefore = h.cursor(i, LogType.URL).leadTo();

            h.appClock.advance(Duration.ofHours(-2));
            long callsBefore = h.sim.stats().count(0, LogType.URL.path(), 200);
            poll(h, collector, 15, Duration.ofMinutes(2));
            // nothing is read while the collector's "now" is behind what it already read: a pause, not a re-read or a gap
            assertThat(h.cursor(i, LogType.URL).leadTo()).isEqualTo(leadBefore);
            assertThat(h.sim.stats().count(0, LogType.URL.path(), 200)).isEqualTo(callsBefore);
            StreamStatus paused = h.app.store().streamStatus(i.id(), LogType.URL);
            System.out.println("ClockJumpTest backward: while paused the stream shows " + paused.state() + " " + paused.errorCode()
                    + ": " + paused.errorMessage());
            assertThat(paused.state()).isEqualTo(StreamState.DEGRADED);
            assertThat(paused.errorCode()).isEqualTo("clock_behind");
            assertThat(paused.errorMessage()).contains("clock is").contains("behind").contains("nothing is lost");

            poll(h, collector, 20, Duration.ofMinutes(5)); // the collector's clock passes where it stood before the jump
            assertThat(h.cursor(i, LogType.URL).leadTo()).isAfter(leadBefore.plus(Duration.ofMinutes(5)));
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);
            assertExactlyOnce(h, i);
        }
    }

    @Test
    void aForwardJumpOfTheCollectorsClockWithinTheOverlapLosesNothingOnceTheSweepHasRun() {
        try (SimHarness h = new SimHarness(dir, SimHarness.sim()); Collector collector = h.collector(SimHarness.settings())) {
            Integration i = h.addApi2("v2");
            collect(collector);

            h.appClock.advance(Duration.ofMinutes(8)); // ahead of Mimecast by less than the 10-minute overlap
            poll(h, collector, 15, Duration.ofMinutes(2));
            h.appClock.advance(Duration.ofMinutes(-8)); // the clock is corrected: a backward jump
            poll(h, collector, 15, Duration.ofMinutes(2));

            for (LogType t : i.logTypes()) assertThat(h.cursor(i, t).matureTo()).isAfter(SimHarness.START.plus(Duration.ofMinutes(40)));
            assertExactlyOnce(h, i);
        }
    }

    @Test
    void mimecastsClockJumpingAheadOrBackLosesNothing() {
        try (SimHarness h = new SimHarness(dir, SimHarness.sim()); Collector collector = h.collector(SimHarness.settings())) {
            Integration v1 = h.addApi1("v1");
            Integration v2 = h.addApi2("v2", LogType.URL);
            collect(collector);

            h.simClock.advance(Duration.ofMinutes(10)); // Mimecast ahead: the collector is simply behind
            poll(h, collector, 10, Duration.ofMinutes(2));
            h.simClock.advance(Duration.ofMinutes(-14)); // now behind the collector by 4 minutes
            poll(h, collector, 15, Duration.ofMinutes(2));
            h.simClock.advance(Duration.ofMinutes(4)); // in step again
            poll(h, collector, 10, Duration.ofMinutes(2));

            assertExactlyOnce(h, v1);
            assertExactlyOnce(h, v2);
        }
    }

    // A collector clock AHEAD of Mimecast's is handled by capping "now" at Mimecast's time from its Date header
    // (ServerTime). The simulator's Date is the real clock, not the hand-moved one these tests use, so that case is
    // proven on real time in io.maillake.collect.ClockAheadOfMimecastTest.

    // With the real Mimecast (and the simulator on real time), a refused x-mc-date is signed again with the time of
    // Mimecast's Date header and the stream goes on (ClockAheadOfMimecastTest, API 1.0). Here Mimecast's Date is the
    // real clock, months from the hand-moved one the simulator checks dates against, so the repeat is refused too:
    // what this shows is that a stream refused with 401 is in ERROR, and resumes losslessly once tested.
    @Test
    void api1RefusesACollectorClockBeyondMimecastsAllowedSkewAndResumesLosslesslyOnceItIsRightAndTested() {
        try (SimHarness h = new SimHarness(dir, SimHarness.sim()); Collector collector = h.collector(SimHarness.settings())) {
            Integration i = h.addApi1("v1", LogType.URL);
            collect(collector);

            h.appClock.advance(Duration.ofMinutes(20)); // beyond the 15 minutes x-mc-date may differ
            h.simClock.advance(Duration.ofMinutes(1));
            Collector.StreamReport refused = collect(collector).get(0);
            assertThat(refused.ending()).isEqualTo(RunOutcome.Ending.FAILED);
            StreamStatus status = refused.status();
            System.out.println("ClockJumpTest API 1.0 skew: " + status.state() + " " + status.errorCode() + ": " + status.errorMessage());
            assertThat(status.state()).isEqualTo(StreamState.ERROR);
            assertThat(status.errorMessage()).contains("401");

            h.appClock.set(h.simClock.instant()); // the clock is fixed
            assertThat(h.app.integrations().test(i.id())).allMatch(c -> c.ok());
            pollEveryMinute(h, collector, 15);
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);
            assertExactlyOnce(h, i);
        }
    }
}
