package io.maillake.simulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One generated event as ground truth: its timestamp (second precision), the instant from which the
 * API serves it, the planted pattern it belongs to (if any), and its JSON text, byte-identical to
 * the record inside a served page.
 */
public record TruthEvent(Instant time, Instant visibleAt, Optional<PlantedPattern> pattern, String json) {
}
