package io.maillake.normalise;

import io.maillake.domain.OrdinalCarry;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts identical records within each second of one read of a window, giving each its ordinal
 * (see {@link EventUid}). Reads are oldest first, so a second's records arrive together; the
 * counter keeps a short horizon of recent seconds in case a page is slightly out of order, and its
 * {@link #carry()} (the counts of the newest second) travels in the cursor, so a read resumed from a
 * page token continues counting where the last committed page stopped.
 *
 * <p>Not thread-safe: one counter per stream read.
 */
public final class OrdinalCounter {
    /** Seconds kept behind the newest one; records older than that are far out of order and start a fresh count. */
    static final long HORIZON_SECONDS = 120;

    private final TreeMap<Long, Map<String, Integer>> seconds = new TreeMap<>();

    public OrdinalCounter() { }

    /** Resumes from a carry taken after the last committed record. */
    public static OrdinalCounter resume(OrdinalCarry carry) {
        OrdinalCounter counter = new OrdinalCounter();
        if (carry != null && !carry.counts().isEmpty()) {
            counter.seconds.put(carry.epochSecond(), new HashMap<>(carry.counts()));
        }
        return counter;
    }

    /** The ordinal of this record among identical ones seen so far in its second; counts it. */
    public int next(long epochSecond, byte[] contentHash) {
        String key = HexFormat.of().formatHex(contentHash, 0, 16);
        Map<String, Integer> counts = seconds.computeIfAbsent(epochSecond, s -> new HashMap<>());
        int ordinal = counts.merge(key, 1, Integer::sum) - 1;
        long newest = seconds.lastKey();
        for (Iterator<Long> it = seconds.keySet().iterator(); it.hasNext(); ) {
            if (it.next() < newest - HORIZON_SECONDS) it.remove();
            else break;
        }
        return ordinal;
    }

    /** The counts of the newest second seen, to resume from; empty before any record. */
    public OrdinalCarry carry() {
        if (seconds.isEmpty()) return OrdinalCarry.EMPTY;
        Map.Entry<Long, Map<String, Integer>> newest = seconds.lastEntry();
        return new OrdinalCarry(newest.getKey(), new LinkedHashMap<>(new TreeMap<>(newest.getValue())));
    }
}
