package io.maillake.normalise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * A record's canonical form, fed straight into a digest: object members sorted by name at every
 * level, every value tagged with its JSON type and length-prefixed. Two texts of the same record
 * that differ only in member order, spacing or escaping (e.g. {@code \/} vs {@code /}) digest the
 * same; records that differ in any value, name, type or nesting digest differently. No text is
 * built, which keeps the hash cheap on the ingest path.
 *
 * <p>The form is defined on the parsed tree ({@link #write(JsonNode)}). {@link #write(JsonParser, TopLevel)}
 * writes the same bytes straight from a parser, in one pass and without building the tree, for the
 * records it can read exactly as the tree would: it declines (returns false) on a fractional number
 * or a repeated member name, whose tree form depends on the mapper's number and duplicate handling.
 *
 * <p>Records of one log type nearly always list their members in the same order, so the sort order
 * of the last member list seen is remembered and reused when the same names come in the same order.
 * Not thread-safe: one instance per thread.
 */
public final class CanonicalJson {
    private static final byte OBJECT = 'o', ARRAY = 'a', STRING = 's', NUMBER = 'n', TRUE = 't', FALSE = 'f', NULL = 'z';

    /** Receives the top-level members of a record read from a parser, with their scalar values. */
    interface TopLevel {
        /**
         * @param value a String, Boolean, {@link Scalar.Integral} or {@link Scalar#NULL}; {@link Scalar#CONTAINER}
         *              for an object or array
         */
        void member(String name, Object value);
    }

    /** Values of top-level members that are not plain Strings or Booleans. */
    sealed interface Scalar {
        Scalar NULL = new Marker();
        Scalar CONTAINER = new Marker();

        record Integral(String text) implements Scalar { }

        final class Marker implements Scalar { }
    }

    /** Thrown through the recursion when the parser's input is something only the tree reads exactly. */
    private static final class Declined extends RuntimeException {
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }

    private final Buffer out = new Buffer();
    /** Per nesting depth: the encoded member values of the object being read there, and their names. */
    private final List<Buffer> scratch = new ArrayList<>();
    private final List<String[]> names = new ArrayList<>();
    private final List<int[]> bounds = new ArrayList<>();
    private String[] lastNames = new String[0];
    private int[] lastOrder = new int[0];

    /** Makes {@code node}'s canonical form the current one. */
    void write(JsonNode node) {
        out.size = 0;
        writeTree(node);
    }

    /**
     * Reads one JSON object from {@code p} (positioned before it) to its end and makes its canonical form
     * the current one, telling {@code top} each top-level member. Returns false, with nothing to rely on,
     * when the input is not a single JSON object or holds something only the tree reads exactly; the
     * caller then parses the text into a tree.
     */
    boolean write(JsonParser p, TopLevel top) {
        out.size = 0;
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            writeObject(p, out, 0, top);
            return p.nextToken() == null;
        } catch (Declined | tools.jackson.core.JacksonException e) {
            return false;
        }
    }

    /** Feeds the current canonical form into {@code digest}. */
    void digestInto(MessageDigest digest) {
        digest.update(out.bytes, 0, out.size);
    }

    private void writeTree(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                int n = node.size();
                String[] memberNames = new String[n];
                JsonNode[] values = new JsonNode[n];
                int i = 0;
                for (Map.Entry<String, JsonNode> m : node.properties()) {
                    memberNames[i] = m.getKey();
                    values[i++] = m.getValue();
                }
                int[] order = order(memberNames, n);
                out.tag(OBJECT).length(n);
                for (int k = 0; k < n; k++) {
                    out.text(memberNames[order[k]]);
                    writeTree(values[order[k]]);
                }
            }
            case ARRAY -> {
                out.tag(ARRAY).length(node.size());
                for (int i = 0; i < node.size(); i++) writeTree(node.get(i));
            }
            case STRING -> out.tag(STRING).text(node.stringValue());
            case BOOLEAN -> out.tag(node.booleanValue() ? TRUE : FALSE);
            case NULL, MISSING -> out.tag(NULL);
            default -> out.tag(NUMBER).text(node.toString());
        }
    }

    /** Writes the object whose START_OBJECT {@code p} is on; its members are encoded into this depth's scratch first. */
    private void writeObject(JsonParser p, Buffer into, int depth, TopLevel top) {
        Buffer members = scratchAt(depth);
        members.size = 0;
        String[] memberNames = names.get(depth);
        int[] ends = bounds.get(depth);
        int n = 0;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            if (n == memberNames.length) {
                memberNames = Arrays.copyOf(memberNames, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
                names.set(depth, memberNames);
                bounds.set(depth, ends);
            }
            memberNames[n] = p.currentName();
            Object value = writeValue(p, p.nextToken(), members, depth + 1);
            if (top != null) top.member(memberNames[n], value);
            ends[n++] = members.size;
        }
        int[] order = order(memberNames, n);
        for (int k = 1; k < n; k++) {
            if (memberNames[order[k]].equals(memberNames[order[k - 1]])) throw Declined.INSTANCE;
        }
        into.tag(OBJECT).length(n);
        for (int k = 0; k < n; k++) {
            int m = order[k];
            int start = m == 0 ? 0 : ends[m - 1];
            into.text(memberNames[m]).append(members.bytes, start, ends[m] - start);
        }
    }

    /** Writes the value {@code token} starts; returns it when it is a scalar (see {@link TopLevel}). */
    private Object writeValue(JsonParser p, JsonToken token, Buffer into, int depth) {
        switch (token) {
            case VALUE_STRING -> {
                String s = p.getString();
                into.tag(STRING).text(s);
                return s;
            }
            case VALUE_TRUE -> {
                into.tag(TRUE);
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                into.tag(FALSE);
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                into.tag(NULL);
                return Scalar.NULL;
            }
            case VALUE_NUMBER_INT -> {
                // the tree holds an int, long or BigInteger node, whose text is the number's decimal form
                String text = switch (p.getNumberType()) {
                    case INT -> Integer.toString(p.getIntValue());
                    case LONG -> Long.toString(p.getLongValue());
                    case BIG_INTEGER -> p.getBigIntegerValue().toString();
                    default -> throw Declined.INSTANCE;
                };
                into.tag(NUMBER).text(text);
                return new Scalar.Integral(text);
            }
            case START_OBJECT -> {
                writeObject(p, into, depth, null);
                return Scalar.CONTAINER;
            }
            case START_ARRAY -> {
                into.tag(ARRAY);
                int count = into.size;
                into.length(0);
                int n = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    writeValue(p, t, into, depth);
                    n++;
                }
                into.putLength(count, n);
                return Scalar.CONTAINER;
            }
            default -> throw Declined.INSTANCE;
        }
    }

    private Buffer scratchAt(int depth) {
        while (scratch.size() <= depth) {
            scratch.add(new Buffer());
            names.add(new String[16]);
            bounds.add(new int[16]);
        }
        return scratch.get(depth);
    }

    /** Indices of the first {@code n} of {@code memberNames} in sorted order; reuses the last order when the names repeat. */
    private int[] order(String[] memberNames, int n) {
        if (n == lastNames.length && Arrays.equals(memberNames, 0, n, lastNames, 0, n)) return lastOrder;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> memberNames[a].compareTo(memberNames[b]));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = boxed[i];
        lastNames = Arrays.copyOf(memberNames, n);
        lastOrder = order;
        return order;
    }

    /** A growable byte buffer; strings are written as a length then their UTF-8 bytes. */
    private static final class Buffer {
        byte[] bytes = new byte[2048];
        int size;

        Buffer tag(byte b) {
            ensure(1);
            bytes[size++] = b;
            return this;
        }

        Buffer length(int n) {
            ensure(4);
            putLength(size, n);
            size += 4;
            return this;
        }

        void putLength(int at, int n) {
            bytes[at] = (byte) (n >>> 24);
            bytes[at + 1] = (byte) (n >>> 16);
            bytes[at + 2] = (byte) (n >>> 8);
            bytes[at + 3] = (byte) n;
        }

        Buffer append(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, bytes, size, length);
            size += length;
            return this;
        }

        Buffer text(String s) {
            int len = s.length();
            ensure(4 + len);
            int start = size;
            size += 4;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // not ASCII: fall back to the encoder for this string
                    size = start;
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    length(utf8.length);
                    return append(utf8, 0, utf8.length);
                }
                bytes[size++] = (byte) c;
            }
            putLength(start, len);
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
