package io.maillake.simulator.gen;

/**
 * The events of one (account, log type, second), in generation order (index 0 first): the seed
 * of each record's content, the instant (epoch ms) it becomes visible, and its {@link EventHead}.
 * A reusable, mutable buffer owned by one scan; not thread-safe.
 */
public final class SecondBatch {
    int count;
    long second;
    long[] contentSeeds = new long[16];
    long[] visibleAt = new long[16];
    int[] heads = new int[16];

    public int count() {
        return count;
    }

    public long second() {
        return second;
    }

    public long contentSeed(int i) {
        return contentSeeds[i];
    }

    public long visibleAt(int i) {
        return visibleAt[i];
    }

    public int head(int i) {
        return heads[i];
    }

    /** A second buffer for the generator's own look-ups (the impersonation messages behind planted clicks). */
    SecondBatch scratch;

    SecondBatch scratch() {
        if (scratch == null) {
            scratch = new SecondBatch();
        }
        return scratch;
    }

    /** Adds an event after the drawn ones. */
    void append(long contentSeed, long visibleAtMillis, int head) {
        if (count == heads.length) {
            int n = heads.length * 2;
            contentSeeds = java.util.Arrays.copyOf(contentSeeds, n);
            visibleAt = java.util.Arrays.copyOf(visibleAt, n);
            heads = java.util.Arrays.copyOf(heads, n);
        }
        contentSeeds[count] = contentSeed;
        visibleAt[count] = visibleAtMillis;
        heads[count] = head;
        count++;
    }

    void reset(long second, int count) {
        this.second = second;
        this.count = count;
        if (count > heads.length) {
            int n = Math.max(count, heads.length * 2);
            contentSeeds = new long[n];
            visibleAt = new long[n];
            heads = new int[n];
        }
    }
}
