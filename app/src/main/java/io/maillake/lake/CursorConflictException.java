package io.maillake.lake;

/**
 * A commit found the stream's cursor at another version than it expected: another process advanced
 * the stream in the meantime. Nothing was committed; the caller must re-read the cursor.
 */
public final class CursorConflictException extends RuntimeException {
    public CursorConflictException(String message) {
        super(message);
    }
}
