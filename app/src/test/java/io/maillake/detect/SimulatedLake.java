package io.maillake.detect;

import io.maillake.Maillake;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Fills a data directory's lake with the simulator's events (planted patterns included), in files of a given size. */
final class SimulatedLake {
    static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

    private SimulatedLake() { }

    static SimulatorConfig.Builder config(Duration history, double perMinute) {
        return SimulatorConfig.builder().port(0).seed(11).history(history).duplicateRate(0.01).lateFraction(0)
                .eventsPerMinute(io.maillake.simulator.LogType.URL, perMinute * 0.6)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, perMinute * 0.25)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, perMinute * 0.15)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Lands [NOW - history, NOW) of account 0 into the default tenant, whose My domains become the account's. */
    static long build(Maillake app, SimulatorConfig config, int fileRows) {
        String tenant = app.store().tenant("default").orElseThrow().id();
        long landed = 0;
        try (MimecastSimulator sim = MimecastSimulator.start(config)) {
            MyNetworks networks = MyNetworks.parse(sim.account(0).domains(), MyNetworks.PRIVATE_RANGES);
            app.store().setNetworks(tenant, networks);
            for (LogType type : LogType.values()) {
                StreamKey key = new StreamKey(tenant, "sim-" + type.id(), type);
                Normaliser.Context ctx = new Normaliser.Context(tenant, key.integrationId(), networks, NOW, NOW);
                OrdinalCounter ordinals = new OrdinalCounter();
                List<EmailEvent> batch = new ArrayList<>();
                long[] version = {0};
                sim.forEachTruth(0, io.maillake.simulator.LogType.valueOf(type.name()), sim.historyStart(), NOW, e -> {
                    batch.add(Normaliser.normalise(type, e.json(), ctx, ordinals));
                    if (batch.size() == fileRows) {
                        version[0] = app.lake().commit(key, batch, version[0], new StreamCursor(e.time(), e.time(), null, version[0])).version();
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) app.lake().commit(key, batch, version[0], new StreamCursor(NOW, NOW, null, version[0]));
                landed += app.lake().stats(key).events();
            }
        }
        return landed;
    }
}
