package io.maillake.simulator.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into directly: records are assembled from
 * pre-encoded fragments, so serving needs no object model and no databind. Not thread-safe.
 */
public final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    public void reset() {
        len = 0;
    }

    /** Cuts the content back to {@code length} bytes. */
    public void truncate(int length) {
        len = length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public String toUtf8(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return toUtf8(0, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ByteSink put(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    public ByteSink put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    public ByteSink put(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    public ByteSink put(ByteSink other) {
        return put(other.buf, 0, other.len);
    }

    /** Appends a copy of bytes already in this sink, e.g. a value written earlier in the same record. */
    public ByteSink copyOwn(int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(buf, from, buf, len, n);
        len += n;
        return this;
    }

    /** Appends characters that are known to be ASCII and need no escaping (keys, numbers, tokens). */
    public ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteSink number(long v) {
        return ascii(Long.toString(v));
    }

    /** Small non-negative integer without allocation. */
    public ByteSink digits(int v) {
        if (v < 10) {
            return put((byte) ('0' + v));
        }
        if (v < 100) {
            ensure(2);
            buf[len++] = (byte) ('0' + v / 10);
            buf[len++] = (byte) ('0' + v % 10);
            return this;
        }
        return number(v);
    }

    /** {@code n} lower-case hex digits of {@code v} (n &lt;= 16). */
    public ByteSink hex(long v, int n) {
        ensure(n);
        for (int i = n - 1; i >= 0; i--) {
            buf[len + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        len += n;
        return this;
    }

    /** A JSON string literal with quotes, escaping as JSON requires; non-ASCII is written as UTF-8. */
    public ByteSink string(String s) {
        put((byte) '"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                ensure(2);
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x80) {
                put((byte) c);
            } else {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                put(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return put((byte) '"');
    }

    private void escapeControl(char c) {
        switch (c) {
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            case '\b' -> ascii("\\b");
            case '\f' -> ascii("\\f");
            default -> {
                ascii("\\u00");
                hex(c, 2);
            }
        }
    }

    /** The JSON string literal of {@code s} as bytes, for pre-encoded pools. */
    public static byte[] quoted(String s) {
        return new ByteSink(s.length() + 8).string(s).toByteArray();
    }
}
