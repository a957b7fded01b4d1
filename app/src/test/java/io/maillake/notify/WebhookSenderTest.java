package io.maillake.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.maillake.detect.WebhookEvent;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How one post ends, against real sockets: refused connections, redirects and Retry-After. */
class WebhookSenderTest {
    static WebhookSender.Result post(String url) throws InterruptedException {
        try (WebhookSender sender = new WebhookSender(Clock.systemUTC())) {
            return sender.send(URI.create(url), null, WebhookEvent.TEST, "test-1", 1, "{}");
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndSaysSoWithoutTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WebhookSender.Result r = post("http://127.0.0.1:" + port + "/in?token=abc");
        assertThat(r).isInstanceOfSatisfying(WebhookSender.Result.Failed.class, f -> {
            assertThat(f.retriable()).isTrue();
            assertThat(f.status()).isNull();
            assertThat(f.error()).isEqualTo("connection refused or unreachable");
        });
    }

    @Test
    void aHostTheHttpClientRefusesIsAFailureNotAnException() throws Exception {
        // saved before the URL policy refused such hosts: delivery must fail cleanly, not throw out of the outbox
        WebhookSender.Result r = post("https://localhost.:1/in");
        assertThat(r).isInstanceOfSatisfying(WebhookSender.Result.Failed.class, f -> {
            assertThat(f.retriable()).isFalse();
            assertThat(f.error()).startsWith("the URL cannot be used");
        });
    }

    @Test
    void aRedirectIsNotFollowedAndARetryAfterIsRead() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger followed = new AtomicInteger();
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/elsewhere");
            x.sendResponseHeaders(301, -1);
            x.close();
        });
        server.createContext("/elsewhere", x -> {
            followed.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.createContext("/busy", x -> {
            x.getResponseHeaders().add("Retry-After", "120");
            x.sendResponseHeaders(429, -1);
            x.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(post(base + "/moved")).isInstanceOfSatisfying(WebhookSender.Result.Failed.class, f -> {
                assertThat(f.retriable()).isFalse();
                assertThat(f.status()).isEqualTo(301);
                assertThat(f.error()).contains("redirect, not followed");
            });
            assertThat(followed).hasValue(0);
            assertThat(post(base + "/busy")).isInstanceOfSatisfying(WebhookSender.Result.Failed.class, f -> {
                assertThat(f.retriable()).isTrue();
                assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(120));
            });
        } finally {
            server.stop(0);
        }
    }
}
