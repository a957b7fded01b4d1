package io.maillake.collect;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.MutableClock;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.testing.LakeTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Maillake data directory and a simulator sharing one hand-moved clock. The collector's waits
 * advance the clock instead of sleeping, so retries, token expiry and rate-limit resets happen in
 * simulated time and tests stay fast.
 */
final class Harness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-04-01T12:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final MimecastSimulator sim;
    final Maillake app;

    Harness(Path dir, SimulatorConfig.Builder simConfig) {
        sim = MimecastSimulator.start(simConfig.port(0).clock(clock).build());
        app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true"), clock);
    }

    static SimulatorConfig.Builder sim() {
        return SimulatorConfig.builder().seed(21).history(Duration.ofHours(8))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 40)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, 10)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 20)
                .duplicateRate(0.03).lateFraction(0);
    }

    Integration addApi1(String name, int account, LogType... types) {
        var c = sim.account(account).api1();
        return app.integrations().add("default", new IntegrationDraft(name, null, sim.baseUrl().toString(), c.appId(),
                c.appKey(), c.accessKey(), c.secretKey(), null, null, ids(types), true));
    }

    Integration addApi2(String name, int account, LogType... types) {
        var c = sim.account(account).api2();
        return app.integrations().add("default", new IntegrationDraft(name, null, sim.baseUrl().toString(), null, null,
                null, null, c.clientId(), c.clientSecret(), ids(types), true));
    }

    private static List<String> ids(LogType... types) {
        return java.util.Arrays.stream(types.length == 0 ? LogType.values() : types).map(LogType::id).toList();
    }

    /** Waits advance the shared clock; a tiny real pause keeps threads interleaving. */
    Sleeper sleeper() {
        return d -> {
            clock.advance(d);
            Thread.sleep(1);
        };
    }

    Collector collector(CollectSettings settings) {
        return app.collector(settings, RetryPolicy.standard(), sleeper());
    }

    static CollectSettings settings() {
        return CollectSettings.defaults().withLookBack(Duration.ofHours(6)).withBatchRows(700);
    }

    /** Raw records landed by a stream, as a multiset. */
    Map<String, Integer> landed(Integration i, LogType type) {
        return LakeTruth.landed(app, i, type, null);
    }

    long duplicatesOfEventUid() {
        return LakeTruth.duplicatesOfEventUid(app);
    }

    Map<String, Integer> truth(int account, LogType type, Instant from, Instant to) {
        return LakeTruth.truth(sim, account, type, from, to);
    }

    /** The stream's committed cursor. */
    io.maillake.domain.StreamCursor cursor(Integration i, LogType type) {
        return app.lake().cursor(i.stream(type));
    }

    @Override
    public void close() {
        app.close();
        sim.close();
    }
}
