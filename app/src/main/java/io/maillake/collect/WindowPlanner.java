package io.maillake.collect;

import io.maillake.domain.StreamCursor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Decides what a stream reads next, and what its cursor becomes when a window is done. Pure: the
 * cursor, the time and the settings in, a window or a cursor out.
 *
 * <p>Every stretch of time is read fresh soon after it happens (low lag), and read once more as a
 * <em>sweep</em> when it has matured, i.e. when it is older than the late-arrival overlap: records
 * Mimecast makes visible late are collected by the sweep, and the identical records already landed
 * are dropped by {@code event_uid}. A stretch that was already mature when first read (a backfill)
 * is not read again. Windows are whole seconds, {@code [from, to)}.
 */
public final class WindowPlanner {
    private final CollectSettings settings;

    public WindowPlanner(CollectSettings settings) {
        this.settings = settings;
    }

    /**
     * The window to read next: the one under way, else fresh data, else a due sweep; empty when the
     * stream is caught up.
     *
     * @param since where a stream that never ran starts, overriding the look-back (may be null)
     */
    public Optional<StreamCursor.Window> next(StreamCursor cursor, Instant now, Instant since) {
        if (cursor.active() != null) return Optional.of(cursor.active());
        Instant freshEnd = seconds(now.minus(settings.settleLag()));
        if (cursor.leadTo() == null) {
            Instant from = seconds(since != null ? since : now.minus(settings.lookBack()));
            if (!from.isBefore(freshEnd)) return Optional.empty();
            return Optional.of(window(StreamCursor.Kind.FRESH, from, min(freshEnd, from.plus(settings.maxWindow())), now));
        }
        if (!freshEnd.minus(settings.minWindow()).isBefore(cursor.leadTo())) {
            Instant from = cursor.leadTo();
            return Optional.of(window(StreamCursor.Kind.FRESH, from, min(freshEnd, from.plus(settings.maxWindow())), now));
        }
        Instant matureEnd = min(cursor.leadTo(), seconds(now.minus(settings.overlap())));
        Instant matureTo = cursor.matureTo() == null ? cursor.leadTo() : cursor.matureTo();
        if (!matureTo.plus(settings.sweepEvery()).isAfter(matureEnd)) {
            return Optional.of(window(StreamCursor.Kind.SWEEP, matureTo, min(matureEnd, matureTo.plus(settings.maxWindow())), now));
        }
        return Optional.empty();
    }

    /** The cursor after {@code w} was read to its end. */
    public StreamCursor completed(StreamCursor cursor, StreamCursor.Window w) {
        Instant leadTo = cursor.leadTo() == null ? w.to() : max(cursor.leadTo(), w.to());
        Instant matureTo = cursor.matureTo() == null ? w.from() : cursor.matureTo();
        if (w.kind() == StreamCursor.Kind.SWEEP) {
            matureTo = max(matureTo, w.to());
        } else if (!matureTo.isBefore(w.from())) {
            // contiguous with what is mature: everything this read could see in full is now mature
            Instant seenInFull = seconds(w.startedAt().minus(settings.overlap()));
            matureTo = max(matureTo, min(w.to(), max(w.from(), seenInFull)));
        }
        return new StreamCursor(leadTo, matureTo, null, cursor.version());
    }

    private static StreamCursor.Window window(StreamCursor.Kind kind, Instant from, Instant to, Instant now) {
        return new StreamCursor.Window(kind, from, to, now, null, null, 0);
    }

    static Instant seconds(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
