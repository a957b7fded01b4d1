package io.maillake.simulator.gen;

import io.maillake.simulator.LogType;
import io.maillake.simulator.PlantedPattern;
import io.maillake.simulator.SimulatorConfig;

import java.util.ArrayList;
import java.util.List;

/** Chooses the planted pattern of an event, if any, with the configured rates of one log type. */
final class PatternPicker {
    private final PlantedPattern[] patterns;
    private final double[] cumulative;

    PatternPicker(SimulatorConfig config, LogType type) {
        List<PlantedPattern> ps = new ArrayList<>();
        for (PlantedPattern p : PlantedPattern.values()) {
            if (p.logType() == type && config.plantedRate(p) > 0) {
                ps.add(p);
            }
        }
        patterns = ps.toArray(PlantedPattern[]::new);
        cumulative = new double[patterns.length];
        double sum = 0;
        for (int i = 0; i < patterns.length; i++) {
            sum += config.plantedRate(patterns[i]);
            cumulative[i] = sum;
        }
    }

    /** Always draws exactly one number, so the rest of the stream does not depend on the rates. */
    PlantedPattern pick(Rng r) {
        double u = r.nextDouble();
        for (int i = 0; i < patterns.length; i++) {
            if (u < cumulative[i]) {
                return patterns[i];
            }
        }
        return null;
    }
}
