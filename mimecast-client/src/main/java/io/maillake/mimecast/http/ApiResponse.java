package io.maillake.mimecast.http;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A complete response from Mimecast: status, headers and the whole body (bounded by the transport).
 *
 * @param content what the request's {@link BodyReader} made of a successful body, or the
 *                {@link io.maillake.mimecast.MimecastException} it threw; null when nothing read it
 */
public record ApiResponse(int status, HttpHeaders headers, byte[] body, Object content) {

    public ApiResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    public ApiResponse(int status, HttpHeaders headers, byte[] body) {
        this(status, headers, body, null);
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** A numeric header, or empty when it is absent or not a number. */
    public OptionalLong longHeader(String name) {
        Optional<String> value = header(name);
        if (value.isEmpty()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    @Override public String toString() {
        return "ApiResponse[" + status + ", " + body.length + " bytes]";
    }
}
