package io.maillake.simulator.logs;

import io.maillake.simulator.gen.DateText;
import io.maillake.simulator.gen.EventGenerator;
import io.maillake.simulator.gen.SecondBatch;
import io.maillake.simulator.json.ByteSink;

/**
 * Serves one page of a query: walks the seconds of the window in the query's order, skips events
 * not visible at the snapshot or not matching the filters, and writes up to {@code pageSize}
 * records. It then looks ahead to the next matching event, so {@code next} is only given when
 * there is one (the last page has no {@code next}). Thread-safe.
 */
public final class PageServer {
    private final EventGenerator generator;

    public PageServer(EventGenerator generator) {
        this.generator = generator;
    }

    /** Records written and where the next page starts (null on the last page). */
    public record PageResult(int count, Position next) {
    }

    /** Writes the records, comma-separated, into {@code out}; {@code start} null = first page. */
    public PageResult page(LogQuery q, Position start, int pageSize, ByteSink out) {
        long lo = Math.max(q.fromSecond(), generator.historyStartSecond());
        // nothing is visible after the snapshot, so never walk into the future
        long hi = Math.min(q.toSecond(), Math.floorDiv(q.snapshotMillis(), 1000) + 1);
        SecondBatch batch = new SecondBatch();
        int count = 0;
        if (q.oldestFirst()) {
            for (long s = start == null ? lo : Math.max(start.second(), lo); s < hi; s++) {
                generator.fill(batch, q.account(), q.type(), s);
                int i0 = start != null && s == start.second() ? start.index() : 0;
                byte[] date = null;
                for (int i = i0; i < batch.count(); i++) {
                    if (!served(q, batch, i)) {
                        continue;
                    }
                    if (count == pageSize) {
                        return new PageResult(count, new Position(s, i));
                    }
                    date = date == null ? DateText.quoted(s) : date;
                    write(out, q, batch, i, date, count++);
                }
            }
        } else {
            for (long s = start == null ? hi - 1 : Math.min(start.second(), hi - 1); s >= lo; s--) {
                generator.fill(batch, q.account(), q.type(), s);
                int i0 = start != null && s == start.second() ? Math.min(start.index(), batch.count() - 1) : batch.count() - 1;
                byte[] date = null;
                for (int i = i0; i >= 0; i--) {
                    if (!served(q, batch, i)) {
                        continue;
                    }
                    if (count == pageSize) {
                        return new PageResult(count, new Position(s, i));
                    }
                    date = date == null ? DateText.quoted(s) : date;
                    write(out, q, batch, i, date, count++);
                }
            }
        }
        return new PageResult(count, null);
    }

    private static boolean served(LogQuery q, SecondBatch batch, int i) {
        return batch.visibleAt(i) <= q.snapshotMillis() && q.filter().matches(batch.head(i));
    }

    private void write(ByteSink out, LogQuery q, SecondBatch batch, int i, byte[] date, int written) {
        if (written > 0) {
            out.put((byte) ',');
        }
        generator.write(out, q.account(), q.type(), batch.second(), date, batch.contentSeed(i), batch.head(i));
    }
}
