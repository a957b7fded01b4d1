package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static MimecastException.Transient transientFailure() {
        return new MimecastException.Transient("503", 503, null, null);
    }

    @Test
    void waitsForTheRateLimitResetPlusJitter() {
        RetryPolicy policy = new RetryPolicy(8, () -> 0.5);
        var limited = new MimecastException.RateLimited("429", 429, null, Duration.ofMillis(2500), true);
        assertThat(policy.delayAfter(1, limited)).contains(Duration.ofMillis(2625));
        assertThat(policy.delayAfter(100, limited)).as("rate limits do not count as attempts").isPresent();
    }

    @Test
    void givesUpOnARateLimitThatStaysSpentLongerThanItsPatience() {
        RetryPolicy policy = new RetryPolicy(8, () -> 0.5);
        var limited = new MimecastException.RateLimited("429", 429, null, Duration.ofSeconds(60), true);
        assertThat(policy.delayAfter(9, limited, RetryPolicy.RATE_LIMIT_PATIENCE.minusSeconds(61))).isPresent();
        assertThat(policy.delayAfter(10, limited, RetryPolicy.RATE_LIMIT_PATIENCE.minusSeconds(60))).isEmpty();
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCapForTransientFailures() {
        RetryPolicy highest = new RetryPolicy(30, () -> 0.999_999);
        RetryPolicy lowest = new RetryPolicy(30, () -> 0.0);
        assertThat(highest.delayAfter(1, transientFailure())).contains(Duration.ofMillis(499));
        assertThat(lowest.delayAfter(1, transientFailure())).contains(Duration.ofMillis(250));
        assertThat(highest.delayAfter(3, transientFailure())).contains(Duration.ofMillis(1999));
        assertThat(highest.delayAfter(25, transientFailure()).orElseThrow()).isLessThanOrEqualTo(RetryPolicy.CAP);
        assertThat(lowest.delayAfter(25, transientFailure()).orElseThrow()).isEqualTo(RetryPolicy.CAP.dividedBy(2));
    }

    @Test
    void givesUpOnTransientFailuresAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(3, () -> 0.5);
        assertThat(policy.delayAfter(2, transientFailure())).isPresent();
        assertThat(policy.delayAfter(3, transientFailure())).isEmpty();
    }

    @Test
    void neverRetriesFailuresThatNeedAnAdministrator() {
        RetryPolicy policy = RetryPolicy.standard();
        assertThat(policy.delayAfter(1, new MimecastException.BindingExpired("418", 418, null))).isEmpty();
        assertThat(policy.delayAfter(1, new MimecastException.PermissionMissing(LogType.URL, "403", 403, null))).isEmpty();
        assertThat(policy.delayAfter(1, new MimecastException.AuthenticationFailed(ApiGeneration.API_1, "401", 401, null))).isEmpty();
        assertThat(policy.delayAfter(1, new MimecastException.WrongRegion("region", 401, null))).isEmpty();
        assertThat(policy.delayAfter(1, new MimecastException.RequestRejected("400", 400, null))).isEmpty();
    }

    @Test
    void retriesBadResponsesLikeTransientFailures() {
        assertThat(RetryPolicy.standard().delayAfter(1, new MimecastException.BadResponse("bad", 200, null, true, null))).isPresent();
    }
}
