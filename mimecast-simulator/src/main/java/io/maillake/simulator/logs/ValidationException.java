package io.maillake.simulator.logs;

/** A request the endpoint refuses with HTTP 400; {@code field} names the offending field if there is one. */
final class ValidationException extends Exception {
    final String code;
    final String field;

    ValidationException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }
}
