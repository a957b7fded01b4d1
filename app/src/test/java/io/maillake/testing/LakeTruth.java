package io.maillake.testing;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.lake.QueryResult;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.MimecastSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lake holds against what the simulator served, as multisets of raw records: the check
 * behind every exactly-once test (a record landed twice counts 2, a record lost counts 0).
 */
public final class LakeTruth {
    private LakeTruth() { }

    public static Map<String, Integer> multiset(Collection<String> values) {
        Map<String, Integer> out = new HashMap<>();
        for (String v : values) out.merge(v, 1, Integer::sum);
        return out;
    }

    /** Raw records the simulator holds for an account and log type with times in {@code [from, to)}. */
    public static Map<String, Integer> truth(MimecastSimulator sim, int account, LogType type, Instant from, Instant to) {
        return multiset(sim.groundTruth(account, io.maillake.simulator.LogType.valueOf(type.name()), from, to));
    }

    /** Raw records landed by a stream ({@code before}: only events earlier than that; null: all). */
    public static Map<String, Integer> landed(Maillake app, Integration i, LogType type, Instant before) {
        QueryResult r = app.queries().run("select raw from email_events where integration_id = '" + i.id() + "' and log_type = '"
                + type.id() + "'" + (before == null ? "" : " and time < make_timestamp(" + before.getEpochSecond() * 1_000_000L + ")"),
                (Set<String>) null, 10_000_000, Duration.ofMinutes(1));
        List<String> raws = new ArrayList<>();
        for (List<Object> row : r.rows()) raws.add((String) row.get(0));
        return multiset(raws);
    }

    /** Rows whose {@code event_uid} another row has too. */
    public static long duplicatesOfEventUid(Maillake app) {
        QueryResult r = app.queries().run("select count(*) - count(distinct event_uid) from email_events", (Set<String>) null, 1,
                Duration.ofMinutes(1));
        return ((Number) r.rows().get(0).get(0)).longValue();
    }

    /** Each record whose count differs, and each record that should not be there; empty when both agree. */
    public static List<String> difference(Map<String, Integer> expected, Map<String, Integer> actual) {
        List<String> out = new ArrayList<>();
        for (String k : Set.copyOf(expected.keySet())) {
            int e = expected.get(k);
            int a = actual.getOrDefault(k, 0);
            if (a != e) out.add("expected " + e + " got " + a + ": " + k.substring(0, Math.min(120, k.length())));
        }
        for (String k : actual.keySet()) if (!expected.containsKey(k)) out.add("unexpected: " + k.substring(0, Math.min(120, k.length())));
        return out;
    }
}
