package io.maillake.mimecast;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What to read from one TTP log endpoint: the window {@code [from, to)}, the order, the page size
 * and the endpoint's own filters. Mimecast timestamps have second precision, so the window is
 * truncated to whole seconds.
 *
 * @param route           URL and attachment logs: {@code inbound}, {@code outbound}, {@code internal} or {@code all}
 * @param scanResult      URL logs: {@code clean}, {@code malicious} or {@code all}
 * @param result          attachment logs: e.g. {@code safe}, {@code malicious}, {@code all}
 * @param taggedMalicious impersonation logs: only tagged (true) or untagged (false) records
 */
public record LogQuery(LogType type, Instant from, Instant to, boolean oldestFirst, int pageSize,
                       Optional<String> route, Optional<String> scanResult, Optional<String> result,
                       Optional<Boolean> taggedMalicious) {

    /** The largest page every known connector uses and the most the API is known to serve. */
    public static final int MAX_PAGE_SIZE = 500;

    public LogQuery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        from = from.truncatedTo(ChronoUnit.SECONDS);
        to = to.truncatedTo(ChronoUnit.SECONDS);
        if (to.isBefore(from)) throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        route = Objects.requireNonNullElse(route, Optional.empty());
        scanResult = Objects.requireNonNullElse(scanResult, Optional.empty());
        result = Objects.requireNonNullElse(result, Optional.empty());
        taggedMalicious = Objects.requireNonNullElse(taggedMalicious, Optional.empty());
    }

    /** Oldest first, full pages, no filters: what a collector wants. */
    public static LogQuery window(LogType type, Instant from, Instant to) {
        return new LogQuery(type, from, to, true, MAX_PAGE_SIZE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public LogQuery withPageSize(int size) {
        return new LogQuery(type, from, to, oldestFirst, size, route, scanResult, result, taggedMalicious);
    }

    public LogQuery withOldestFirst(boolean oldest) {
        return new LogQuery(type, from, to, oldest, pageSize, route, scanResult, result, taggedMalicious);
    }

    public LogQuery withRoute(String value) {
        return new LogQuery(type, from, to, oldestFirst, pageSize, Optional.of(value), scanResult, result, taggedMalicious);
    }

    public LogQuery withScanResult(String value) {
        return new LogQuery(type, from, to, oldestFirst, pageSize, route, Optional.of(value), result, taggedMalicious);
    }

    public LogQuery withResult(String value) {
        return new LogQuery(type, from, to, oldestFirst, pageSize, route, scanResult, Optional.of(value), taggedMalicious);
    }

    public LogQuery withTaggedMalicious(boolean value) {
        return new LogQuery(type, from, to, oldestFirst, pageSize, route, scanResult, result, Optional.of(value));
    }
}
