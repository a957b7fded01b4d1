package io.maillake.mimecast.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.mimecast.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerTimeTest {
    private final MutableClock local = new MutableClock(Instant.parse("2026-05-05T14:00:00Z"));
    private final ServerTime server = new ServerTime(local);

    @Test
    void capsOurClockAtMimecastsWhenOursIsAhead() {
        server.observe("Tue, 05 May 2026 12:00:00 GMT");
        assertThat(server.localAhead()).isBetween(Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2));
        assertThat(server.cap(local).instant()).isBetween(Instant.parse("2026-05-05T12:00:00Z"), Instant.parse("2026-05-05T12:00:05Z"));
        local.advance(Duration.ofHours(-2)); // our clock corrected: no cap, without a new answer from Mimecast
        assertThat(server.localAhead()).isZero();
        assertThat(server.cap(local).instant()).isEqualTo(local.instant());
    }

    @Test
    void leavesOurClockAloneWhenItIsBehindOrWithinTheTolerance() {
        server.observe("Tue, 05 May 2026 15:00:00 GMT");
        assertThat(server.cap(local).instant()).isEqualTo(local.instant());
        server.observe("Tue, 05 May 2026 13:59:59 GMT");
        assertThat(server.localAhead()).isZero();
    }

    @Test
    void ignoresMissingAndMalformedDates() {
        server.observe("yesterday");
        assertThat(server.localAhead()).isZero();
        assertThat(server.cap(local).instant()).isEqualTo(local.instant());
        // a malformed Date after a good one keeps what the good one said
        server.observe("Tue, 05 May 2026 12:00:00 GMT");
        server.observe("Tue, 05 May 2026 99:00:00 GMT");
        assertThat(server.localAhead()).isBetween(Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2));
    }
}
