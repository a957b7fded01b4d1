package io.maillake.mimecast.ratelimit;

import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.http.RateLimitHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limit quota of one credential, shared by every log type (and every integration) that
 * calls Mimecast with it: Mimecast counts calls per user (API 1.0) or per application (API 2.0),
 * not per endpoint, so three streams polling independently would starve each other.
 *
 * <p>The budget learns the quota from the {@code X-RateLimit-*} headers of every response. A call
 * may go out while Mimecast's last word says calls remain (minus those already in flight); otherwise
 * {@link #acquire()} throws {@link MimecastException.RateLimited} with the wait, without calling.
 * After a 429 nothing goes out until the announced reset. Thread-safe.
 */
public final class RateLimitBudget {
    private final String key;
    private final Clock clock;

    private long limit = -1;
    /** Calls left as of the last response; -1 while unknown (nothing heard yet). */
    private long remaining = -1;
    /** When at least one more call is available, per the last response that said none remain. */
    private Instant replenishedAt = Instant.MIN;
    /** No call before this instant: set by a 429. */
    private Instant blockedUntil = Instant.MIN;
    private int inFlight;

    public RateLimitBudget(String key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** The credential's quota key (a digest; safe to show). */
    public String key() { return key; }

    /**
     * Reserves one call. Pair with {@link #release}.
     *
     * @throws MimecastException.RateLimited if the quota is spent; nothing was sent
     */
    public synchronized void acquire() throws MimecastException.RateLimited {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            throw held(Duration.between(now, blockedUntil));
        }
        if (remaining >= 0 && available(now) - inFlight <= 0) {
            Instant next = replenishedAt.isAfter(now) ? replenishedAt : now.plusMillis(100);
            throw held(Duration.between(now, next));
        }
        inFlight++;
    }

    /** Ends a call reserved by {@link #acquire()}; {@code headers} is null when no response arrived. */
    public synchronized void release(int status, RateLimitHeaders headers) {
        inFlight = Math.max(0, inFlight - 1);
        if (headers == null) return;
        Instant now = clock.instant();
        headers.limit().ifPresent(l -> limit = l);
        if (headers.remaining().isPresent()) {
            remaining = headers.remaining().getAsLong();
            Duration reset = headers.reset().orElse(RateLimitHeaders.DEFAULT_RESET);
            replenishedAt = now.plus(reset);
        }
        if (status == 429) {
            Duration reset = headers.reset().filter(d -> !d.isZero()).orElse(RateLimitHeaders.DEFAULT_RESET);
            Instant until = now.plus(reset);
            if (until.isAfter(blockedUntil)) blockedUntil = until;
            remaining = 0;
            replenishedAt = until;
        }
    }

    /** A snapshot for status pages and metrics. */
    public synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        Instant until = now.isBefore(blockedUntil) ? blockedUntil : null;
        return new Snapshot(limit, remaining, until, inFlight);
    }

    /** What the budget knows. {@code limit} and {@code remaining} are -1 while unknown; {@code blockedUntil} is null unless a 429 holds calls back. */
    public record Snapshot(long limit, long remaining, Instant blockedUntil, int inFlight) { }

    /** Calls Mimecast would accept now: its last count, or at least one once the reset has passed. */
    private long available(Instant now) {
        if (!now.isBefore(replenishedAt)) return Math.max(remaining, 1);
        return remaining;
    }

    private MimecastException.RateLimited held(Duration wait) {
        return new MimecastException.RateLimited(
                "Mimecast rate limit for these credentials is spent; next call in " + wait.toMillis() + " ms",
                0, null, wait, false);
    }
}
