package io.maillake.mimecast.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A response body as it arrives, keeping every byte read through it. A parser reading from this
 * stream can cut the original text of what it just parsed out of {@link #buffer()} by byte offset,
 * while the rest of the body is still on the wire. Bounded: reading past {@code maxBytes} fails.
 * Not thread-safe; one reader.
 */
public final class RecordingInputStream extends InputStream {
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private final long announcedLength;
    private byte[] buffer;
    private int size;

    /**
     * @param contentLength the announced length, or -1; with a length the buffer is allocated once
     *                      at that size (pages are large, growing buffers would double allocation);
     *                      a length beyond {@code maxBytes} makes the first read fail
     */
    public RecordingInputStream(InputStream in, long contentLength, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.announcedLength = contentLength;
        this.buffer = new byte[contentLength >= 0 && contentLength <= maxBytes ? (int) contentLength : INITIAL_CAPACITY];
    }

    /** The bytes read so far are {@code buffer()[0 .. size())}. The array may be replaced as the body grows. */
    public byte[] buffer() { return buffer; }

    public int size() { return size; }

    /** Everything read so far, as an array of exactly that length (no copy when the length was announced and met). */
    public byte[] bytes() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    /** Reads the rest of the body, so {@link #bytes()} holds all of it. */
    public void drain() throws IOException {
        byte[] scratch = new byte[8 * 1024];
        while (read(scratch, 0, scratch.length) != -1) {
            // recorded by read
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (announcedLength > maxBytes) throw new IOException("response body of " + announcedLength + " bytes exceeds " + maxBytes);
        int n = in.read(b, off, len);
        if (n > 0) record(b, off, n);
        return n;
    }

    private void record(byte[] b, int off, int n) throws IOException {
        if ((long) size + n > maxBytes) throw new IOException("response body exceeds " + maxBytes + " bytes");
        if (size + n > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(size + n, Math.min(maxBytes, 2 * buffer.length)));
        System.arraycopy(b, off, buffer, size, n);
        size += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
