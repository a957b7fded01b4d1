package io.maillake.lake;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import java.time.Instant;
import java.util.List;

/**
 * Where events land. A batch of events and the cursor that covers them are committed together,
 * atomically: after a crash at any instant either both are there or neither is.
 * Implementations are thread-safe; commits for different streams may run concurrently.
 */
public interface Lake extends AutoCloseable {

    /** The stream's last committed cursor, or {@link StreamCursor#INITIAL}. */
    StreamCursor cursor(StreamKey stream);

    /** The uids of the stream's landed events whose time lies in {@code [from, to]} (both whole seconds, inclusive). */
    UidSet landedUids(StreamKey stream, Instant from, Instant to);

    /**
     * Appends {@code events} (none of which may have landed before) and sets the stream's cursor to
     * {@code next}, in one atomic step.
     *
     * @param expectedVersion the version of the cursor the batch was read from
     * @return {@code next} with its new version
     * @throws CursorConflictException if the stream's cursor is no longer at {@code expectedVersion}
     */
    StreamCursor commit(StreamKey stream, List<EmailEvent> events, long expectedVersion, StreamCursor next);

    /**
     * A batch built page by page: events handed to {@link #add} leave the caller's memory (the embedded lake
     * stages them in its writer), and nothing of them is visible until {@link #commit}, which lands them with
     * the cursor in one atomic step, as {@link Lake#commit} does. One thread uses a batch; a batch that is
     * closed without a commit, or whose {@code add} failed, lands nothing.
     */
    interface Batch extends AutoCloseable {
        /** Adds events (none of which may have landed before). */
        void add(List<EmailEvent> events);

        /** Events added so far. */
        int size();

        /** Lands the events added and moves the cursor; the batch is spent afterwards. */
        StreamCursor commit(long expectedVersion, StreamCursor next);

        /** Discards what was added, unless it was committed. */
        @Override void close();
    }

    /** Opens a batch for {@code stream}. This default holds the events in memory until the commit. */
    default Batch openBatch(StreamKey stream) {
        return new Batch() {
            private final List<EmailEvent> events = new java.util.ArrayList<>();

            @Override public void add(List<EmailEvent> more) { events.addAll(more); }

            @Override public int size() { return events.size(); }

            @Override public StreamCursor commit(long expectedVersion, StreamCursor next) {
                return Lake.this.commit(stream, events, expectedVersion, next);
            }

            @Override public void close() { events.clear(); }
        };
    }

    /** What a stream has landed: event count, the newest event's time and how far its cursor leads. */
    StreamStats stats(StreamKey stream);

    /**
     * Events landed by a stream, the time of the newest (null before the first), and its committed cursor's
     * {@link StreamCursor#leadTo()} (null before the first window).
     */
    record StreamStats(long events, Instant lastEventTime, Instant leadTo) { }

    /** Removes every trace of an integration's streams: files and cursors. */
    void forgetIntegration(String integrationId);

    @Override void close();
}
