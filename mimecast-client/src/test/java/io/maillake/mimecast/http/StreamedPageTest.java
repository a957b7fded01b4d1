package io.maillake.mimecast.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.mimecast.Credentials;
import io.maillake.mimecast.LogQuery;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.Page;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A page is parsed while its body arrives: records are cut from the bytes received so far, the body
 * is kept whole, a body that fails is classified as before, and a page that cannot be used still
 * travels back through the chain (its rate-limit headers reach the budget).
 */
class StreamedPageTest {
    /** What the server answers: body, whether to announce its length, and how to send it. */
    record Answer(int status, byte[] body, boolean announceLength, int dropAfter, String remaining) { }

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private MimecastConnector connector;
    private MimecastClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            Answer a = answer.get();
            ex.getResponseHeaders().add("X-RateLimit-Limit", "1000");
            ex.getResponseHeaders().add("X-RateLimit-Remaining", a.remaining());
            ex.getResponseHeaders().add("X-RateLimit-Reset", "60000");
            ex.sendResponseHeaders(a.status(), a.announceLength() ? a.body().length : 0);
            try (OutputStream out = ex.getResponseBody()) {
                int n = a.dropAfter() >= 0 ? a.dropAfter() : a.body().length;
                for (int off = 0; off < n; off += 1000) { // small writes: the body arrives in many chunks
                    out.write(a.body(), off, Math.min(1000, n - off));
                    out.flush();
                }
                if (a.dropAfter() >= 0) ex.getHttpContext().getServer().stop(0);
            } catch (IOException ignored) {
                // the client hung up
            }
        });
        server.start();
        connector = MimecastConnector.builder().baseUrlPolicy(BaseUrlPolicy.allowingInsecure())
                .callTimeout(Duration.ofSeconds(5)).build();
        client = connector.client("http://127.0.0.1:" + server.getAddress().getPort(),
                new Credentials.Api1("ca16c415-658f-4c87-8fb6-e3e6957771dc", "0f2f1a2e-5a7e-4b33-9c1f-0a1b2c3d4e5f",
                        "access-key", "c2VjcmV0LWtleS1vZi10aGUtc2VydmljZS11c2Vy"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        connector.close();
    }

    private static final LogQuery QUERY = LogQuery.window(LogType.URL, Instant.parse("2026-05-01T00:00:00Z"),
            Instant.parse("2026-05-01T01:00:00Z"));

    /** A page of {@code n} records, each made long enough that the page outgrows any first buffer. */
    private static List<String> records(int n) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add("{\"url\":\"https://example.com/" + "p".repeat(400) + i + "\",\"userEmailAddress\":\"ann\\u00e9@example.com\","
                    + "\"date\":\"2026-05-01T00:00:0" + (i % 10) + "+0000\",\"nested\":{\"a\":[1,{\"b\":\"}\"}]}}");
        }
        return records;
    }

    private static byte[] page(List<String> records, String next) {
        String meta = next == null ? "{\"status\":200}" : "{\"status\":200,\"pagination\":{\"next\":\"" + next + "\"}}";
        return ("{\"meta\":" + meta + ",\"data\":[{\"clickLogs\":[" + String.join(" , ", records) + "]}],\"fail\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChunkedPageWithoutLengthIsReadExactlyWhileItArrives() throws Exception {
        List<String> records = records(400); // ~190 kB, past the 64 kB the buffer starts with
        byte[] body = page(records, "tok-2");
        answer.set(new Answer(200, body, false, -1, "999"));

        Page page = client.fetchPage(QUERY, null);

        assertThat(page.records()).containsExactlyElementsOf(records);
        assertThat(page.next()).contains("tok-2");
        assertThat(page.bodyBytes()).isEqualTo(body.length);
    }

    @Test
    void aPageWithAnnouncedLengthIsReadExactly() throws Exception {
        List<String> records = records(3);
        answer.set(new Answer(200, page(records, null), true, -1, "999"));

        assertThat(client.fetchPage(QUERY, null).records()).containsExactlyElementsOf(records);
    }

    @Test
    void aConnectionDroppedMidPageIsTransientNotMalformed() {
        byte[] body = page(records(200), null);
        answer.set(new Answer(200, body, true, body.length / 2, "999"));

        assertThatThrownBy(() -> client.fetchPage(QUERY, null))
                .isInstanceOf(MimecastException.Transient.class)
                .hasMessageContaining("dropped");
    }

    @Test
    void aMalformedPageIsABadResponseAndItsRateLimitHeadersStillReachTheBudget() {
        answer.set(new Answer(200, "{\"meta\":{},\"data\":[{\"clickLogs\":[{\"url\": nope}]}]}".getBytes(StandardCharsets.UTF_8),
                true, -1, "17"));

        assertThatThrownBy(() -> client.fetchPage(QUERY, null)).isInstanceOf(MimecastException.BadResponse.class)
                .hasMessageContaining("malformed");
        assertThat(client.budget().snapshot().remaining()).isEqualTo(17);
    }

    @Test
    void theRecordingStreamRefusesABodyPastItsBound() throws IOException {
        RecordingInputStream announced = new RecordingInputStream(new ByteArrayInputStream(new byte[10]), 10, 5);
        assertThatThrownBy(announced::drain).isInstanceOf(IOException.class).hasMessageContaining("exceeds 5");

        RecordingInputStream unannounced = new RecordingInputStream(new ByteArrayInputStream(new byte[10]), -1, 5);
        assertThatThrownBy(unannounced::drain).isInstanceOf(IOException.class).hasMessageContaining("exceeds 5");

        RecordingInputStream fits = new RecordingInputStream(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), -1, 5);
        fits.drain();
        assertThat(new String(fits.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
}
