package io.maillake.simulator.fault;

import java.time.Duration;

/**
 * What can go wrong with one response. Faults either replace the response (the request is not
 * executed and consumes no rate-limit call) or damage the real response on its way out. Each has a
 * stable {@link #kind()} used by the admin API and the request log.
 */
public sealed interface Fault {
    String kind();

    /** HTTP 500 (JSON {@code fail[]}, retryable) or 502/503/504 (a short HTML page, as proxies send). */
    record ServerError(int status) implements Fault {
        public ServerError {
            if (status != 500 && status != 502 && status != 503 && status != 504) {
                throw new IllegalArgumentException("status must be 500, 502, 503 or 504");
            }
        }

        public String kind() {
            return "server_error";
        }
    }

    /** HTTP 429 with {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} of {@code reset}. */
    record RateLimited(Duration reset) implements Fault {
        public String kind() {
            return "rate_limited";
        }
    }

    /** HTTP 200 whose {@code fail[]} is not empty and {@code data} is empty. */
    record FailInBody(String code, String message, boolean retryable) implements Fault {
        public String kind() {
            return "fail_in_body";
        }
    }

    /** HTTP 200 with the real page cut in the middle and garbage appended (Content-Length correct). */
    record MalformedJson() implements Fault {
        public String kind() {
            return "malformed_json";
        }
    }

    /** Half the real body, then the connection closes: Content-Length too long, or a chunked body cut short. */
    record TruncatedBody(boolean chunked) implements Fault {
        public String kind() {
            return chunked ? "truncated_chunked" : "truncated_length";
        }
    }

    /** The real response, after waiting {@code delay} before the status line. */
    record SlowHeaders(Duration delay) implements Fault {
        public String kind() {
            return "slow_headers";
        }
    }

    /** The real response, its body sent in {@code chunks} pieces with {@code pause} before each. */
    record TrickledBody(int chunks, Duration pause) implements Fault {
        public TrickledBody {
            if (chunks < 1) {
                throw new IllegalArgumentException("chunks must be >= 1");
            }
        }

        public String kind() {
            return "trickled_body";
        }
    }

    /** The connection is closed without any response. */
    record DropConnection() implements Fault {
        public String kind() {
            return "drop_connection";
        }
    }

    /** HTTP 418 with {@code err_xdk_binding_expired}, once (see {@link Faults#expireBinding} for the lasting state). */
    record BindingExpired() implements Fault {
        public String kind() {
            return "binding_expired";
        }
    }

    /** HTTP 403 with {@code err_permission_denied}, once (see {@link Faults#denyPermission}). */
    record PermissionDenied() implements Fault {
        public String kind() {
            return "permission_denied";
        }
    }

    /** HTTP 403 with {@code err_audit_log_incorrect_region}, once (see {@link Faults#wrongRegion}). */
    record WrongRegion() implements Fault {
        public String kind() {
            return "wrong_region";
        }
    }

    /** Expires every OAuth token now; the request then proceeds (and a bearer call gets {@code token_expired}). */
    record ExpireTokens() implements Fault {
        public String kind() {
            return "expire_tokens";
        }
    }
}
