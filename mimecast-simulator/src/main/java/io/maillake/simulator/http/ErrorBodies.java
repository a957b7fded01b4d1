package io.maillake.simulator.http;

import io.maillake.simulator.json.ByteSink;

/** The three error body shapes of Mimecast (API.md 4.2 and 6). */
public final class ErrorBodies {
    private ErrorBodies() {
    }

    /**
     * API 1.0 style (also used by 2.0 TTP endpoints, API.md 4.2):
     * {@code {"meta":{"status":S},"data":[],"fail":[{"key":{..},"errors":[{"code":..,"message":..,"retryable":..}]}]}}
     * with {@code field} added for validation errors. {@code key} is the JSON echo of the request's
     * data item the failure concerns ({@link FailKey}); null leaves it out, as for a request without one.
     */
    public static Reply fail(int status, String code, String message, boolean retryable, String field, byte[] key) {
        return Reply.json(status, failBody(status, code, message, retryable, field, key));
    }

    /** A failure that concerns no data item (unknown path, wrong method, a server fault). */
    public static Reply fail(int status, String code, String message, boolean retryable) {
        return fail(status, code, message, retryable, null, null);
    }

    public static byte[] failBody(int status, String code, String message, boolean retryable, String field, byte[] key) {
        ByteSink out = new ByteSink(256);
        out.ascii("{\"meta\":{\"status\":").number(status).ascii("},\"data\":[],\"fail\":[{");
        if (key != null) {
            out.ascii("\"key\":").put(key).put((byte) ',');
        }
        out.ascii("\"errors\":[{\"code\":").string(code).ascii(",\"message\":").string(message)
                .ascii(",\"retryable\":").ascii(Boolean.toString(retryable));
        if (field != null) {
            out.ascii(",\"field\":").string(field);
        }
        return out.ascii("}]}]}").toByteArray();
    }

    /** API 2.0 gateway style: {@code {"fail":[{"code":..,"message":..}]}}. */
    public static Reply gatewayFail(int status, String code, String message) {
        ByteSink out = new ByteSink(128);
        out.ascii("{\"fail\":[{\"code\":").string(code).ascii(",\"message\":").string(message).ascii("}]}");
        return Reply.json(status, out.toByteArray());
    }

    /** OAuth 2.0 token endpoint style (RFC 6749 5.2): {@code {"error":..,"error_description":..}}. */
    public static Reply oauth(int status, String error, String description) {
        ByteSink out = new ByteSink(128);
        out.ascii("{\"error\":").string(error).ascii(",\"error_description\":").string(description).ascii("}");
        return Reply.json(status, out.toByteArray());
    }
}
