package io.maillake.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response before it is written: status, content type, body and extra headers, plus
 * the number of log records in it (for statistics). Immutable apart from {@link #headers()},
 * which the pipeline fills before writing (rate-limit headers).
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers, int records) {
    public static final String JSON = "application/json";

    public static Reply json(int status, byte[] body) {
        return new Reply(status, JSON, body, new LinkedHashMap<>(), 0);
    }

    public static Reply json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
