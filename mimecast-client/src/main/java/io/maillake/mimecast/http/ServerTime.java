package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Mimecast's clock, as its responses' {@code Date} headers tell it, relative to ours. A collector
 * that trusted only its own clock would, after that clock jumped ahead, ask for windows in the
 * future, record them as read, and never read them again once the clock was corrected. Capping our
 * idea of "now" at Mimecast's keeps every window in Mimecast's past. Mimecast's time is carried
 * forward from its latest answer on the monotonic clock, so the cap follows when our wall clock is
 * corrected even before Mimecast is called again. One instance per base URL, shared by its
 * clients; thread-safe.
 */
public final class ServerTime implements Interceptor {
    /**
     * {@code Date} has whole seconds and the response took time to arrive: only a local clock further
     * ahead than this is corrected.
     */
    public static final Duration TOLERANCE = Duration.ofSeconds(2);

    private final Clock local;
    /**
     * Mimecast's time at the latest response, and when that was on the monotonic clock: Mimecast's
     * time now is that plus the monotonic time elapsed since, whatever our wall clock did meanwhile.
     */
    private record Observation(long serverMillis, long nanos) { }

    private volatile Observation latest;

    public ServerTime(Clock local) {
        this.local = local;
    }

    @Override
    public ApiResponse intercept(Chain chain) throws MimecastException {
        ApiResponse response = chain.proceed(chain.request());
        response.header("Date").ifPresent(this::observe);
        return response;
    }

    void observe(String date) {
        // a malformed Date says nothing about the time; keep what we had
        parse(date).ifPresent(server -> latest = new Observation(server.toEpochMilli(), System.nanoTime()));
    }

    /** An HTTP {@code Date} header's instant; empty when it is malformed. */
    public static Optional<Instant> parse(String date) {
        try {
            return Optional.of(ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** How far our clock is ahead of Mimecast's (zero when it is not, within the tolerance). */
    public Duration localAhead() {
        Observation o = latest;
        if (o == null) return Duration.ZERO;
        long serverNow = o.serverMillis() + (System.nanoTime() - o.nanos()) / 1_000_000;
        long ahead = local.millis() - serverNow;
        return ahead > TOLERANCE.toMillis() ? Duration.ofMillis(ahead) : Duration.ZERO;
    }

    /** A clock that follows {@code base} but is never ahead of Mimecast's as last seen. */
    public Clock cap(Clock base) {
        return new Clock() {
            @Override public ZoneId getZone() { return base.getZone(); }
            @Override public Clock withZone(ZoneId zone) { return cap(base.withZone(zone)); }
            @Override public Instant instant() { return base.instant().minus(localAhead()); }
        };
    }
}
