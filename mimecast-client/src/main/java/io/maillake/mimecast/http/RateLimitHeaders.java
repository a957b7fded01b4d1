package io.maillake.mimecast.http;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Mimecast's rate-limit headers, present on every response (API.md 4.3): {@code X-RateLimit-Limit}
 * (the quota), {@code X-RateLimit-Remaining} (calls left) and {@code X-RateLimit-Reset}
 * (milliseconds until at least one call is added back).
 */
public record RateLimitHeaders(OptionalLong limit, OptionalLong remaining, OptionalLong resetMillis) {
    /**
     * Wait used after a 429 that carries no usable {@code X-RateLimit-Reset}. One second is
     * Mimecast's own samples' minimum ({@code sleep(ceil(reset/1000))}), so we never hammer.
     */
    public static final Duration DEFAULT_RESET = Duration.ofSeconds(1);

    public static RateLimitHeaders of(ApiResponse response) {
        return new RateLimitHeaders(response.longHeader("X-RateLimit-Limit"),
                response.longHeader("X-RateLimit-Remaining"), response.longHeader("X-RateLimit-Reset"));
    }

    /**
     * Longest reset believed. A larger value is taken as this one: a broken or hostile header would otherwise park
     * a stream for years (and {@code collect --once} with it). Should a real quota reset later, waiting only this
     * long costs one early call, which Mimecast answers with another 429 and a fresh reset.
     */
    public static final Duration MAX_RESET = Duration.ofHours(1);

    /** The reset as a duration, if present and not negative; at most {@link #MAX_RESET}. */
    public java.util.Optional<Duration> reset() {
        if (resetMillis.isEmpty() || resetMillis.getAsLong() < 0) return java.util.Optional.empty();
        return java.util.Optional.of(Duration.ofMillis(Math.min(resetMillis.getAsLong(), MAX_RESET.toMillis())));
    }

    /** The wait a 429 asks for: {@code X-RateLimit-Reset}, or {@link #DEFAULT_RESET} when it is missing. */
    public static Duration resetOrDefault(ApiResponse response) {
        return of(response).reset().filter(d -> !d.isZero()).orElse(DEFAULT_RESET);
    }
}
