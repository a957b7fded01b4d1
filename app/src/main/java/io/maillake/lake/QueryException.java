package io.maillake.lake;

/**
 * A query was refused or failed. {@link #code()} is stable: {@code invalid_query}, {@code read_only},
 * {@code forbidden}, {@code timeout}, {@code query_failed}.
 */
public final class QueryException extends RuntimeException {
    private final String code;

    public QueryException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() { return code; }
}
