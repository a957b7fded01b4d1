package io.maillake.mimecast;

import io.maillake.mimecast.http.ApiResponse;
import io.maillake.mimecast.http.FailBody;
import io.maillake.mimecast.http.RateLimitHeaders;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns an unusable Mimecast response into a typed failure. Mimecast's error codes that name a
 * cause decide first (they can come with any status, even 200); otherwise the HTTP status does
 * (API.md 4.1 and 4.2). Codes whose meaning is not published are only reported, never matched.
 */
final class ResponseClassifier {
    private ResponseClassifier() { }

    /** The failure for a response with a non-2xx status. */
    static MimecastException forStatus(LogType type, ApiGeneration generation, ApiResponse response) {
        int status = response.status();
        List<FailBody.Error> errors = FailBody.errors(response.body());
        String ref = requestId(response);
        Optional<MimecastException> byCode = byCode(type, generation, status, errors, ref);
        if (byCode.isPresent()) return byCode.get();
        String code = firstCode(errors);
        String detail = describe(errors) + ref;
        return switch (status) {
            case 401 -> new MimecastException.AuthenticationFailed(generation,
                    "Mimecast rejected the credentials (HTTP 401" + detail + ")", status, code);
            case 403 -> new MimecastException.PermissionMissing(type,
                    "Mimecast refused access to " + type.id() + " logs (HTTP 403" + detail + ")", status, code);
            case 418 -> new MimecastException.BindingExpired(
                    "Mimecast says the access key's binding expired (HTTP 418" + detail + ")", status, code);
            case 429 -> new MimecastException.RateLimited("Mimecast rate limit exceeded (HTTP 429" + detail + ")",
                    status, code, RateLimitHeaders.resetOrDefault(response), true);
            case 408 -> new MimecastException.Transient("Mimecast timed out (HTTP 408" + detail + ")", status, code, null);
            default -> status >= 500
                    ? new MimecastException.Transient("Mimecast failed with HTTP " + status + detail, status, code, null)
                    : new MimecastException.RequestRejected("Mimecast rejected the request with HTTP " + status
                            + detail + redirectHint(response), status, code);
        };
    }

    /** The failure for a 2xx response whose {@code fail[]} is not empty. */
    static MimecastException forFailIn200(LogType type, ApiGeneration generation, List<FailBody.Error> errors) {
        return byCode(type, generation, 200, errors, "").orElseGet(() ->
                // Mimecast "can return failure states with a 200"; nothing was collected, so try again later.
                new MimecastException.BadResponse("Mimecast answered 200 but reported a failure" + describe(errors),
                        200, firstCode(errors), true, null));
    }

    private static Optional<MimecastException> byCode(LogType type, ApiGeneration generation, int status,
                                                      List<FailBody.Error> errors, String ref) {
        for (FailBody.Error e : errors) {
            if (e.code() == null) continue;
            String detail = " (" + e.code() + (e.message() == null ? "" : ": " + clip(e.message())) + ref + ")";
            switch (e.code()) {
                case "err_xdk_binding_expired" -> {
                    return Optional.of(new MimecastException.BindingExpired(
                            "Mimecast says the access key's binding expired" + detail, status, e.code()));
                }
                case "err_audit_log_incorrect_region" -> {
                    return Optional.of(new MimecastException.WrongRegion(
                            "The base URL is not the Mimecast account's region" + detail, status, e.code()));
                }
                case "err_developer_key" -> {
                    return Optional.of(new MimecastException.AuthenticationFailed(generation,
                            "Mimecast does not recognise the application ID or key" + detail, status, e.code()));
                }
                default -> { }
            }
        }
        return Optional.empty();
    }

    private static String firstCode(List<FailBody.Error> errors) {
        return errors.stream().map(FailBody.Error::code).filter(c -> c != null).findFirst().orElse(null);
    }

    private static String describe(List<FailBody.Error> errors) {
        String joined = errors.stream()
                .map(e -> e.code() == null ? e.message() : e.message() == null ? e.code() : e.code() + ": " + e.message())
                .filter(s -> s != null && !s.isBlank())
                .limit(3)
                .map(ResponseClassifier::clip)
                .collect(Collectors.joining("; "));
        return joined.isEmpty() ? "" : ", " + joined;
    }

    /**
     * The id Mimecast's API 2.0 gateway gives each response ({@code x-request-id}), for an admin to quote to
     * Mimecast support; empty when absent or not a plain token (it comes from the network).
     */
    private static String requestId(ApiResponse response) {
        return response.header("x-request-id").filter(id -> REQUEST_ID.matcher(id).matches()).map(id -> ", Mimecast request id " + id).orElse("");
    }

    private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** Error text comes from the network: keep it short so a hostile server cannot flood status pages. */
    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String redirectHint(ApiResponse response) {
        if (response.status() < 300 || response.status() >= 400) return "";
        return response.header("Location").map(l -> "; redirected to " + clip(l) + ": check the base URL").orElse("");
    }
}
