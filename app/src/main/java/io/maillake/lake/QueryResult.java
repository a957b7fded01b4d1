package io.maillake.lake;

import java.time.Duration;
import java.util.List;

/**
 * The result of a read-only query.
 *
 * @param truncated true when more rows existed than the row limit allowed
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated, Duration elapsed) {
    public record Column(String name, String type) { }
}
