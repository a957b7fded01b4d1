package io.maillake.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of identical records (content-hash prefix to count) in the last second a read reached.
 * It travels in the cursor so that a read resumed from a page token numbers identical records
 * exactly as an uninterrupted read would (see the event uid in DESIGN.md).
 */
public record OrdinalCarry(long epochSecond, Map<String, Integer> counts) {
    public static final OrdinalCarry EMPTY = new OrdinalCarry(0, Map.of());

    public OrdinalCarry {
        counts = Map.copyOf(counts);
    }

    /** Entries as {@code hash:count} strings, sorted, for a compact serialised cursor. */
    public List<String> entries() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(counts).forEach((k, v) -> out.add(k + ":" + v));
        return out;
    }

    public static OrdinalCarry fromEntries(long epochSecond, List<String> entries) {
        Map<String, Integer> counts = new HashMap<>();
        for (String e : entries) {
            int colon = e.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("bad carry entry " + e);
            counts.put(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1)));
        }
        return new OrdinalCarry(epochSecond, counts);
    }
}
