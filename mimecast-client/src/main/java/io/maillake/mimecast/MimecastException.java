package io.maillake.mimecast;

import java.time.Duration;
import java.util.Optional;

/**
 * A Mimecast call failed. The subtype says why; callers branch on the type, never on the message.
 * Every failure says whether retrying can help ({@link #retriable()}) and, where an administrator
 * must act, what to change in Mimecast ({@link #adminAction()}). Messages never contain secrets.
 */
public abstract sealed class MimecastException extends Exception
        permits MimecastException.AuthenticationFailed, MimecastException.BindingExpired,
                MimecastException.PermissionMissing, MimecastException.WrongRegion,
                MimecastException.RateLimited, MimecastException.Transient,
                MimecastException.BadResponse, MimecastException.RequestRejected {

    private final int httpStatus;
    private final String mimecastCode;

    MimecastException(String message, int httpStatus, String mimecastCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.mimecastCode = mimecastCode;
    }

    /** A stable code for this kind of failure, shown in status and stored with stream errors. */
    public abstract String code();

    /** Whether the same call may succeed later without anyone changing anything. */
    public abstract boolean retriable();

    /** What an administrator must change in Mimecast, if anything. */
    public abstract Optional<String> adminAction();

    /** The HTTP status of the response, or 0 when there was no response. */
    public int httpStatus() { return httpStatus; }

    /** The error code Mimecast put in {@code fail[]}, if any. */
    public Optional<String> mimecastCode() { return Optional.ofNullable(mimecastCode); }

    /** The credentials were rejected: wrong application ID or key, wrong access or secret key, or wrong client ID or secret. */
    public static final class AuthenticationFailed extends MimecastException {
        private final ApiGeneration generation;

        public AuthenticationFailed(ApiGeneration generation, String message, int httpStatus, String mimecastCode) {
            super(message, httpStatus, mimecastCode, null);
            this.generation = generation;
        }

        @Override public String code() { return "authentication_failed"; }
        @Override public boolean retriable() { return false; }
        @Override public Optional<String> adminAction() {
            return Optional.of(generation == ApiGeneration.API_1
                    ? "Check the application ID and application key of the API 1.0 application, and the access key and "
                      + "secret key of the service user (Administration > Services > API and Platform Integrations). "
                      + "Changing or resetting the service user's password revokes its keys: create new ones."
                    : "Check the client ID and client secret of the Mimecast API 2.0 application "
                      + "(Integrations > Integrations Hub > Mimecast API 2.0). The secret is shown only once: "
                      + "if it is lost, generate a new one.");
        }
    }

    /** HTTP 418 / {@code err_xdk_binding_expired}: the API 1.0 access key's binding lapsed. */
    public static final class BindingExpired extends MimecastException {
        public BindingExpired(String message, int httpStatus, String mimecastCode) {
            super(message, httpStatus, mimecastCode, null);
        }

        @Override public String code() { return "binding_expired"; }
        @Override public boolean retriable() { return false; }
        @Override public Optional<String> adminAction() {
            return Optional.of("The access key has expired. In Mimecast, set the service user's Authentication Profile "
                    + "'Authentication Cache TTL' to 'Never Expire' (Administration > Services > Applications > "
                    + "Authentication Profiles), then create a new access key and secret key and update this integration.");
        }
    }

    /** HTTP 403: the service user's role (API 1.0) or the application (API 2.0) may not read this log type. */
    public static final class PermissionMissing extends MimecastException {
        private final LogType logType;

        public PermissionMissing(LogType logType, String message, int httpStatus, String mimecastCode) {
            super(message, httpStatus, mimecastCode, null);
            this.logType = logType;
        }

        public LogType logType() { return logType; }

        @Override public String code() { return "permission_missing"; }
        @Override public boolean retriable() { return false; }
        @Override public Optional<String> adminAction() {
            String permission = logType == null ? "Monitoring | URL Protection, Attachment Protection and Impersonation Protection | Read"
                    : logType.permission();
            return Optional.of("Grant the permission '" + permission + "' to the role of the API service user "
                    + "(Administration > Account > Roles) or, for API 2.0, to the API application's role.");
        }
    }

    /** {@code err_audit_log_incorrect_region}: the base URL is not the account's region. */
    public static final class WrongRegion extends MimecastException {
        public WrongRegion(String message, int httpStatus, String mimecastCode) {
            super(message, httpStatus, mimecastCode, null);
        }

        @Override public String code() { return "wrong_region"; }
        @Override public boolean retriable() { return false; }
        @Override public Optional<String> adminAction() {
            return Optional.of("Use the base URL of the region that hosts the Mimecast account (for example "
                    + "https://eu-api.mimecast.com or https://us-api.mimecast.com for API 1.0, "
                    + "https://api.services.mimecast.com for API 2.0).");
        }
    }

    /** HTTP 429, or the shared budget says the quota is spent: wait {@link #retryAfter()} before the next call. */
    public static final class RateLimited extends MimecastException {
        private final Duration retryAfter;
        private final boolean sent;

        /**
         * @param sent false when the call was not sent because the shared budget is spent
         */
        public RateLimited(String message, int httpStatus, String mimecastCode, Duration retryAfter, boolean sent) {
            super(message, httpStatus, mimecastCode, null);
            this.retryAfter = retryAfter;
            this.sent = sent;
        }

        /** How long to wait, from {@code X-RateLimit-Reset}. */
        public Duration retryAfter() { return retryAfter; }

        /** Whether the call reached Mimecast (a 429) or was held back by the shared budget. */
        public boolean sent() { return sent; }

        @Override public String code() { return "rate_limited"; }
        @Override public boolean retriable() { return true; }
        @Override public Optional<String> adminAction() { return Optional.empty(); }
    }

    /** A failure that should pass: 5xx, I/O errors, timeouts, refused or dropped connections. */
    public static final class Transient extends MimecastException {
        public Transient(String message, int httpStatus, String mimecastCode, Throwable cause) {
            super(message, httpStatus, mimecastCode, cause);
        }

        @Override public String code() { return "transient"; }
        @Override public boolean retriable() { return true; }
        @Override public Optional<String> adminAction() { return Optional.empty(); }
    }

    /** The response could not be used: malformed or truncated JSON, or a 200 whose {@code fail[]} is not empty. */
    public static final class BadResponse extends MimecastException {
        private final boolean retriable;

        public BadResponse(String message, int httpStatus, String mimecastCode, boolean retriable, Throwable cause) {
            super(message, httpStatus, mimecastCode, cause);
            this.retriable = retriable;
        }

        @Override public String code() { return "bad_response"; }
        @Override public boolean retriable() { return retriable; }
        @Override public Optional<String> adminAction() { return Optional.empty(); }
    }

    /**
     * Mimecast refused the request itself (400, 404, 405, 409 ...): for example an expired page token,
     * or a base URL that does not serve the Mimecast API.
     */
    public static final class RequestRejected extends MimecastException {
        public RequestRejected(String message, int httpStatus, String mimecastCode) {
            super(message, httpStatus, mimecastCode, null);
        }

        @Override public String code() { return "request_rejected"; }
        @Override public boolean retriable() { return false; }
        @Override public Optional<String> adminAction() {
            return httpStatus() == 404
                    ? Optional.of("The base URL does not serve the Mimecast API: check it against the account's region.")
                    : Optional.empty();
        }
    }
}
