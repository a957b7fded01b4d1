package io.maillake.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Whether and when a failed notification is tried again: every retry decision of the webhook sender is here. */
final class RetrySchedule {
    /**
     * Attempts before a notification is given up. With the waits below (10 s doubling to 1 h, each
     * between half and all of that), the twelfth comes 1.7 to 3.4 hours after the first: a receiver
     * may be down for a deployment or an afternoon's outage without losing anything.
     */
    static final int MAX_ATTEMPTS = 12;
    /** First wait: about what a receiver takes to restart. */
    static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    /** Longest wait, also for a receiver's Retry-After: a notification an hour late is still worth sending. */
    static final Duration MAX_DELAY = Duration.ofHours(1);

    private RetrySchedule() { }

    /**
     * Whether an HTTP answer other than 2xx is worth trying again. 408, 425, 429 and 5xx are the
     * receiver's passing trouble. Any other 4xx says it refuses this request and will refuse it again
     * (wrong path, wrong token): the notification fails at once and "Retry failed" sends it after the
     * fix. A 3xx is not followed (a redirect may lead anywhere) and fails: the URL should be the final one.
     */
    static boolean retriable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * @param attempts   attempts made, including the one that just failed
     * @param retriable  whether the failure may pass (no answer, or {@link #retriable(int)})
     * @param retryAfter the receiver's {@code Retry-After}, or null
     * @return how long to wait before the next attempt; empty: give up
     */
    static Optional<Duration> next(int attempts, boolean retriable, Duration retryAfter, RandomGenerator random) {
        if (!retriable || attempts >= MAX_ATTEMPTS) return Optional.empty();
        long ceiling = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(attempts - 1, 20));
        // half fixed, half random ("equal jitter"): notifications that failed together spread out, and none comes back at once
        long wait = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        if (retryAfter != null) wait = Math.max(wait, Math.min(retryAfter.toMillis(), MAX_DELAY.toMillis()));
        return Optional.of(Duration.ofMillis(wait));
    }
}
