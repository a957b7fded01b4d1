package io.maillake.simulator.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A request as read off the wire, body fully read. Header names are matched case-insensitively. */
public record Request(Instant received, String method, String path, String query,
                      Map<String, List<String>> headers, byte[] body) {

    public Request {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
    }

    /** First value of a header, or null. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isPost() {
        return method.toUpperCase(Locale.ROOT).equals("POST");
    }
}
