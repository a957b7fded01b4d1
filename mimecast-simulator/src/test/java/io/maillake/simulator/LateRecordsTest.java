package io.maillake.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LateRecordsTest {
    private MutableClock clock;
    private MimecastSimulator sim;
    private SimHttp http;
    private String token;

    @BeforeEach
    void start() {
        clock = TestSims.clock();
        sim = MimecastSimulator.start(TestSims.small(clock).lateFraction(0.3).lateDelay(Duration.ofMinutes(5))
                .tokenTtl(Duration.ofHours(2)).build());
        http = new SimHttp(sim);
        token = http.token(sim.account(0).api2());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<String> visibleTruth(Instant from, Instant to, Instant at) {
        return sim.groundTruthEvents(0, LogType.URL, from, to).stream()
                .filter(e -> !e.visibleAt().isAfter(at)).map(TruthEvent::json).toList();
    }

    private List<String> pageAll(Instant from, Instant to, int pageSize) {
        return http.pageAll(b -> http.bearer(token, LogType.URL, b), TestSims.window(from, to, true, pageSize),
                TestSims::tokenOnly, LogType.URL);
    }

    @Test
    void lateRecordsAppearOnlyAfterTheirDelay() {
        Instant from = TestSims.NOW.minus(Duration.ofMinutes(4));
        Instant to = TestSims.NOW;
        List<TruthEvent> all = sim.groundTruthEvents(0, LogType.URL, from, to);
        long late = all.stream().filter(e -> e.visibleAt().isAfter(TestSims.NOW)).count();
        assertThat(late).as("some events are still invisible").isPositive();

        List<String> now = pageAll(from, to, 100);
        assertThat(now).containsExactlyElementsOf(visibleTruth(from, to, TestSims.NOW)).hasSize(all.size() - (int) late);

        clock.advance(Duration.ofMinutes(5));
        assertThat(pageAll(from, to, 100)).containsExactlyElementsOf(all.stream().map(TruthEvent::json).toList());
    }

    @Test
    void pagingIsStableAcrossTheSnapshotWhileRecordsBecomeVisible() {
        Instant from = TestSims.NOW.minus(Duration.ofMinutes(6));
        Instant to = TestSims.NOW;
        List<String> atSnapshot = visibleTruth(from, to, TestSims.NOW);
        List<String> served = new ArrayList<>();
        SimHttp.Response r = http.bearer(token, LogType.URL, TestSims.window(from, to, true, 40));
        served.addAll(r.rawRecords(LogType.URL));
        while (r.next() != null) {
            clock.advance(Duration.ofSeconds(30)); // late records surface between pages
            r = http.bearer(token, LogType.URL, TestSims.tokenOnly(r.next()));
            served.addAll(r.rawRecords(LogType.URL));
        }
        assertThat(visibleTruth(from, to, clock.instant())).hasSizeGreaterThan(atSnapshot.size());
        assertThat(served).containsExactlyElementsOf(atSnapshot);
    }

    @Test
    void aVisibilityLagDelaysEveryRecord() {
        try (MimecastSimulator lagged = MimecastSimulator.start(TestSims.small(clock).lateFraction(0)
                .visibilityLag(Duration.ofSeconds(90)).build())) {
            List<TruthEvent> events = lagged.groundTruthEvents(0, LogType.URL, TestSims.NOW.minusSeconds(600), TestSims.NOW);
            assertThat(events).allSatisfy(e -> assertThat(Duration.between(e.time(), e.visibleAt()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(90)).isLessThan(Duration.ofSeconds(91)));
        }
    }
}
