package io.maillake.mimecast;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed call again, and after how long. Every retry decision of Maillake is made here.
 *
 * <ul>
 *   <li>Rate limited: retry after Mimecast's {@code X-RateLimit-Reset} plus a little jitter. A spent
 *       quota is the normal state of a busy shared credential, not an error; but a quota that stays
 *       spent for {@link #RATE_LIMIT_PATIENCE} ends the attempt, so a one-shot run cannot wait forever.</li>
 *   <li>Transient (5xx, I/O, timeouts) and bad responses: exponential backoff with full jitter,
 *       {@link #BASE} doubling up to {@link #CAP}, at most {@link #maxAttempts} attempts; after that
 *       the caller keeps its cursor and tries again on its next cycle.</li>
 *   <li>Everything else (credentials, binding, permission, region, rejected request) needs a
 *       person, so retrying only spends quota: never.</li>
 * </ul>
 */
public final class RetryPolicy {
    /** First backoff. Mimecast 5xx and dropped connections are usually momentary. */
    public static final Duration BASE = Duration.ofMillis(500);
    /** Longest backoff between two attempts: an outage is noticed within minutes of ending. */
    public static final Duration CAP = Duration.ofMinutes(2);
    /** Spread of the wait added after a rate-limit reset, so the streams sharing a quota do not all call at once. */
    public static final Duration RATE_LIMIT_JITTER = Duration.ofMillis(250);
    /** How long one call waits out rate limits, in all, before giving up until the next cycle. */
    public static final Duration RATE_LIMIT_PATIENCE = Duration.ofMinutes(10);
    /** Attempts within one polling cycle; eight doublings from 0.5 s span about two minutes in all. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private final int maxAttempts;
    private final DoubleSupplier random;

    /**
     * @param random uniform in [0, 1); injected so tests see the exact waits
     */
    public RetryPolicy(int maxAttempts, DoubleSupplier random) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, Math::random);
    }

    public int maxAttempts() { return maxAttempts; }

    /**
     * @param attempt the number of the attempt that just failed, from 1
     * @return the wait before the next attempt, or empty to stop retrying
     */
    public Optional<Duration> delayAfter(int attempt, MimecastException failure) {
        return delayAfter(attempt, failure, Duration.ZERO);
    }

    /**
     * @param rateLimitedSoFar how long this call already waited for rate limits to reset
     * @return the wait before the next attempt, or empty to stop retrying
     */
    public Optional<Duration> delayAfter(int attempt, MimecastException failure, Duration rateLimitedSoFar) {
        return switch (failure) {
            case MimecastException.RateLimited r -> {
                Duration wait = r.retryAfter().plusMillis((long) (random.getAsDouble() * RATE_LIMIT_JITTER.toMillis()));
                yield rateLimitedSoFar.plus(wait).compareTo(RATE_LIMIT_PATIENCE) > 0 ? Optional.empty() : Optional.of(wait);
            }
            case MimecastException.Transient t -> backoff(attempt);
            case MimecastException.BadResponse b -> b.retriable() ? backoff(attempt) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private Optional<Duration> backoff(int attempt) {
        if (attempt >= maxAttempts) return Optional.empty();
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 20));
        // "full jitter": uniform in [ceiling/2, ceiling], so the wait still grows but retries spread out
        long wait = ceiling / 2 + (long) (random.getAsDouble() * (ceiling / 2.0));
        return Optional.of(Duration.ofMillis(wait));
    }
}
