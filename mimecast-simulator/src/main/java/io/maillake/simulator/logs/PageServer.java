package io.maillake.simulator.logs;

import io.maillake.simulator.gen.DateText;
import io.maillake.simulator.gen.EventGenerator;
import io.maillake.simulator.gen.SecondBatch;
import io.maillake.simulator.json.ByteSink;
import io.maillake.simulator.json.LenientJson;

import java.util.Map;

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
        Scan scan = new Scan(q, pageSize, out);
        if (q.oldestFirst()) {
            for (long s = start == null ? lo : Math.max(start.second(), lo); s < hi; s++) {
                generator.fill(batch, q.account(), q.type(), s);
                int i0 = start != null && s == start.second() ? start.index() : 0;
                for (int i = i0; i < batch.count(); i++) {
                    if (scan.offer(batch, i)) {
                        return new PageResult(scan.count, new Position(s, i));
                    }
                }
            }
        } else {
            for (long s = start == null ? hi - 1 : Math.min(start.second(), hi - 1); s >= lo; s--) {
                generator.fill(batch, q.account(), q.type(), s);
                int i0 = start != null && s == start.second() ? Math.min(start.index(), batch.count() - 1) : batch.count() - 1;
                for (int i = i0; i >= 0; i--) {
                    if (scan.offer(batch, i)) {
                        return new PageResult(scan.count, new Position(s, i));
                    }
                }
            }
        }
        return new PageResult(scan.count, null);
    }

    /** One page being written. */
    private final class Scan {
        private final LogQuery q;
        private final int pageSize;
        private final ByteSink out;
        /** The record under test when the query has content filters, else null. */
        private final ByteSink record;
        private int count;
        private long dateSecond = Long.MIN_VALUE;
        private byte[] date;

        Scan(LogQuery q, int pageSize, ByteSink out) {
            this.q = q;
            this.pageSize = pageSize;
            this.out = out;
            this.record = q.search().isNone() ? null : new ByteSink(1024);
        }

        /**
         * Writes event {@code i} of the batch if it is served; returns true, writing nothing, when it
         * is served but the page is already full: that event starts the next page.
         */
        boolean offer(SecondBatch batch, int i) {
            if (batch.visibleAt(i) > q.snapshotMillis() || !q.filter().matches(batch.head(i))) {
                return false;
            }
            if (record != null) {
                // the content filters test the record exactly as it would be served
                record.reset();
                write(record, batch, i);
                if (!q.search().matches(parse(record))) {
                    return false;
                }
            }
            if (count == pageSize) {
                return true;
            }
            if (count > 0) {
                out.put((byte) ',');
            }
            if (record != null) {
                out.put(record);
            } else {
                write(out, batch, i);
            }
            count++;
            return false;
        }

        private void write(ByteSink sink, SecondBatch batch, int i) {
            if (batch.second() != dateSecond) {
                dateSecond = batch.second();
                date = DateText.quoted(dateSecond);
            }
            generator.write(sink, q.account(), q.type(), batch.second(), date, batch.contentSeed(i), batch.head(i));
        }

        private static Map<?, ?> parse(ByteSink record) {
            try {
                return (Map<?, ?>) LenientJson.parse(record.toUtf8(0, record.length()));
            } catch (LenientJson.SyntaxException e) {
                throw new IllegalStateException("the generator wrote a record that is not JSON", e);
            }
        }
    }
}
