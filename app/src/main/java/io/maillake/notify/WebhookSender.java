package io.maillake.notify;

import io.maillake.detect.WebhookEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Posts one notification with the JDK's HttpClient: the JSON body; {@code X-Maillake-Event} and
 * {@code X-Maillake-Delivery} (the id receivers drop duplicates by); {@code X-Maillake-Attempt};
 * {@code X-Maillake-Timestamp}, and with a secret, {@code X-Maillake-Signature} (see {@link Signature}).
 * Redirects are not followed, and the receiver's answer is read and dropped, never shown: a webhook
 * must not become a way to read pages the Maillake host can reach. Errors say what happened without
 * the URL. Thread-safe; {@link #close()} releases the client.
 */
public final class WebhookSender implements AutoCloseable {
    /** Receivers are expected to queue and answer at once (as GitHub's and Stripe's webhooks ask); these bound one attempt to 15 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Maillake-Webhook/1";

    private final HttpClient http;
    private final Clock clock;

    public WebhookSender(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** How one post ended. */
    public sealed interface Result {
        /** The receiver answered 2xx. */
        record Delivered(int status) implements Result { }

        /**
         * @param status     the receiver's answer, or null when none came
         * @param error      what happened, for the console and the log
         * @param retryAfter the receiver's {@code Retry-After}, or null
         */
        record Failed(Integer status, String error, boolean retriable, Duration retryAfter) implements Result { }
    }

    /**
     * @param secret  the signing secret, or null to send unsigned
     * @param attempt 1 for the first attempt
     * @throws InterruptedException if the thread is interrupted while waiting for the receiver
     */
    public Result send(URI url, String secret, WebhookEvent event, String deliveryId, int attempt, String body) throws InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Maillake-Event", event.id())
                .header("X-Maillake-Delivery", deliveryId)
                .header("X-Maillake-Attempt", Integer.toString(attempt))
                .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (secret != null) request.header(Signature.SIGNATURE_HEADER, Signature.v1(secret, timestamp, bytes));
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return new Result.Failed(null, describe(e), true, null);
        } catch (IllegalArgumentException e) {
            // the HTTP client refuses some hosts only when it connects (a trailing dot, an IPv6 zone): not retried
            return new Result.Failed(null, "the URL cannot be used (" + shorten(e.getMessage()) + "); set another", false, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return new Result.Delivered(status);
        boolean retriable = RetrySchedule.retriable(status);
        String error = status >= 300 && status < 400 ? "the receiver answered HTTP " + status + " (a redirect, not followed): set the URL it redirects to"
                : retriable ? "the receiver answered HTTP " + status
                : "the receiver refused the notification with HTTP " + status + "; not retried: fix the receiver or the URL, then retry";
        return new Result.Failed(status, error, retriable, retryAfter(response));
    }

    /** What went wrong, in words that hold neither the URL nor anything the receiver sent. */
    static String describe(IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return switch (e) {
            case HttpConnectTimeoutException t -> "could not connect within " + CONNECT_TIMEOUT.toSeconds() + " s";
            case HttpTimeoutException t -> "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
            case SSLException t -> "TLS failed: " + shorten(t.getMessage());
            case ConnectException t when cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException ->
                    "the host name does not resolve";
            case ConnectException t -> "connection refused or unreachable";
            default -> cause instanceof SSLException s ? "TLS failed: " + shorten(s.getMessage())
                    : "the connection failed (" + e.getClass().getSimpleName() + ")";
        };
    }

    private static String shorten(String message) {
        if (message == null) return "no detail";
        return message.length() > 200 ? message.substring(0, 199) + "…" : message;
    }

    /** {@code Retry-After} in seconds (its HTTP-date form is rare from receivers and taken as absent). */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    @Override
    public void close() {
        http.close();
    }
}
