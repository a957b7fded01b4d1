package io.maillake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.StreamCursor;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {
    private static final Instant NOW = Instant.parse("2026-05-05T12:00:00Z");
    private final CollectSettings settings = CollectSettings.defaults();
    private final WindowPlanner planner = new WindowPlanner(settings);

    private StreamCursor.Window next(StreamCursor c, Instant now) {
        return planner.next(c, now, null).orElse(null);
    }

    @Test
    void startsAFirstRunOneLookBackAgoWithAWindowOfAtMostAnHour() {
        StreamCursor.Window w = next(StreamCursor.INITIAL, NOW.plusMillis(700));
        assertThat(w.kind()).isEqualTo(StreamCursor.Kind.FRESH);
        assertThat(w.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(w.to()).isEqualTo(w.from().plus(Duration.ofHours(1)));
        assertThat(w.pageToken()).isNull();
    }

    @Test
    void startsAtSinceWhenGiven() {
        Instant since = NOW.minus(Duration.ofMinutes(20));
        StreamCursor.Window w = planner.next(StreamCursor.INITIAL, NOW, since).orElseThrow();
        assertThat(w.from()).isEqualTo(since);
        assertThat(w.to()).isEqualTo(NOW.minus(settings.settleLag()));
    }

    @Test
    void backfillWindowsThatWereMatureWhenReadAreNeverReadAgain() {
        StreamCursor c = StreamCursor.INITIAL;
        int windows = 0;
        while (true) {
            StreamCursor.Window w = next(c, NOW);
            if (w == null) break;
            assertThat(w.kind()).as("window %d", windows).isEqualTo(StreamCursor.Kind.FRESH);
            c = planner.completed(c, w);
            windows++;
        }
        assertThat(windows).isEqualTo(24);
        assertThat(c.leadTo()).isEqualTo(NOW.minus(settings.settleLag()));
        assertThat(c.matureTo()).isEqualTo(NOW.minus(settings.overlap()));
    }

    @Test
    void readsRecentTimeAgainOnceItHasMaturedSoLateRecordsAreCollected() {
        StreamCursor c = planner.completed(StreamCursor.INITIAL, next(StreamCursor.INITIAL, NOW));
        c = catchUp(c, NOW);
        Instant matureBefore = c.matureTo();
        // every minute a poll: fresh windows only, until five minutes have matured
        Instant t = NOW;
        StreamCursor.Window sweep = null;
        for (int minute = 1; minute <= 10 && sweep == null; minute++) {
            t = NOW.plus(Duration.ofMinutes(minute));
            StreamCursor.Window w = next(c, t);
            assertThat(w).isNotNull();
            if (w.kind() == StreamCursor.Kind.SWEEP) sweep = w;
            c = planner.completed(c, w);
            StreamCursor.Window more = next(c, t);
            if (more != null && more.kind() == StreamCursor.Kind.SWEEP) {
                sweep = more;
                c = planner.completed(c, more);
            }
        }
        assertThat(sweep).isNotNull();
        assertThat(sweep.from()).isEqualTo(matureBefore);
        assertThat(sweep.to()).isBeforeOrEqualTo(t.minus(settings.overlap()));
        assertThat(c.matureTo()).isEqualTo(sweep.to());
    }

    @Test
    void isCaughtUpWhenTheNextFreshWindowWouldBeShorterThanTheMinimum() {
        StreamCursor c = catchUp(StreamCursor.INITIAL, NOW);
        assertThat(next(c, NOW.plusSeconds(5))).isNull();
        assertThat(next(c, NOW.plusSeconds(11)).kind()).isEqualTo(StreamCursor.Kind.FRESH);
    }

    @Test
    void resumesTheWindowUnderWay() {
        StreamCursor.Window w = next(StreamCursor.INITIAL, NOW).next("token-3", null);
        StreamCursor c = new StreamCursor(null, null, w, 4);
        assertThat(next(c, NOW.plus(Duration.ofHours(3)))).isEqualTo(w);
    }

    @Test
    void leavesWholeSecondsOnly() {
        StreamCursor.Window w = planner.next(StreamCursor.INITIAL, NOW.plusMillis(1234), NOW.minusSeconds(100).plusMillis(500)).orElseThrow();
        assertThat(w.from().getNano()).isZero();
        assertThat(w.to().getNano()).isZero();
    }

    private StreamCursor catchUp(StreamCursor c, Instant now) {
        for (StreamCursor.Window w = next(c, now); w != null; w = next(c, now)) c = planner.completed(c, w);
        return c;
    }
}
