package io.maillake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.Integration;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import io.maillake.testing.LakeTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Collection against the simulator: every simulated event of the collected range is in the lake
 * exactly once, for API 1.0 and 2.0, through each kind of fault.
 */
class CollectorTest {
    @TempDir Path dir;

    /** Collects until every stream is caught up (several rounds when faults exhaust retries), failing on ERROR. */
    private static void collectUntilCaughtUp(Harness h, Collector collector, int maxRounds) {
        for (int round = 0; round < maxRounds; round++) {
            List<Collector.StreamReport> reports = collector.collectOnce(Harness.START.minus(Duration.ofHours(6)), Collector.Progress.NONE);
            assertThat(reports).noneMatch(r -> r.status().state() == StreamState.ERROR);
            if (reports.stream().allMatch(r -> r.ending() == RunOutcome.Ending.CAUGHT_UP)) return;
        }
        throw new AssertionError("streams did not catch up in " + maxRounds + " rounds");
    }

    private static void assertExactlyOnce(Harness h, Integration i, int account, LogType type) {
        StreamCursor c = h.cursor(i, type);
        Map<String, Integer> truth = h.truth(account, type, Harness.START.minus(Duration.ofHours(6)), c.matureTo());
        Map<String, Integer> landed = h.landed(i, type);
        // everything in the mature range exactly once, and nothing beyond what was read
        Map<String, Integer> landedInRange = new java.util.HashMap<>();
        Map<String, Integer> all = h.truth(account, type, Harness.START.minus(Duration.ofHours(6)), c.leadTo());
        for (var e : landed.entrySet()) {
            assertThat(all.getOrDefault(e.getKey(), 0)).as("landed more often than it exists: %s", e.getKey()).isGreaterThanOrEqualTo(e.getValue());
            if (truth.containsKey(e.getKey())) landedInRange.put(e.getKey(), e.getValue());
        }
        assertThat(LakeTruth.difference(truth, landedInRange)).as(i.name() + "/" + type.id()).isEmpty();
        assertThat(truth.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(100);
    }

    @ParameterizedTest(name = "API {0}")
    @ValueSource(ints = {1, 2})
    void collectsEveryEventOfTheRangeExactlyOnceIncludingIdenticalRecordsInOneSecond(int api) {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration i = api == 1 ? h.addApi1("v1", 0) : h.addApi2("v2", 0);
            collectUntilCaughtUp(h, collector, 1);
            for (LogType t : LogType.values()) {
                assertExactlyOnce(h, i, 0, t);
                assertThat(h.cursor(i, t).matureTo()).isEqualTo(Harness.START.minus(Duration.ofMinutes(10)));
            }
            assertThat(h.duplicatesOfEventUid()).isZero();
            assertThat(h.app.integrations().streams(i)).allSatisfy(s -> assertThat(s.state()).isEqualTo(StreamState.CONNECTED));
        }
    }

    @ParameterizedTest(name = "API {0}")
    @ValueSource(ints = {1, 2})
    void landsNothingTwiceWhenCollectingAgainAndCollectsLateRecordsOnceTheyMature(int api) {
        try (Harness h = new Harness(dir, Harness.sim().lateFraction(0.2).lateDelay(Duration.ofMinutes(4)));
             Collector collector = h.collector(Harness.settings())) {
            Integration i = api == 1 ? h.addApi1("v1", 0) : h.addApi2("v2", 0);
            collectUntilCaughtUp(h, collector, 1);
            for (int minute = 0; minute < 25; minute++) {
                h.clock.advance(Duration.ofMinutes(1));
                collectUntilCaughtUp(h, collector, 1);
            }
            for (LogType t : LogType.values()) {
                assertThat(h.cursor(i, t).matureTo()).isAfter(Harness.START.plus(Duration.ofMinutes(10)));
                assertExactlyOnce(h, i, 0, t);
            }
            assertThat(h.duplicatesOfEventUid()).isZero();
        }
    }

    static List<FaultRule> storms() {
        return List.of(
                FaultRule.of(new Fault.RateLimited(Duration.ofSeconds(3))).always().probability(0.25),
                FaultRule.of(new Fault.ServerError(503)).always().probability(0.1),
                FaultRule.of(new Fault.ServerError(500)).always().probability(0.05),
                FaultRule.of(new Fault.FailInBody("err_injected_failure", "try later", true)).always().probability(0.05),
                FaultRule.of(new Fault.DropConnection()).always().probability(0.05),
                FaultRule.of(new Fault.MalformedJson()).always().probability(0.03),
                FaultRule.of(new Fault.TruncatedBody(true)).always().probability(0.03),
                FaultRule.of(new Fault.ExpireTokens()).always().probability(0.05));
    }

