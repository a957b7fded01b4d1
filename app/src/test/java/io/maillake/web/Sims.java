package io.maillake.web;

import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import io.maillake.domain.MyNetworks;
import io.maillake.simulator.PlantedPattern;
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

    /**
     * As {@link #start}, with the detection patterns planted often enough that a couple of hours hold
     * several detections of the per-event rules (malicious clicks allowed, attachments released,
     * impersonation delivered) in every account.
     */
    static MimecastSimulator startWithThreats(int accounts) {
        return MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(7).accounts(accounts).history(Duration.ofHours(2))
                .eventsPerMinute(LogType.URL, 4).eventsPerMinute(LogType.IMPERSONATION, 2).eventsPerMinute(LogType.ATTACHMENT, 3)
                .plant(PlantedPattern.MALICIOUS_CLICK_ALLOWED, 0.04).plant(PlantedPattern.MALICIOUS_ATTACHMENT_RELEASED, 0.04)
                .plant(PlantedPattern.IMPERSONATION_DELIVERED, 0.04).lateFraction(0).build());
    }

    /** States the simulator account's domains as the tenant's own (before collection, as the console asks). */
    static void networks(Maillake app, String tenant, MimecastSimulator sim, int account) {
        app.store().setNetworks(tenant, MyNetworks.parse(sim.account(account).domains(), java.util.List.of("10.0.0.0/8")));
    }

    /** Evaluates every enabled rule over what landed, as {@code detect --once} does. */
    static DetectionEngine.Report detect(Maillake app) {
        return app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES).runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
    }

    /** Collects every enabled stream until caught up, as {@code collect --once} does. */
    static void collect(Maillake app) {
        try (Collector c = app.collector(CollectSettings.defaults().withLookBack(Duration.ofHours(2)))) {
            c.collectOnce(null, Collector.Progress.NONE);
        }
    }
}
