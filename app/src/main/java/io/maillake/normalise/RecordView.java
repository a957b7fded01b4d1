package io.maillake.normalise;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Read access to one Mimecast record whose every field is optional and may have an unexpected type.
 * Missing, null, blank and non-scalar values all read as null; nothing here throws on odd data.
 */
final class RecordView {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode node;

    private RecordView(JsonNode node) {
        this.node = node;
    }

    /**
     * @throws MalformedRecordException if {@code raw} is not a JSON object
     */
    static RecordView parse(String raw) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new MalformedRecordException("record is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new MalformedRecordException("record is not a JSON object");
        return new RecordView(node);
    }

    JsonNode node() { return node; }

    /** A scalar as trimmed text (numbers and booleans as written); null when absent, null, blank or not a scalar. */
    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) return null;
        String s = v.asString().trim();
        return s.isEmpty() ? null : s;
    }

    /** {@link #text} lower-cased, for comparing Mimecast's enumerations. */
    String lower(String field) {
        String s = text(field);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** A boolean given as JSON true/false or the strings "true"/"false"; null otherwise. */
    Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null) return null;
        if (v.getNodeType() == JsonNodeType.BOOLEAN) return v.booleanValue();
        if (v.isString()) {
            String s = v.asString().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
        }
        return null;
    }

    boolean has(String field) {
        return node.has(field);
    }
}
