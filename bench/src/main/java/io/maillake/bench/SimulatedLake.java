package io.maillake.bench;

import io.maillake.Maillake;
import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.TruthEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Lands the simulator's ground truth of account 0 (three log types, planted patterns included) in a
 * data directory's lake, normalised as the collector would, straight through {@code EmbeddedLake.commit}
 * in files of {@code fileRows} events. The default tenant's My domains become the account's domains.
 */
final class SimulatedLake {
    private SimulatedLake() { }

    /**
     * @param each called with every landed event and its planted pattern (null for background)
     * @return events landed
     */
    static long build(Maillake app, SimulatorConfig config, Instant now, int fileRows, BiConsumer<EmailEvent, PlantedPattern> each) {
        String tenant = app.store().tenant("default").orElseThrow().id();
        long landed = 0;
        long t0 = System.nanoTime();
        try (MimecastSimulator sim = MimecastSimulator.start(config)) {
            MyNetworks networks = MyNetworks.parse(sim.account(0).domains(), MyNetworks.PRIVATE_RANGES);
            app.store().setNetworks(tenant, networks);
            for (LogType type : LogType.values()) {
                StreamKey key = new StreamKey(tenant, "sim-" + type.id(), type);
                Normaliser.Context ctx = new Normaliser.Context(tenant, key.integrationId(), networks, now, now);
                OrdinalCounter ordinals = new OrdinalCounter();
                List<EmailEvent> batch = new ArrayList<>(fileRows);
                long[] version = {0};
                sim.forEachTruth(0, io.maillake.simulator.LogType.valueOf(type.name()), sim.historyStart(), now, (TruthEvent e) -> {
                    EmailEvent event = Normaliser.normalise(type, e.json(), ctx, ordinals);
                    each.accept(event, e.pattern().orElse(null));
                    batch.add(event);
                    if (batch.size() == fileRows) {
                        version[0] = app.lake().commit(key, batch, version[0], new StreamCursor(e.time(), e.time(), null, version[0])).version();
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) app.lake().commit(key, batch, version[0], new StreamCursor(now, now, null, version[0]));
                landed += app.lake().stats(key).events();
                System.out.printf("landed %s: %,d events so far (%.0f s)%n", type.id(), landed, (System.nanoTime() - t0) / 1e9);
            }
        }
        return landed;
    }
}
