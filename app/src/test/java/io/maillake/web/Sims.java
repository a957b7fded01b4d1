package io.maillake.web;

import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.Maillake;
import io.maillake.simulator.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.time.Duration;

/** A small, quick simulator for console tests, and one collection pass over it. */
final class Sims {
    private Sims() { }

    static MimecastSimulator start(int accounts) {
        return MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(7).accounts(accounts).history(Duration.ofHours(2))
                .eventsPerMinute(LogType.URL, 4).eventsPerMinute(LogType.IMPERSONATION, 2).eventsPerMinute(LogType.ATTACHMENT, 3)
                .lateFraction(0).build());
    }

    /** Collects every enabled stream until caught up, as {@code collect --once} does. */
    static void collect(Maillake app) {
        try (Collector c = app.collector(CollectSettings.defaults().withLookBack(Duration.ofHours(2)))) {
            c.collectOnce(null, Collector.Progress.NONE);
        }
    }
}
