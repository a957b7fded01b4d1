package io.maillake.normalise;

/** A record that is not a JSON object; it cannot become an event. */
public final class MalformedRecordException extends IllegalArgumentException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