    @ParameterizedTest(name = "API {0}")
    @ValueSource(ints = {1, 2})
    void collectsExactlyOnceThrough429Storms5xxFailsInA200DroppedConnectionsBadBodiesAndTokenExpiry(int api) {
        try (Harness h = new Harness(dir, Harness.sim().history(Duration.ofHours(7))); Collector collector = h.collector(Harness.settings())) {
            Integration i = api == 1 ? h.addApi1("v1", 0) : h.addApi2("v2", 0);
            storms().forEach(rule -> h.sim.faults().add(rule));

            collectUntilCaughtUp(h, collector, 20);

            for (LogType t : LogType.values()) assertExactlyOnce(h, i, 0, t);
            assertThat(h.duplicatesOfEventUid()).isZero();
            assertThat(h.sim.stats().countStatus(429)).isPositive();
            assertThat(h.sim.stats().countStatus(503)).isPositive();
            if (api == 2) assertThat(h.sim.requests().matching(r -> r.path().equals("/oauth/token")).size()).isGreaterThan(1);
        }
    }

    @Test
    void aCollectRunEndsWhenMimecastsRateLimitStaysSpentAndReportsItInsteadOfWaitingForever() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration i = h.addApi2("v2", 0, LogType.URL);
            h.sim.faults().add(FaultRule.of(new Fault.RateLimited(Duration.ofSeconds(30))).always());
            Instant start = h.clock.instant();

