package io.maillake.store;

/** The embedded store failed (disk full, read-only directory, corrupt file ...). The message says what and where. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
