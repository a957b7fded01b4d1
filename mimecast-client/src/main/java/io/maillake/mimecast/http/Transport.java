package io.maillake.mimecast.http;

import io.maillake.mimecast.MimecastException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The last link of the chain: sends a request with the JDK {@link HttpClient} and reads the whole
 * response body, bounded in size and time. Every I/O failure becomes a {@link MimecastException.Transient}.
 * Thread-safe; one instance serves every client of a process so connections are pooled.
 */
public final class Transport {
    /** Real pages of 500 records are well under 2 MB; anything this large is not a log page. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mimecast-body-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient http;
    private final URI baseUrl;
    private final Duration timeout;
    private final int maxBodyBytes;

    /**
     * @param timeout bound on the whole exchange, from sending to the last byte of the body
     */
    public Transport(HttpClient http, URI baseUrl, Duration timeout, int maxBodyBytes) {
        this.http = http;
        this.baseUrl = stripTrailingSlash(baseUrl);
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A client suited to Mimecast: HTTP/1.1, bounded connect time, no redirects (a redirect is a misconfiguration). */
    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUrl() { return baseUrl; }

    public ApiResponse send(ApiRequest request) throws MimecastException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path()))
                .timeout(timeout)
                .header("Content-Type", request.contentType())
                .header("Accept", "application/json")
                .header("User-Agent", "Maillake/0.1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> h : request.headers().entrySet()) builder.header(h.getKey(), h.getValue());
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            BodyReader reader = status >= 200 && status < 300 ? request.bodyReader() : null;
            RecordingInputStream body = new RecordingInputStream(response.body(),
                    response.headers().firstValueAsLong("Content-Length").orElse(-1), maxBodyBytes);
            Object content = readBody(body, reader);
            return new ApiResponse(status, response.headers(), body.bytes(), content);
        } catch (HttpConnectTimeoutException e) {
            throw new MimecastException.Transient("Mimecast unreachable: connecting to " + baseUrl.getHost() + " timed out", 0, null, e);
        } catch (HttpTimeoutException e) {
            throw new MimecastException.Transient("Mimecast did not answer within " + timeout.toSeconds() + " s", 0, null, e);
        } catch (ConnectException e) {
            throw new MimecastException.Transient(connectMessage(e), 0, null, e);
        } catch (SSLException e) {
            throw new MimecastException.Transient("TLS handshake with " + baseUrl.getHost() + " failed: " + e.getMessage(), 0, null, e);
        } catch (IOException e) {
            throw new MimecastException.Transient("Connection to Mimecast dropped: " + describe(e), 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MimecastException.Transient("Interrupted while calling Mimecast", 0, null, e);
        }
    }

    /**
     * Reads the body whole, through {@code reader} when there is one (so it parses while the body
     * arrives); a watchdog closes the stream if the body trickles past the timeout.
     *
     * @return what the reader made of the body, or the {@link MimecastException} it threw; null without a reader
     */
    private Object readBody(RecordingInputStream body, BodyReader reader) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(body), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (body) {
            Object content = null;
            if (reader != null) {
                try {
                    content = reader.read(body);
                } catch (MimecastException e) {
                    content = e;
                } catch (RuntimeException e) {
                    // a reader's defect must not take the response (its rate-limit headers) away from the chain
                    content = new MimecastException.BadResponse("Mimecast sent a page Maillake could not read: " + e, 200, null, true, e);
                }
            }
            body.drain();
            return content;
        } catch (IOException e) {
            if (watchdog.isDone()) throw new HttpTimeoutException("response body not complete within " + timeout.toSeconds() + " s");
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private String connectMessage(ConnectException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnresolvedAddressException) {
            return "Mimecast unreachable: cannot resolve host " + baseUrl.getHost();
        }
        return "Mimecast unreachable: cannot connect to " + baseUrl.getHost() + " (" + describe(e) + ")";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the closed stream; nothing else to do
        }
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
