package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.collect.Sleeper;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.StreamCursor;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.MutableClock;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.testing.LakeTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Maillake data directory and a simulator, each with its own hand-moved clock ({@link #simClock} for
 * Mimecast's time, {@link #appClock} for Maillake's), so the two can be moved together or apart. The
 * collector's waits advance both clocks instead of sleeping.
 */
final class SimHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-04-01T12:00:00Z");
    /** Where the first run of every stream starts. */
    static final Instant SINCE = START.minus(Duration.ofHours(6));

    final MutableClock simClock = new MutableClock(START);
    final MutableClock appClock = new MutableClock(START);
    final MimecastSimulator sim;
    final Path dataDir;
    final Maillake app;

    SimHarness(Path dataDir, SimulatorConfig.Builder simConfig) {
        this.dataDir = dataDir;
        sim = MimecastSimulator.start(simConfig.port(0).clock(simClock).build());
        try {
            app = Maillake.open(dataDir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), appClock);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    static SimulatorConfig.Builder sim() {
        return SimulatorConfig.builder().seed(33).history(Duration.ofHours(8))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 40)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, 10)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 20)
                .duplicateRate(0.03).lateFraction(0);
    }

    static CollectSettings settings() {
        return CollectSettings.defaults().withLookBack(Duration.ofHours(6)).withBatchRows(700);
    }

    /** Both clocks move on. */
    void advance(Duration d) {
        simClock.advance(d);
        appClock.advance(d);
    }

    /** Waits advance both clocks; a tiny real pause keeps threads interleaving. */
    Sleeper sleeper() {
        return d -> {
            advance(d);
            Thread.sleep(1);
        };
    }

    Collector collector(CollectSettings settings) {
        return app.collector(settings, RetryPolicy.standard(), sleeper());
    }

    Integration addApi1(String name, LogType... types) {
        var c = sim.account(0).api1();
        return app.integrations().add("default", new IntegrationDraft(name, null, sim.baseUrl().toString(), c.appId(),
                c.appKey(), c.accessKey(), c.secretKey(), null, null, ids(types), true));
    }

    Integration addApi2(String name, LogType... types) {
        var c = sim.account(0).api2();
        return app.integrations().add("default", new IntegrationDraft(name, null, sim.baseUrl().toString(), null, null,
                null, null, c.clientId(), c.clientSecret(), ids(types), true));
    }

    private static List<String> ids(LogType... types) {
        return Arrays.stream(types.length == 0 ? LogType.values() : types).map(LogType::id).toList();
    }

    StreamCursor cursor(Integration i, LogType type) {
        return app.lake().cursor(i.stream(type));
    }

    /** Raw records landed by a stream, as a multiset. */
    Map<String, Integer> landed(Integration i, LogType type) {
        return LakeTruth.landed(app, i, type, null);
    }

    long duplicatesOfEventUid() {
        return LakeTruth.duplicatesOfEventUid(app);
    }

    Map<String, Integer> truth(LogType type, Instant from, Instant to) {
        return LakeTruth.truth(sim, 0, type, from, to);
    }

    /**
     * Exactly once, as far as the committed cursor says: every event Mimecast holds in {@code [SINCE, cursor)} landed
     * once, and nothing landed more often than Mimecast holds it (events read beyond the cursor in a window under way
     * are allowed, once). With {@code lateFraction 0} every event is visible at once, so the cursor's lead counts.
     */
    void assertExactlyOnceUpToCursor(Integration i, LogType type) {
        StreamCursor c = cursor(i, type);
        assertExactlyOnceUpTo(i, type, c.leadTo());
    }

    /** Like {@link #assertExactlyOnceUpToCursor}, up to {@code bound} (e.g. the cursor's mature end). */
    void assertExactlyOnceUpTo(Integration i, LogType type, Instant bound) {
        Map<String, Integer> landed = landed(i, type);
        Map<String, Integer> everything = truth(type, SINCE, simClock.instant().plus(Duration.ofDays(1)));
        for (var e : landed.entrySet()) {
            assertThat(everything.getOrDefault(e.getKey(), 0)).as("landed more often than Mimecast holds it: %s", e.getKey())
                    .isGreaterThanOrEqualTo(e.getValue());
        }
        if (bound == null) return;
        Map<String, Integer> covered = truth(type, SINCE, bound);
        List<String> missing = new ArrayList<>();
        for (var e : covered.entrySet()) {
            if (landed.getOrDefault(e.getKey(), 0) < e.getValue()) missing.add(e.getKey());
        }
        assertThat(missing).as("%s/%s: events before %s that did not land", i.name(), type.id(), bound).isEmpty();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            sim.close();
        }
    }
}
