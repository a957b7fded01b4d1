package io.maillake.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When failed notifications are tried again: exponential waits with jitter, a ceiling, a cap on attempts. */
class RetryScheduleTest {
    final SplittableRandom random = new SplittableRandom(7);

    @Test
    void waitsDoubleFromTenSecondsToAnHourEachBetweenHalfAndAllOfItsStep() {
        long step = 10_000;
        for (int attempts = 1; attempts < RetrySchedule.MAX_ATTEMPTS; attempts++) {
            long ceiling = Math.min(step, 3_600_000);
            for (int i = 0; i < 200; i++) {
                long wait = RetrySchedule.next(attempts, true, null, random).orElseThrow().toMillis();
                assertThat(wait).as("after attempt " + attempts).isBetween(ceiling / 2, ceiling);
            }
            step *= 2;
        }
    }

    @Test
    void theWaitsAreSpreadNotAllTheSame() {
        long distinct = IntStream.range(0, 50)
                .mapToObj(i -> RetrySchedule.next(3, true, null, random).orElseThrow()).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void theTwelfthFailureAndAnyRefusalAreFinal() {
        assertThat(RetrySchedule.next(RetrySchedule.MAX_ATTEMPTS - 1, true, null, random)).isPresent();
        assertThat(RetrySchedule.next(RetrySchedule.MAX_ATTEMPTS, true, null, random)).isEmpty();
        assertThat(RetrySchedule.next(1, false, null, random)).isEmpty();
    }

    @Test
    void aReceiversRetryAfterIsHonouredUpToAnHour() {
        assertThat(RetrySchedule.next(1, true, Duration.ofMinutes(5), random)).isEqualTo(Optional.of(Duration.ofMinutes(5)));
        assertThat(RetrySchedule.next(1, true, Duration.ofDays(2), random)).isEqualTo(Optional.of(Duration.ofHours(1)));
        assertThat(RetrySchedule.next(1, true, Duration.ZERO, random).orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void passingTroubleIsRetriedAndRefusalsOrRedirectsAreNot() {
        for (int s : new int[] {408, 425, 429, 500, 502, 503, 504}) assertThat(RetrySchedule.retriable(s)).as("HTTP " + s).isTrue();
        for (int s : new int[] {301, 302, 307, 400, 401, 403, 404, 410, 413, 422}) assertThat(RetrySchedule.retriable(s)).as("HTTP " + s).isFalse();
    }
}
