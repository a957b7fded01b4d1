package io.maillake.mimecast.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.MutableClock;
import io.maillake.mimecast.http.RateLimitHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimitBudgetTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RateLimitBudget budget = new RateLimitBudget("k", clock);

    private static RateLimitHeaders headers(long limit, long remaining, long resetMs) {
        return new RateLimitHeaders(OptionalLong.of(limit), OptionalLong.of(remaining), OptionalLong.of(resetMs));
    }

    @Test
    void letsCallsGoWhileNothingIsKnownOrCallsRemain() throws Exception {
        budget.acquire();
        budget.release(200, headers(100, 2, 600));
        budget.acquire();
        budget.acquire();
        assertThat(budget.snapshot().inFlight()).isEqualTo(2);
    }

    @Test
    void holdsCallsBackWhenMimecastSaysNoneRemainUntilTheResetPasses() throws Exception {
        budget.acquire();
        budget.release(200, headers(100, 0, 1500));

        assertThatThrownBy(budget::acquire).isInstanceOfSatisfying(MimecastException.RateLimited.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
            assertThat(e.sent()).isFalse();
        });
        clock.advance(Duration.ofMillis(1500));
        assertThatCode(budget::acquire).doesNotThrowAnyException();
    }

    @Test
    void countsCallsInFlightAgainstTheRemainingQuota() throws Exception {
        budget.acquire();
        budget.release(200, headers(10, 2, 60_000));
        budget.acquire();
        budget.acquire();
        assertThatThrownBy(budget::acquire).isInstanceOf(MimecastException.RateLimited.class);
        budget.release(200, headers(10, 1, 60_000));
        assertThatThrownBy(budget::acquire).as("one call of the one remaining is still in flight")
                .isInstanceOf(MimecastException.RateLimited.class);
        budget.release(200, headers(10, 0, 60_000));
        assertThatThrownBy(budget::acquire).isInstanceOf(MimecastException.RateLimited.class);
    }

    @Test
    void blocksEveryCallerAfterA429UntilTheAnnouncedReset() throws Exception {
        budget.acquire();
        budget.release(429, headers(100, 0, 4000));
        clock.advance(Duration.ofMillis(1000));
        assertThatThrownBy(budget::acquire).isInstanceOfSatisfying(MimecastException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(3000)));
        clock.advance(Duration.ofMillis(3000));
        assertThatCode(budget::acquire).doesNotThrowAnyException();
        assertThat(budget.snapshot().blockedUntil()).isNull();
    }

    @Test
    void waitsOneSecondAfterA429WithoutAResetHeader() throws Exception {
        budget.acquire();
        budget.release(429, new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()));
        assertThatThrownBy(budget::acquire).isInstanceOfSatisfying(MimecastException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void isSharedByEveryClientOfTheSameCredentials() {
        RateLimitBudgets budgets = new RateLimitBudgets(clock);
        assertThat(budgets.forKey("api1:abc")).isSameAs(budgets.forKey("api1:abc")).isNotSameAs(budgets.forKey("api1:def"));
    }
}
