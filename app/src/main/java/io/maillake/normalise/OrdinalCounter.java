package io.maillake.normalise;

import io.maillake.domain.OrdinalCarry;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
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

    /** The first 128 bits of a content hash: enough to tell records apart, cheaper than text as a key. */
    private record HashKey(long high, long low) {
        static HashKey of(byte[] hash) {
            return new HashKey(java.nio.ByteBuffer.wrap(hash, 0, 8).getLong(), java.nio.ByteBuffer.wrap(hash, 8, 8).getLong());
        }

        String hex() {
            return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
        }

        static HashKey parse(String hex) {
            return new HashKey(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
        }
    }

    private final TreeMap<Long, Map<HashKey, Integer>> seconds = new TreeMap<>();

    public OrdinalCounter() { }

    /** Resumes from a carry taken after the last committed record. */
    public static OrdinalCounter resume(OrdinalCarry carry) {
        OrdinalCounter counter = new OrdinalCounter();
        if (carry != null && !carry.counts().isEmpty()) {
            Map<HashKey, Integer> counts = new HashMap<>();
            carry.counts().forEach((hex, n) -> counts.put(HashKey.parse(hex), n));
            counter.seconds.put(carry.epochSecond(), counts);
        }
        return counter;
    }

    /** The ordinal of this record among identical ones seen so far in its second; counts it. */
    public int next(long epochSecond, byte[] contentHash) {
        HashKey key = HashKey.of(contentHash);
        Map<HashKey, Integer> counts = seconds.get(epochSecond);
        if (counts == null) {
            counts = new HashMap<>();
            seconds.put(epochSecond, counts);
            // a new second: forget those too far behind the newest
            long newest = seconds.lastKey();
            for (Iterator<Long> it = seconds.keySet().iterator(); it.hasNext(); ) {
                if (it.next() < newest - HORIZON_SECONDS) it.remove();
                else break;
            }
        }
        return counts.merge(key, 1, Integer::sum) - 1;
    }

    /** The counts of the newest second seen, to resume from; empty before any record. */
    public OrdinalCarry carry() {
        if (seconds.isEmpty()) return OrdinalCarry.EMPTY;
        Map.Entry<Long, Map<HashKey, Integer>> newest = seconds.lastEntry();
        Map<String, Integer> counts = new TreeMap<>();
        newest.getValue().forEach((k, n) -> counts.put(k.hex(), n));
        return new OrdinalCarry(newest.getKey(), counts);
    }
}
