package io.maillake.web;

/**
 * A request that cannot be served, with its HTTP status and a stable error code. Turned into
 * {@code {"error":{"code":..,"message":..}}} (or an error page) in one place ({@link WebServer}).
 * The message is shown to the caller, so it never contains a secret.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "unauthenticated", "log in, or send an API token as 'Authorization: Bearer mlk_...'");
    }
}
