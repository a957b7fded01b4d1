package io.maillake.simulator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per credential (API.md 4.3): capacity {@code limit}, refilled continuously at
 * {@code limit} per {@code window}. Limit 0 means unlimited; the headers then report
 * {@link Integer#MAX_VALUE} so clients never wait. Time comes from the injected clock, so tests
 * refill a bucket by advancing it. Thread-safe.
 */
public final class RateLimiter {
    /** Values of the X-RateLimit-* headers after a decision; {@code resetMillis} until one call is added back. */
    public record Decision(boolean allowed, long limit, long remaining, long resetMillis) {
    }

    /** Tokens in units of 1/window-ms of a call, so refilling is exact integer arithmetic. */
    private static final class Bucket {
        long units;
        long updatedMillis;

        Bucket(long units, long now) {
            this.units = units;
            this.updatedMillis = now;
        }
    }

    private final int limit;
    private final long windowMillis;
    private final long capacity;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.capacity = limit * windowMillis;
        this.clock = clock;
    }

    /** Takes one call from the credential's bucket if there is one. */
    public Decision acquire(String credential) {
        return decide(credential, true);
    }

    /** The bucket's state without taking a call (for responses that execute nothing). */
    public Decision peek(String credential) {
        return decide(credential, false);
    }

    private Decision decide(String credential, boolean take) {
        if (limit == 0) {
            return new Decision(true, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
        }
        if (credential == null) {
            return new Decision(true, limit, limit, 0);
        }
        long now = clock.millis();
        Bucket b = buckets.computeIfAbsent(credential, k -> new Bucket(capacity, now));
        synchronized (b) {
            if (now > b.updatedMillis) {
                // one call is windowMillis units; the bucket gains limit units per millisecond
                b.units = Math.min(capacity, b.units + (now - b.updatedMillis) * limit);
                b.updatedMillis = now;
            }
            boolean allowed = b.units >= windowMillis;
            if (take && allowed) {
                b.units -= windowMillis;
            }
            long remaining = b.units / windowMillis;
            long missing = (remaining + 1) * windowMillis - b.units;
            long reset = b.units >= capacity ? 0 : (missing + limit - 1) / limit;
            return new Decision(!take || allowed, limit, remaining, reset);
        }
    }
}
