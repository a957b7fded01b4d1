package io.maillake.simulator.logs;

/** What a {@code next} token carries: the query, where the next page starts, and the page size. */
public record PageToken(LogQuery query, Position position, int pageSize) {
}
