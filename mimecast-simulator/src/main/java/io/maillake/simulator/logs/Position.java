package io.maillake.simulator.logs;

/**
 * Where the next page starts: the event at {@code index} (generation order) of {@code second},
 * inclusive, scanning in the query's direction. Not an offset, so it stays valid as more events
 * become visible.
 */
public record Position(long second, int index) {
}
