package io.maillake.simulator.http;

import io.maillake.simulator.json.ByteSink;
import io.maillake.simulator.json.JsonWriter;
import io.maillake.simulator.json.LenientJson;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code key} of an API 1.0 style fail item (API.md 4.2): an echo of the request's
 * {@code data[]} item the failure concerns. The log endpoints read only {@code data[0]} (or a bare
 * {@code data} object, which they also accept), so that is the item echoed, re-written as strict
 * JSON in the order the request sent its members (a Python-literal body is echoed as JSON). A
 * request without a data item (empty, unparseable, or a follow-up page sending only its token)
 * has no key. Thread-safe (no state).
 */
public final class FailKey {
    private FailKey() {
    }

    /** The key of a raw request body, as JSON; null when the body has no data item. */
    public static byte[] of(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return of(LenientJson.parse(text));
        } catch (LenientJson.SyntaxException e) {
            return null;
        }
    }

    /** The key of an already parsed body, as JSON; null when it has no data item. */
    public static byte[] of(Object root) {
        Map<?, ?> item = item(root);
        return item == null ? null : JsonWriter.write(new ByteSink(256), item).toByteArray();
    }

    private static Map<?, ?> item(Object root) {
        if (!(root instanceof Map<?, ?> m)) {
            return null;
        }
        Object data = m.get("data");
        if (data instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?> first) {
            return first;
        }
        return data instanceof Map<?, ?> single ? single : null;
    }
}