            List<Collector.StreamReport> reports = collector.collectOnce(null, Collector.Progress.NONE);

            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.ending()).isEqualTo(RunOutcome.Ending.FAILED);
                assertThat(r.status().state()).isEqualTo(StreamState.DEGRADED);
                assertThat(r.status().errorCode()).isEqualTo("rate_limited");
            });
            Duration waited = Duration.between(start, h.clock.instant());
            assertThat(waited).isGreaterThanOrEqualTo(io.maillake.mimecast.RetryPolicy.RATE_LIMIT_PATIENCE.minusMinutes(1))
                    .isLessThan(io.maillake.mimecast.RetryPolicy.RATE_LIMIT_PATIENCE.plusMinutes(2));
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.DEGRADED);
        }
    }

    @Test
    void aMissingPermissionStopsOnlyThatLogTypeWithAFixNamingTheMimecastSetting() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration i = h.addApi1("v1", 0);
            h.sim.faults().denyPermission(0, io.maillake.simulator.LogType.ATTACHMENT);

            collector.collectOnce(null, Collector.Progress.NONE);

            StreamStatus attachment = h.app.store().streamStatus(i.id(), LogType.ATTACHMENT);
            assertThat(attachment.state()).isEqualTo(StreamState.ERROR);
            assertThat(attachment.errorCode()).isEqualTo("permission_missing");
            assertThat(attachment.errorFix()).contains("Monitoring | Attachment Protection | Read");
            assertExactlyOnce(h, i, 0, LogType.URL);
            assertExactlyOnce(h, i, 0, LogType.IMPERSONATION);
            long calls = h.sim.stats().count(0, LogType.ATTACHMENT.path(), 403);

            h.clock.advance(Duration.ofMinutes(2));
            collector.pollRound();
            assertThat(h.sim.stats().count(0, LogType.ATTACHMENT.path(), 403)).as("serve does not call a stream in ERROR").isEqualTo(calls);
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);

            h.sim.faults().grantPermission(0, io.maillake.simulator.LogType.ATTACHMENT);
            assertThat(h.app.integrations().test(i.id())).allMatch(c -> c.ok());
            assertThat(h.app.store().streamStatus(i.id(), LogType.ATTACHMENT).state()).isEqualTo(StreamState.PENDING);
            collector.pollRound();
            assertThat(h.app.store().streamStatus(i.id(), LogType.ATTACHMENT).state()).isEqualTo(StreamState.CONNECTED);
        }
    }

    @Test
    void aCollectRunRefusingTheBaseUrlInItsOwnEnvironmentDoesNotStopTheServersCollection() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector serve = h.collector(Harness.settings())) {
            Integration i = h.addApi2("v2", 0, LogType.URL);
            serve.pollRound();
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);

            // `collect --once` from a shell without MAILLAKE_ALLOW_INSECURE_BASE_URL, on the same data directory
            try (io.maillake.Maillake cli = io.maillake.Maillake.open(dir, Map.of(), h.clock);
                 Collector once = cli.collector(Harness.settings(), io.maillake.mimecast.RetryPolicy.standard(), h.sleeper())) {
                List<Collector.StreamReport> reports = once.collectOnce(null, Collector.Progress.NONE);
                assertThat(reports).singleElement().satisfies(r -> {
                    assertThat(r.status().state()).isEqualTo(StreamState.ERROR);
                    assertThat(r.status().errorCode()).isEqualTo("invalid_configuration");
                });
            }
            long calls = h.sim.stats().count(0, LogType.URL.path(), 200);
            h.clock.advance(Duration.ofMinutes(3));
            assertThat(h.app.integrations().streams(i)).singleElement()
                    .satisfies(s -> assertThat(s.lagSeconds()).as("lag grows while nobody collects").isGreaterThanOrEqualTo(180));

            serve.pollRound();

            assertThat(h.sim.stats().count(0, LogType.URL.path(), 200)).as("the server called Mimecast again").isGreaterThan(calls);
            assertThat(h.app.store().streamStatus(i.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);
            assertExactlyOnce(h, i, 0, LogType.URL);
        }
    }

    @Test
    void anExpiredBindingStopsTheApi1IntegrationWithTheFixWhileAnApi2IntegrationGoesOn() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration v1 = h.addApi1("v1", 0);
            Integration v2 = h.addApi2("v2", 0, LogType.URL);
            h.sim.faults().expireBinding(0);

            List<Collector.StreamReport> reports = collector.collectOnce(null, Collector.Progress.NONE);

            assertThat(h.app.integrations().streams(v1)).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(StreamState.ERROR);
                assertThat(s.errorCode()).isEqualTo("binding_expired");
                assertThat(s.errorFix()).contains("Authentication Cache TTL", "Never Expire");
            });
            assertThat(h.app.store().streamStatus(v2.id(), LogType.URL).state()).isEqualTo(StreamState.CONNECTED);
            assertExactlyOnce(h, v2, 0, LogType.URL);
            assertThat(reports).filteredOn(r -> r.integration().id().equals(v1.id())).allMatch(r -> r.ending() == RunOutcome.Ending.FAILED);
        }
    }

    @Test
    void showsDegradedWhileRetryingAndConnectedAgainOnceCaughtUp() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration i = h.addApi2("v2", 0, LogType.URL);
            h.sim.faults().add(FaultRule.of(new Fault.ServerError(502)).always());

            collector.collectOnce(null, Collector.Progress.NONE);
            StreamStatus s = h.app.store().streamStatus(i.id(), LogType.URL);
            assertThat(s.state()).isEqualTo(StreamState.DEGRADED);
            assertThat(s.errorCode()).isEqualTo("transient");
            assertThat(s.retryingSince()).isNotNull();

            h.sim.faults().clear();
            collector.collectOnce(null, Collector.Progress.NONE);
            s = h.app.store().streamStatus(i.id(), LogType.URL);
            assertThat(s.state()).isEqualTo(StreamState.CONNECTED);
            assertThat(s.errorCode()).isNull();
            assertThat(h.app.store().streamHistory(i.id(), LogType.URL, 10)).extracting(StreamStatus::state)
                    .containsExactly(StreamState.CONNECTED, StreamState.DEGRADED);
        }
    }

    /**
     * Pages are staged in the lake as they are read; when staging a page fails, the pages handed over after
     * it must not be committed without it. Runs that hit a failure stop (DEGRADED, storage) and the next run
     * reads on from the last commit: in the end every event is there exactly once.
     */
    @Test
    void aPageThatFailsToStageLandsNothingOfItsBatchAndIsReadAgain() {
        try (Harness h = new Harness(dir, Harness.sim())) {
            Integration i = h.addApi2("v2", 0, LogType.URL);
            java.util.concurrent.atomic.AtomicInteger adds = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            io.maillake.lake.Lake failing = new FailingStaging(h.app.lake(), () -> adds.incrementAndGet() % 5 == 3 && failures.incrementAndGet() <= 4);
            try (Collector collector = new Collector(h.app.store(), failing, h.app.connector(), Harness.settings(),
                    io.maillake.mimecast.RetryPolicy.standard(), h.clock, h.sleeper())) {
                boolean sawFailure = false;
                for (int round = 0; round < 10; round++) {
                    List<Collector.StreamReport> reports = collector.collectOnce(Harness.START.minus(Duration.ofHours(6)), Collector.Progress.NONE);
                    sawFailure |= reports.stream().anyMatch(r -> r.status().state() == StreamState.DEGRADED
                            && "storage_failed".equals(r.status().errorCode()));
                    if (reports.stream().allMatch(r -> r.ending() == RunOutcome.Ending.CAUGHT_UP)) break;
                }
                assertThat(failures.get()).as("staging failures injected").isGreaterThanOrEqualTo(4);
                assertThat(sawFailure).isTrue();
            }
            assertExactlyOnce(h, i, 0, LogType.URL);
            assertThat(h.duplicatesOfEventUid()).isZero();
        }
    }

    /** A lake whose batches fail to stage a page when {@code failNow} says so; everything else is the real lake. */
    private record FailingStaging(io.maillake.lake.Lake real, java.util.function.BooleanSupplier failNow) implements io.maillake.lake.Lake {
        @Override public StreamCursor cursor(io.maillake.domain.StreamKey s) { return real.cursor(s); }

        @Override public io.maillake.lake.UidSet landedUids(io.maillake.domain.StreamKey s, Instant from, Instant to) {
            return real.landedUids(s, from, to);
        }

        @Override public StreamCursor commit(io.maillake.domain.StreamKey s, List<io.maillake.domain.EmailEvent> e, long v, StreamCursor n) {
            return real.commit(s, e, v, n);
        }

        @Override public Batch openBatch(io.maillake.domain.StreamKey s) {
            Batch batch = real.openBatch(s);
            return new Batch() {
                @Override public void add(List<io.maillake.domain.EmailEvent> events) {
                    // half the page goes in first, as when a write breaks off midway
                    batch.add(events.subList(0, events.size() / 2));
                    if (failNow.getAsBoolean()) throw new io.maillake.store.StoreException("staging failed (injected)", null);
                    batch.add(events.subList(events.size() / 2, events.size()));
                }

                @Override public int size() { return batch.size(); }

                @Override public StreamCursor commit(long v, StreamCursor n) { return batch.commit(v, n); }

                @Override public void close() { batch.close(); }
            };
        }

        @Override public StreamStats stats(io.maillake.domain.StreamKey s) { return real.stats(s); }

        @Override public void forgetIntegration(String id) { real.forgetIntegration(id); }

        @Override public void close() { }
    }

    @Test
    void makesTheMinimumOfCallsPlusOnePerWindow() {
        try (Harness h = new Harness(dir, Harness.sim().duplicateRate(0)); Collector collector = h.collector(Harness.settings())) {
            Integration i = h.addApi1("v1", 0, LogType.URL);
            collector.collectOnce(null, Collector.Progress.NONE);
            long events = h.landed(i, LogType.URL).values().stream().mapToInt(Integer::intValue).sum();
            long calls = h.sim.stats().count(0, LogType.URL.path(), 200);
            long windows = 6; // a 6-hour look-back in 1-hour windows
            assertThat(calls).isLessThanOrEqualTo((events + 499) / 500 + windows);
        }
    }

    /**
     * Today's connectors lose their cursor when an integration moves from API 1.0 to 2.0. Here the
     * stream's cursor belongs to the integration and log type, not to the credentials: the first
     * run on API 2.0 carries on from where API 1.0 stopped, and nothing is lost or landed twice.
     */
    @Test
    void movingAnIntegrationFromApi1ToApi2KeepsItsCursorsAndLosesOrDuplicatesNothing() {
        try (Harness h = new Harness(dir, Harness.sim()); Collector collector = h.collector(Harness.settings())) {
            Integration i = h.addApi1("moving", 0);
            collectUntilCaughtUp(h, collector, 1);
            Map<LogType, StreamCursor> onApi1 = new java.util.EnumMap<>(LogType.class);
            for (LogType t : LogType.values()) onApi1.put(t, h.cursor(i, t));
            h.clock.advance(Duration.ofMinutes(30));

            var api2 = h.sim.account(0).api2();
            Integration moved = h.app.integrations().update(i.id(), new io.maillake.domain.IntegrationDraft(i.name(), null,
                    h.sim.baseUrl().toString(), null, null, null, null, api2.clientId(), api2.clientSecret(),
                    java.util.Arrays.stream(LogType.values()).map(LogType::id).toList(), true));
            assertThat(moved.generation()).isEqualTo(io.maillake.mimecast.ApiGeneration.API_2);
            h.sim.requests().clear();
            collectUntilCaughtUp(h, collector, 1);

            assertThat(h.sim.requests().matching(r -> r.path().equals("/oauth/token"))).isNotEmpty();
            for (LogType t : LogType.values()) {
                assertThat(h.cursor(i, t).matureTo()).isAfter(onApi1.get(t).matureTo());
                assertExactlyOnce(h, i, 0, t);
            }
            assertThat(h.duplicatesOfEventUid()).isZero();
            // no re-read of the look-back: the API 2.0 calls start at API 1.0's cursor, less the overlap
            java.util.regex.Pattern from = java.util.regex.Pattern.compile("\"from\"\\s*:\\s*\"([^\"]+)\"");
            List<Instant> starts = h.sim.requests().matching(r -> r.path().contains("get-logs")).stream()
                    .map(r -> from.matcher(r.body())).filter(java.util.regex.Matcher::find)
                    .map(m -> java.time.OffsetDateTime.parse(m.group(1), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXX")).toInstant())
                    .toList();
            assertThat(starts).isNotEmpty().allSatisfy(t -> assertThat(t).isAfterOrEqualTo(onApi1.get(LogType.URL).matureTo().minus(Duration.ofMinutes(30))));
        }
    }
}
