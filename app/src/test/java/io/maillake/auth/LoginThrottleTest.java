package io.maillake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.simulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(3, 5, Duration.ofMinutes(10)), clock);

    @Test
    void aUserNameIsBlockedAfterItsLimitUntilTheOldestFailureLeavesTheWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blocked("eve", "10.0.0." + i)).isEmpty();
            throttle.failed("eve", "10.0.0." + i);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.blocked("Eve", "10.9.9.9")).contains(Duration.ofMinutes(7));
        clock.advance(Duration.ofMinutes(7));
        assertThat(throttle.blocked("eve", "10.9.9.9")).isEmpty();
    }

    @Test
    void anAddressIsBlockedAfterItsLimitWhateverTheNames() {
        for (int i = 0; i < 5; i++) throttle.failed("name" + i, "192.0.2.1");
        assertThat(throttle.blocked("someone-else", "192.0.2.1")).isPresent();
        assertThat(throttle.blocked("someone-else", "192.0.2.2")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUserNameButNotTheAddress() {
        for (int i = 0; i < 3; i++) throttle.failed("bob", "192.0.2.9");
        throttle.succeeded("bob");
        assertThat(throttle.blocked("bob", "192.0.2.10")).isEmpty();
        throttle.failed("x", "192.0.2.9");
        throttle.failed("y", "192.0.2.9");
        assertThat(throttle.blocked("anyone", "192.0.2.9")).isPresent();
    }
}
