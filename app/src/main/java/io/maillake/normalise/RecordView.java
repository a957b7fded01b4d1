package io.maillake.normalise;

import java.util.Arrays;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Read access to one Mimecast record whose every field is optional and may have an unexpected type.
 * Missing, null, blank and non-scalar values all read as null; nothing here throws on odd data.
 *
 * <p>Two forms read alike: {@link Tree}, the parsed tree, and {@link Flat}, the top-level members
 * taken while {@link CanonicalJson} streams the record on the ingest path (no tree built).
 */
abstract sealed class RecordView permits RecordView.Tree, RecordView.Flat {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @throws MalformedRecordException if {@code raw} is not a JSON object
     */
    static Tree parse(String raw) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new MalformedRecordException("record is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new MalformedRecordException("record is not a JSON object");
        return new Tree(node);
    }

    /** A scalar as trimmed text (numbers and booleans as written); null when absent, null, blank or not a scalar. */
    abstract String text(String field);

    /** A boolean given as JSON true/false or the strings "true"/"false"; null otherwise. */
    abstract Boolean bool(String field);

    abstract boolean has(String field);

    /** {@link #text} lower-cased, for comparing Mimecast's enumerations. */
    final String lower(String field) {
        String s = text(field);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static String trimmed(String s) {
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    static Boolean fromString(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        return null;
    }

    /** The record as a parsed tree. */
    static final class Tree extends RecordView {
        private final JsonNode node;

        private Tree(JsonNode node) {
            this.node = node;
        }

        JsonNode node() { return node; }

        @Override
        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isValueNode() || v.isNull()) return null;
            return trimmed(v.asString());
        }

        @Override
        Boolean bool(String field) {
            JsonNode v = node.get(field);
            if (v == null) return null;
            if (v.getNodeType() == JsonNodeType.BOOLEAN) return v.booleanValue();
            return v.isString() ? fromString(v.asString()) : null;
        }

        @Override
        boolean has(String field) {
            return node.has(field);
        }
    }

    /**
     * The top-level members of a record as {@link CanonicalJson.TopLevel} reports them. Reused record after
     * record by one thread ({@link #clear}); only valid while the record is being normalised.
     */
    static final class Flat extends RecordView implements CanonicalJson.TopLevel {
        private String[] names = new String[32];
        private Object[] values = new Object[32];
        private int size;

        void clear() {
            Arrays.fill(values, 0, size, null);
            size = 0;
        }

        @Override
        public void member(String name, Object value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
        }

        private Object get(String field) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(field)) return values[i];
            }
            return null;
        }

        @Override
        String text(String field) {
            return switch (get(field)) {
                case String s -> trimmed(s);
                case Boolean b -> b.toString();
                case CanonicalJson.Scalar.Integral i -> i.text();
                case null, default -> null;
            };
        }

        @Override
        Boolean bool(String field) {
            return switch (get(field)) {
                case Boolean b -> b;
                case String s -> fromString(s);
                case null, default -> null;
            };
        }

        @Override
        boolean has(String field) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(field)) return true;
            }
            return false;
        }
    }
}
