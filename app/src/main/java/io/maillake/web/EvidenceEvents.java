package io.maillake.web;

import io.maillake.detect.Detection;
import io.maillake.lake.QueryResult;
import io.maillake.service.Queries;
import io.maillake.web.DetectionViews.EventView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key fields of a detection's evidence events, read from {@code email_events} through the
 * read-only query engine scoped to the detection's tenant (so nothing of another tenant can be
 * read, whatever the uids say). The events are looked up by {@code event_uid} within their time
 * span, which lets the Parquet scan skip the files and row groups of other times.
 */
public final class EvidenceEvents {
    /** How many evidence events a detail shows with their fields by default, and at most. */
    public static final int DEFAULT_EVENTS = 200;
    public static final int MAX_EVENTS = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String COLUMNS = "event_uid, time, log_type, direction, sender, recipient, subject, message_id, url, file_name, "
            + "file_sha256, src_ip, verdict, action, policy";

    private final Queries queries;

    public EvidenceEvents(Queries queries) {
        this.queries = queries;
    }

    /**
     * @param evidence some of the detection's evidence (stored times are whole seconds)
     * @return one view per evidence event, in the given order; an event the lake no longer holds keeps what the detection stored
     */
    public List<EventView> of(String tenantId, List<Detection.EvidenceEvent> evidence) {
        if (evidence.isEmpty()) return List.of();
        Instant from = evidence.stream().map(Detection.EvidenceEvent::time).min(Instant::compareTo).orElseThrow();
        Instant to = evidence.stream().map(Detection.EvidenceEvent::time).max(Instant::compareTo).orElseThrow().plusSeconds(1);
        String sql = "SELECT " + COLUMNS + " FROM email_events WHERE time >= " + literal(from) + " AND time < " + literal(to)
                + " AND event_uid IN (" + evidence.stream().map(e -> quote(e.eventUid())).collect(Collectors.joining(", ")) + ")";
        QueryResult r = queries.run(sql, Set.of(tenantId), evidence.size() * 2, TIMEOUT);
        Map<String, EventView> found = new HashMap<>();
        for (List<Object> row : r.rows()) found.putIfAbsent((String) row.get(0), view(row));
        return evidence.stream().map(e -> found.getOrDefault(e.eventUid(), EventView.stored(e))).toList();
    }

    private static EventView view(List<Object> row) {
        return new EventView(s(row, 0), row.get(1) == null ? null : Instant.parse((String) row.get(1)), s(row, 2), s(row, 3), s(row, 4),
                s(row, 5), s(row, 6), s(row, 7), s(row, 8), s(row, 9), s(row, 10), s(row, 11), s(row, 12), s(row, 13), s(row, 14), true);
    }

    private static String s(List<Object> row, int i) {
        Object v = row.get(i);
        return v == null ? null : v.toString();
    }

    private static String literal(Instant t) {
        return "TIMESTAMP '" + SQL_TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + "'";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
