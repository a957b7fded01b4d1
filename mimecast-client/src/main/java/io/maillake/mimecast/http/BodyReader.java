package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;
import java.io.IOException;

/**
 * Reads a successful (2xx) response body while it arrives, so parsing overlaps the transfer instead
 * of following it. The transport keeps every byte in {@link ApiResponse#body()} as well, and keeps
 * what this returns, or the {@link MimecastException} it throws, in {@link ApiResponse#content()}:
 * the response still travels back up the interceptor chain whole (rate-limit headers, server time,
 * logging), and the caller decides what to throw.
 */
@FunctionalInterface
public interface BodyReader {

    /**
     * @throws IOException        when the transfer fails (the transport classifies it as for any call)
     * @throws MimecastException  when the body is not what was expected
     */
    Object read(RecordingInputStream body) throws IOException, MimecastException;
}
