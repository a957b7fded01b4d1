package io.maillake.normalise;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A record's canonical form, fed straight into a digest: object members sorted by name at every
 * level, every value tagged with its JSON type and length-prefixed. Two texts of the same record
 * that differ only in member order, spacing or escaping (e.g. {@code \/} vs {@code /}) digest the
 * same; records that differ in any value, name, type or nesting digest differently. No text is
 * built, which keeps the hash cheap on the ingest path.
 *
 * <p>Records of one log type nearly always list their members in the same order, so the sort order
 * of the last member list seen is remembered and reused when the same names come in the same order.
 * Not thread-safe: one instance per thread.
 */
public final class CanonicalJson {
    private static final byte OBJECT = 'o', ARRAY = 'a', STRING = 's', NUMBER = 'n', TRUE = 't', FALSE = 'f', NULL = 'z';

    private final Buffer out = new Buffer();
    private String[] lastNames = new String[0];
    private int[] lastOrder = new int[0];

    /** Feeds the canonical form of {@code node} into {@code digest}. */
    public void digest(JsonNode node, MessageDigest digest) {
        out.size = 0;
        write(node);
        digest.update(out.bytes, 0, out.size);
    }

    private void write(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                int n = node.size();
                String[] names = new String[n];
                JsonNode[] values = new JsonNode[n];
                int i = 0;
                for (Map.Entry<String, JsonNode> m : node.properties()) {
                    names[i] = m.getKey();
                    values[i++] = m.getValue();
                }
                int[] order = order(names);
                out.tag(OBJECT).length(n);
                for (int k = 0; k < n; k++) {
                    out.text(names[order[k]]);
                    write(values[order[k]]);
                }
            }
            case ARRAY -> {
                out.tag(ARRAY).length(node.size());
                for (int i = 0; i < node.size(); i++) write(node.get(i));
            }
            case STRING -> out.tag(STRING).text(node.stringValue());
            case BOOLEAN -> out.tag(node.booleanValue() ? TRUE : FALSE);
            case NULL, MISSING -> out.tag(NULL);
            default -> out.tag(NUMBER).text(node.toString());
        }
    }

    /** Indices of {@code names} in sorted order; reuses the last order when the names repeat. */
    private int[] order(String[] names) {
        if (Arrays.equals(names, lastNames)) return lastOrder;
        Integer[] boxed = new Integer[names.length];
        for (int i = 0; i < names.length; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> names[a].compareTo(names[b]));
        int[] order = new int[names.length];
        for (int i = 0; i < names.length; i++) order[i] = boxed[i];
        lastNames = names;
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
            bytes[size++] = (byte) (n >>> 24);
            bytes[size++] = (byte) (n >>> 16);
            bytes[size++] = (byte) (n >>> 8);
            bytes[size++] = (byte) n;
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
                    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    length(utf8.length);
                    ensure(utf8.length);
                    System.arraycopy(utf8, 0, bytes, size, utf8.length);
                    size += utf8.length;
                    return this;
                }
                bytes[size++] = (byte) c;
            }
            bytes[start] = (byte) (len >>> 24);
            bytes[start + 1] = (byte) (len >>> 16);
            bytes[start + 2] = (byte) (len >>> 8);
            bytes[start + 3] = (byte) len;
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
