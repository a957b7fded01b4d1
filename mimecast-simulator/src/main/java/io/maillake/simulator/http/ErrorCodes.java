package io.maillake.simulator.http;

/**
 * Every error code the simulator sends, in one place. Codes marked "real" appear in public
 * Mimecast sources (API.md 4.2, 6); the others are the simulator's own choice, since the real
 * ones are unknown: they are stable, but a client should branch only on the HTTP status and
 * {@code retryable}.
 *
 * <table>
 * <tr><th>code</th><th>status</th><th>when</th></tr>
 * <tr><td>err_auth_header_missing</td><td>401</td><td>a required API 1.0 header is missing</td></tr>
 * <tr><td>err_auth_header_malformed</td><td>401</td><td>Authorization is not {@code MC accessKey:signature}</td></tr>
 * <tr><td>err_developer_key (real)</td><td>401</td><td>unknown x-mc-app-id, or one of another account</td></tr>
 * <tr><td>err_access_key_unknown</td><td>401</td><td>unknown access key</td></tr>
 * <tr><td>err_signature_invalid</td><td>401</td><td>signature does not match</td></tr>
 * <tr><td>err_date_malformed</td><td>401</td><td>x-mc-date is not {@code EEE, dd MMM yyyy HH:mm:ss UTC|GMT}</td></tr>
 * <tr><td>err_date_skewed</td><td>401</td><td>x-mc-date is outside the allowed clock skew</td></tr>
 * <tr><td>err_xdk_binding_expired (real)</td><td>418</td><td>the account's binding is expired</td></tr>
 * <tr><td>err_permission_denied</td><td>403</td><td>the account lacks the permission for this log type (named in the message, e.g. Monitoring | URL Protection | Read)</td></tr>
 * <tr><td>err_audit_log_incorrect_region (real)</td><td>403</td><td>the account is in another region</td></tr>
 * <tr><td>err_rate_limit_exceeded</td><td>429</td><td>rate limit reached (retryable)</td></tr>
 * <tr><td>err_request_body_malformed</td><td>400</td><td>body is neither JSON nor a Python literal, or has the wrong shape</td></tr>
 * <tr><td>err_validation_invalid_date</td><td>400</td><td>from/to not a supported date</td></tr>
 * <tr><td>err_validation_date_range</td><td>400</td><td>from after to</td></tr>
 * <tr><td>err_validation_invalid_value</td><td>400</td><td>a filter or pageSize with an unsupported value</td></tr>
 * <tr><td>err_validation_null (real)</td><td>400</td><td>impersonation searchField given without query</td></tr>
 * <tr><td>err_validation_blank (real)</td><td>400</td><td>impersonation searchField given with a blank query</td></tr>
 * <tr><td>err_page_token_invalid</td><td>400</td><td>pageToken forged, damaged, or of another account or log type</td></tr>
 * <tr><td>err_injected_failure</td><td>200</td><td>default code of the "200 with fail[]" fault</td></tr>
 * <tr><td>err_internal_server_error</td><td>500</td><td>injected 500 (retryable)</td></tr>
 * <tr><td>err_not_found</td><td>404</td><td>unknown path</td></tr>
 * <tr><td>err_method_not_allowed</td><td>405</td><td>any method other than POST</td></tr>
 * <tr><td>unauthorized (real)</td><td>401</td><td>API 2.0: missing or unknown bearer token</td></tr>
 * <tr><td>token_expired (real)</td><td>401</td><td>API 2.0: expired bearer token</td></tr>
 * <tr><td>invalid_client, unsupported_grant_type, invalid_request (RFC 6749)</td><td>401/400</td><td>/oauth/token</td></tr>
 * </table>
 */
public final class ErrorCodes {
    public static final String HEADER_MISSING = "err_auth_header_missing";
    public static final String HEADER_MALFORMED = "err_auth_header_malformed";
    public static final String DEVELOPER_KEY = "err_developer_key";
    public static final String ACCESS_KEY_UNKNOWN = "err_access_key_unknown";
    public static final String SIGNATURE_INVALID = "err_signature_invalid";
    public static final String DATE_MALFORMED = "err_date_malformed";
    public static final String DATE_SKEWED = "err_date_skewed";
    public static final String BINDING_EXPIRED = "err_xdk_binding_expired";
    public static final String PERMISSION_DENIED = "err_permission_denied";
    public static final String WRONG_REGION = "err_audit_log_incorrect_region";
    public static final String RATE_LIMITED = "err_rate_limit_exceeded";
    public static final String BODY_MALFORMED = "err_request_body_malformed";
    public static final String INVALID_DATE = "err_validation_invalid_date";
    public static final String DATE_RANGE = "err_validation_date_range";
    public static final String INVALID_VALUE = "err_validation_invalid_value";
    public static final String VALIDATION_NULL = "err_validation_null";
    public static final String VALIDATION_BLANK = "err_validation_blank";
    public static final String PAGE_TOKEN_INVALID = "err_page_token_invalid";
    public static final String INJECTED_FAILURE = "err_injected_failure";
    public static final String INTERNAL = "err_internal_server_error";
    public static final String NOT_FOUND = "err_not_found";
    public static final String METHOD_NOT_ALLOWED = "err_method_not_allowed";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String TOKEN_EXPIRED = "token_expired";

    private ErrorCodes() {
    }
}
