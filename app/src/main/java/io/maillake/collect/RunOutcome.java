package io.maillake.collect;

import io.maillake.domain.StreamCursor;
import io.maillake.mimecast.MimecastException;

/**
 * How a stream run ended. Every run commits what it read before it ends, whatever the ending.
 *
 * @param cursor  the stream's cursor at the end of the run
 * @param events  new events landed in this run
 * @param calls   Mimecast calls made
 * @param failure what ended the run early, if anything
 */
public record RunOutcome(Ending ending, StreamCursor cursor, long events, long calls, MimecastException failure) {

    public enum Ending {
        /** Nothing more to read now. */
        CAUGHT_UP,
        /** The run's time budget was spent or it was asked to stop; the stream goes on next time. */
        PAUSED,
        /** A failure ended the run: one that needs an administrator, or retries ran out. */
        FAILED
    }
}
