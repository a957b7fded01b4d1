package io.maillake.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import io.maillake.simulator.http.Delivery;
import io.maillake.simulator.http.Reply;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Writes a {@link Reply} onto an exchange as its {@link Delivery} says. To cut a connection it
 * throws {@link AbortConnection} from the handler: the JDK server then closes the socket
 * without completing the response (sun.net.httpserver.ServerImpl.Exchange#run).
 *
 * <p>The status line's reason phrase is the JDK's: none for codes it does not know, such as 418
 * and 429 ({@code HTTP/1.1 429 }); the server has no way to set one, and the phrase is optional.
 */
final class ReplyWriter {
    /** Unwinds the handler so that the server closes the connection mid-response. */
    static final class AbortConnection extends RuntimeException {
        AbortConnection() {
            super("connection cut by a fault", null, false, false);
        }
    }

    private ReplyWriter() {
    }

    static void write(HttpExchange ex, Reply r, Delivery delivery, boolean head) throws IOException {
        if (delivery instanceof Delivery.Drop) {
            throw new AbortConnection();
        }
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.getResponseHeaders().set("X-Request-Id", requestId());
        r.headers().forEach(ex.getResponseHeaders()::set);
        byte[] body = r.body();
        switch (delivery) {
            case Delivery.DelayHeaders d -> {
                sleep(d.delay());
                send(ex, r.status(), body, head);
            }
            case Delivery.Trickle t -> {
                ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    int step = Math.max(1, (body.length + t.chunks() - 1) / t.chunks());
                    for (int off = 0; off < body.length; off += step) {
                        sleep(t.pause());
                        out.write(body, off, Math.min(step, body.length - off));
                        out.flush();
                    }
                }
            }
            case Delivery.Truncate t -> {
                ex.sendResponseHeaders(r.status(), t.chunked() ? 0 : Math.max(1, body.length));
                OutputStream out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new AbortConnection();
            }
            default -> send(ex, r.status(), body, head);
        }
    }

    /** An id per response, as Mimecast's API 2.0 gateway sends in {@code x-request-id} (API.md 4.2). */
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new java.util.UUID(r.nextLong() & ~0xF000L | 0x4000L, r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
    }

    private static void send(HttpExchange ex, int status, byte[] body, boolean head) throws IOException {
        if (head || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortConnection();
        }
    }
}
