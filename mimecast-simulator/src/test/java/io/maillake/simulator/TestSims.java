package io.maillake.simulator;

import java.time.Duration;
import java.time.Instant;

/** Shared test settings: a fixed clock in the past and small data volumes, so tests stay fast. */
final class TestSims {
    static final Instant NOW = Instant.parse("2025-01-06T12:00:00Z");

    private TestSims() {
    }

    static SimulatorConfig.Builder small(MutableClock clock) {
        return SimulatorConfig.builder().seed(42).clock(clock).history(Duration.ofHours(2))
                .eventsPerMinute(LogType.URL, 120).eventsPerMinute(LogType.IMPERSONATION, 30)
                .eventsPerMinute(LogType.ATTACHMENT, 60);
    }

    static MutableClock clock() {
        return new MutableClock(NOW);
    }

    /** A filter body for [from, to) in the +0000 format. */
    static String window(Instant from, Instant to, boolean oldestFirst, int pageSize) {
        return "{\"meta\":{\"pagination\":{\"pageSize\":" + pageSize + "}},\"data\":[{\"from\":\"" + fmt(from)
                + "\",\"to\":\"" + fmt(to) + "\",\"oldestFirst\":" + oldestFirst + "}]}";
    }

    static String tokenOnly(String token) {
        return "{\"meta\":{\"pagination\":{\"pageToken\":\"" + token + "\"}}}";
    }

    static final java.time.format.DateTimeFormatter PLUS0000 =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(java.time.ZoneOffset.UTC);

    static String fmt(Instant t) {
        return PLUS0000.format(t);
    }
}
