package io.maillake.collect;

import io.maillake.domain.StreamCursor;
import io.maillake.mimecast.MimecastException;
import java.time.Duration;

/** What a stream run reports while it works: progress, retries, and a heartbeat to keep its lease. Thread-confined to the run. */
public interface RunListener {
    /** A batch was committed: {@code events} new events, the cursor now at {@code cursor}. */
    default void committed(long events, StreamCursor cursor) { }

    /** A call failed and will be retried after {@code wait}. */
    default void retrying(MimecastException failure, int attempt, Duration wait) { }

    /** A call succeeded after failures. */
    default void recovered() { }

    /** Called regularly; returns false if the run must stop (lease lost, shutdown). */
    default boolean heartbeat() { return true; }

    RunListener NONE = new RunListener() { };
}
