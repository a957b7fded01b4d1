package io.maillake.lake;

import java.util.HexFormat;

/**
 * A set of event uids (32 hex characters, 128 bits) in two primitive arrays, about 20 bytes per uid
 * instead of the ~90 a {@code HashSet<String>} takes, so de-duplicating a large window stays small.
 * Open addressing with linear probing. Not thread-safe.
 */
public final class UidSet {
    private long[] hi;
    private long[] lo;
    private boolean[] used;
    private int size;

    public UidSet() {
        this(16);
    }

    public UidSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hi = new long[capacity];
        lo = new long[capacity];
        used = new boolean[capacity];
    }

    public int size() { return size; }

    public boolean contains(String uid) {
        long h = part(uid, 0);
        long l = part(uid, 16);
        int mask = used.length - 1;
        for (int i = slot(h, l, mask); used[i]; i = (i + 1) & mask) {
            if (hi[i] == h && lo[i] == l) return true;
        }
        return false;
    }

    /** @return true if the uid was not in the set */
    public boolean add(String uid) {
        if ((size + 1) * 2 > used.length) grow();
        return insert(part(uid, 0), part(uid, 16));
    }

    private boolean insert(long h, long l) {
        int mask = used.length - 1;
        int i = slot(h, l, mask);
        for (; used[i]; i = (i + 1) & mask) {
            if (hi[i] == h && lo[i] == l) return false;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        boolean[] oldUsed = used;
        hi = new long[oldHi.length * 2];
        lo = new long[oldLo.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) if (oldUsed[i]) insert(oldHi[i], oldLo[i]);
    }

    private static int slot(long h, long l, int mask) {
        long x = h ^ (l * 0x9E3779B97F4A7C15L);
        return (int) (x ^ (x >>> 32)) & mask;
    }

    /** 16 hex characters from {@code offset} as a long; uids are lower-case hex of fixed length 32. */
    private static long part(String uid, int offset) {
        if (uid.length() != 32) throw new IllegalArgumentException("not an event uid: " + uid);
        return HexFormat.fromHexDigitsToLong(uid, offset, offset + 16);
    }
}
