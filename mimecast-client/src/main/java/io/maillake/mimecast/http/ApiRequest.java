package io.maillake.mimecast.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One POST to Mimecast, as it travels down the interceptor chain. Immutable: an interceptor that
 * adds a header makes a new request with {@link #withHeader}.
 *
 * @param path        the path below the base URL, e.g. {@code /api/ttp/url/get-logs}
 * @param contentType the body's media type
 * @param body        the request body
 * @param headers     extra headers (auth, tracing); never logged
 * @param bodyReader  reads a successful response's body as it arrives; null to have it read whole
 */
public record ApiRequest(String path, String contentType, byte[] body, Map<String, String> headers, BodyReader bodyReader) {

    public ApiRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public ApiRequest(String path, String contentType, byte[] body, Map<String, String> headers) {
        this(path, contentType, body, headers, null);
    }

    public static ApiRequest json(String path, byte[] body) {
        return new ApiRequest(path, "application/json", body, Map.of());
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiRequest(path, contentType, body, copy, bodyReader);
    }

    /** The same request, its successful response body read by {@code reader} as it arrives. */
    public ApiRequest readingWith(BodyReader reader) {
        return new ApiRequest(path, contentType, body, headers, reader);
    }

    @Override public String toString() {
        return "ApiRequest[POST " + path + ", " + body.length + " bytes]";
    }
}
