package io.maillake.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a stream stands, committed atomically with the events it covers (never before them).
 * A small immutable value: the collector computes the next one, the lake stores it with the batch.
 *
 * @param leadTo   everything before this instant has been read at least once
 * @param matureTo everything before this instant has been read after it matured, i.e. by a read that
 *                 started at least the late-arrival overlap after it; records that reach the API late
 *                 are therefore collected. Always at or before {@code leadTo}.
 * @param active   the window being read, if a read is under way; null between reads
 * @param version  bumped by every commit; a commit that expects another version is refused, so two
 *                 processes can never both advance one stream
 */
public record StreamCursor(Instant leadTo, Instant matureTo, Window active, long version) {

    /** The state of a stream that has never committed. */
    public static final StreamCursor INITIAL = new StreamCursor(null, null, null, 0);

    /**
     * A window {@code [from, to)} being read.
     *
     * @param kind      why it is read
     * @param startedAt when its first page was requested: records up to {@code startedAt - overlap}
     *                  were all visible to this read
     * @param pageToken the next page to fetch; null before the first page
     * @param carry     counts of identical records in the last second read (for event ordinals)
     * @param pages     pages already read in this window
     */
    public record Window(Kind kind, Instant from, Instant to, Instant startedAt, String pageToken,
                         OrdinalCarry carry, int pages) {
        public Window {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(startedAt, "startedAt");
            carry = carry == null ? OrdinalCarry.EMPTY : carry;
        }

        public Window next(String token, OrdinalCarry newCarry) {
            return new Window(kind, from, to, startedAt, token, newCarry, pages + 1);
        }
    }

    /** Why a window is read. */
    public enum Kind {
        /** The first read of a stretch of time (backfill, or the newest data). */
        FRESH,
        /** A second read of a stretch once it has matured, to pick up records that reached the API late. */
        SWEEP
    }

    public boolean hasActiveWindow() { return active != null; }
}
