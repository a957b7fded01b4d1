package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.maillake.mimecast.PageParserFuzzTest.JsonText;
import io.maillake.mimecast.auth.OAuthTokenSource;
import io.maillake.mimecast.http.FailBody;
import io.maillake.mimecast.http.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the client over real HTTP: a scripted server answers each call with any status, any
 * rate-limit headers and any body (generated pages, mutated pages, error bodies of every shape,
 * garbage), and the OAuth token endpoint with any token response. {@link MimecastClient#fetchPage}
 * returns a page or throws a {@link MimecastException}, never anything else; a page's records are
 * exactly what was sent; every failure gets a wait from {@link RetryPolicy} without overflow; the
 * token source yields exactly the token served or a typed failure; the client secret appears in no
 * failure message.
 */
class ClientFuzzTest {
    private static final String CLIENT_SECRET = "s3cr3t-CLIENT-secret-value";
    private static final String SECRET_KEY = "c2VjcmV0LWtleS1vZi10aGUtc2VydmljZS11c2Vy";

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static HttpServer server;
    private static HttpClient http;
    private static URI base;
    private static final AtomicReference<Scripted> pageReply = new AtomicReference<>();
    private static final AtomicReference<Scripted> tokenReply = new AtomicReference<>();

    /** One scripted HTTP answer. */
    record Scripted(int status, Map<String, String> headers, byte[] body) {
        @Override public String toString() {
            return status + " " + headers + " " + JsonText.abbreviate(body);
        }
    }

    record Exchange(ApiGeneration generation, LogType type, Scripted token, Scripted page) { }

    @BeforeContainer
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ClientFuzzTest::answer);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        http = Transport.defaultHttpClient(Duration.ofSeconds(2));
    }

    @AfterContainer
    static void stopServer() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        http.close();
    }

    private static void answer(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        boolean token = ex.getRequestURI().getPath().equals("/oauth/token");
        Scripted s = (token ? tokenReply : pageReply).get();
        s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        boolean noBody = s.status() == 204 || s.status() == 304 || s.body().length == 0;
        ex.sendResponseHeaders(s.status(), noBody ? -1 : s.body().length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(s.body());
            }
        }
        ex.close();
    }

    /** A fresh connector per try: no token, budget or cache carried from one try to the next. */
    private static MimecastClient client(ApiGeneration generation, MutableClock clock) {
        MimecastConnector connector = MimecastConnector.builder().clock(clock).httpClient(http)
                .baseUrlPolicy(BaseUrlPolicy.allowingInsecure()).callTimeout(Duration.ofSeconds(3)).build();
        Credentials credentials = generation == ApiGeneration.API_1
                ? new Credentials.Api1("ca16c415-658f-4c87-8fb6-e3e6957771dc", "0f2f1a2e-5a7e-4b33-9c1f-0a1b2c3d4e5f",
                        "access-key-of-the-service-user", SECRET_KEY)
                : new Credentials.Api2("client-id", CLIENT_SECRET);
        return connector.client(base.toString(), credentials);
    }

    @Property(tries = 600)
    void fetchPageReturnsAnExactPageOrATypedFailureWhateverTheServerAnswers(@ForAll("exchanges") Exchange ex) {
        pageReply.set(ex.page());
        tokenReply.set(ex.token());
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        MimecastClient client = client(ex.generation(), clock);
        LogQuery query = LogQuery.window(ex.type(), clock.instant().minusSeconds(3600), clock.instant());
        Page page;
        try {
            page = client.fetchPage(query, null);
        } catch (MimecastException failure) {
            assertTypedFailureIsUsable(failure);
            Statistics.collect(failure.code());
            return;
        } catch (Throwable t) {
            throw new AssertionError("fetchPage threw " + t + " for page " + ex.page() + " token " + ex.token(), t);
        }
        Statistics.collect("page");
        assertThat(ex.page().status()).isBetween(200, 299);
        PageParserFuzzTest.assertRecordsAreSlicesOfTheBody(page, ex.page().body());
    }

    @Property(tries = 400)
    void theTokenSourceYieldsExactlyTheTokenServedOrATypedFailure(@ForAll("tokenReplies") Scripted reply) {
        tokenReply.set(reply);
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        OAuthTokenSource tokens = new OAuthTokenSource(new Credentials.Api2("client-id", CLIENT_SECRET),
                new Transport(http, base, Duration.ofSeconds(3), Transport.DEFAULT_MAX_BODY_BYTES), clock);
        try {
            String token = tokens.token();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(token).isNotBlank().isEqualTo(JSON.readTree(reply.body()).get("access_token").stringValue());
            // a later call at any time either reuses it or fetches a new one: never an unchecked failure
            clock.advance(Duration.ofDays(365 * 300));
            tokens.token();
            Statistics.collect("token");
        } catch (MimecastException failure) {
            assertTypedFailureIsUsable(failure);
            Statistics.collect(failure.code());
        } catch (Throwable t) {
            throw new AssertionError("token() threw " + t + " for " + reply, t);
        }
    }

    @Example
    void anAbsurdRateLimitResetHoldsCallsBackForAtMostAnHour() {
        for (String reset : new String[] {"9223372036854775807", "86400000000", "3600001"}) {
            MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
            MimecastClient client = client(ApiGeneration.API_1, clock);
            LogQuery query = LogQuery.window(LogType.URL, clock.instant().minusSeconds(60), clock.instant());
            pageReply.set(new Scripted(429, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), new byte[0]));
            for (boolean sent : new boolean[] {true, false}) {
                try {
                    client.fetchPage(query, null);
                    throw new AssertionError("a 429 is not a page");
                } catch (MimecastException e) {
                    assertThat(e).isInstanceOfSatisfying(MimecastException.RateLimited.class, r -> {
                        assertThat(r.sent()).isEqualTo(sent);
                        assertThat(r.retryAfter()).isLessThanOrEqualTo(Duration.ofHours(1));
                    });
                }
            }
            clock.advance(Duration.ofHours(1));
            pageReply.set(new Scripted(200, Map.of(), "{\"data\":[]}".getBytes(StandardCharsets.UTF_8)));
            try {
                assertThat(client.fetchPage(query, null).records()).isEmpty();
            } catch (MimecastException e) {
                throw new AssertionError("calls resume after an hour at most", e);
            }
        }
    }

    @Example
    void aTokenErrorCodeThatIsNotACodeIsLeftOut() {
        for (String code : new String[] {"x".repeat(5_000), "\\n", "bad\\u0000code"}) {
            tokenReply.set(new Scripted(302, Map.of(), ("{\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8)));
            OAuthTokenSource tokens = new OAuthTokenSource(new Credentials.Api2("client-id", CLIENT_SECRET),
                    new Transport(http, base, Duration.ofSeconds(3), Transport.DEFAULT_MAX_BODY_BYTES),
                    new MutableClock(Instant.parse("2026-05-01T00:00:00Z")));
            try {
                tokens.token();
                throw new AssertionError("a 302 is not a token");
            } catch (MimecastException e) {
                assertTypedFailureIsUsable(e);
                assertThat(e.getMessage()).isEqualTo("Mimecast token endpoint answered HTTP 302");
            }
        }
    }

    @Example
    void aHugeMessageBesideAKnownErrorCodeIsClipped() {
        String huge = "x".repeat(200_000);
        for (String code : new String[] {"err_audit_log_incorrect_region", "err_xdk_binding_expired", "err_developer_key"}) {
            for (int status : new int[] {200, 401, 403}) {
                MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
                MimecastClient client = client(ApiGeneration.API_1, clock);
                LogQuery query = LogQuery.window(LogType.URL, clock.instant().minusSeconds(60), clock.instant());
                String body = "{\"meta\":{\"status\":" + status + "},\"data\":[],\"fail\":[{\"errors\":[{\"code\":\"" + code
                        + "\",\"message\":\"" + huge + "\",\"retryable\":false}]}]}";
                pageReply.set(new Scripted(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
                try {
                    client.fetchPage(query, null);
                    throw new AssertionError("a failure is not a page");
                } catch (MimecastException e) {
                    assertTypedFailureIsUsable(e);
                    assertThat(e.getMessage()).contains(code);
                }
            }
        }
    }

    @Property(tries = 1000)
    void failBodyNeverThrows(@ForAll("errorBodies") byte[] body) {
        List<FailBody.Error> errors = FailBody.errors(body);
        assertThat(errors).isNotNull();
    }

    @Property(tries = 1000)
    void failBodyNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 200) byte[] body) {
        assertThat(FailBody.errors(body)).isNotNull();
    }

    /** Every failure says what happened, in bounded length, without the secret, and has a finite retry decision. */
    private static void assertTypedFailureIsUsable(MimecastException failure) {
        assertThat(failure.getMessage()).isNotBlank().doesNotContain(CLIENT_SECRET).doesNotContain(SECRET_KEY);
        assertThat(failure.getMessage().length()).as(failure.getMessage()).isLessThan(2_000);
        assertThat(failure.code()).isNotBlank();
        if (failure instanceof MimecastException.RateLimited r) {
            assertThat(r.retryAfter()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Duration.ofHours(1));
        }
        RetryPolicy.standard().delayAfter(1, failure)
                .ifPresent(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Duration.ofHours(1).plusSeconds(1)));
    }

    // ---- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Exchange> exchanges() {
        return Arbitraries.randomValue(r -> {
            ApiGeneration generation = r.nextBoolean() ? ApiGeneration.API_1 : ApiGeneration.API_2;
            LogType type = JsonText.type(r);
            Scripted token = r.nextInt(4) == 0 ? tokenReply(r) : goodToken(r);
            return new Exchange(generation, type, token, new Scripted(status(r), headers(r), pageBody(r, type)));
        });
    }

    @Provide
    Arbitrary<Scripted> tokenReplies() {
        return Arbitraries.randomValue(ClientFuzzTest::tokenReply);
    }

    @Provide
    Arbitrary<byte[]> errorBodies() {
        return Arbitraries.randomValue(r -> errorBody(r).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(Random r) {
        int roll = r.nextInt(20);
        if (roll < 9) return 200;
        if (roll < 11) return new int[] {201, 204, 206, 299}[r.nextInt(4)];
        if (roll < 13) return new int[] {301, 302, 304, 307, 308}[r.nextInt(5)];
        if (roll < 17) return new int[] {400, 401, 403, 404, 405, 408, 409, 418, 429, 451}[r.nextInt(10)];
        if (roll < 19) return new int[] {500, 502, 503, 504, 599}[r.nextInt(5)];
        return 600 + r.nextInt(400);
    }

    private static Map<String, String> headers(Random r) {
        Map<String, String> h = new LinkedHashMap<>();
        String[] values = {"0", "1", "500", "-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999",
                "1e3", "", " 250 ", "abc", "0x10", "86400000", "3600000"};
        for (String name : new String[] {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}) {
            if (r.nextInt(3) != 0) h.put(name, values[r.nextInt(values.length)]);
        }
        if (r.nextBoolean()) h.put("Content-Type", new String[] {"application/json", "text/html", "application/json; charset=utf-16", "x/y"}[r.nextInt(4)]);
        if (r.nextInt(5) == 0) h.put("Location", "https://elsewhere.example/" + "x".repeat(r.nextInt(500)));
        return h;
    }

    private static byte[] pageBody(Random r, LogType type) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> JsonText.page(r, 6, true).body();
            case 3 -> JsonText.mutate(r, JsonText.page(r, 4, false)).body();
            case 4 -> JsonText.oddShape(r).body();
            case 5 -> errorBody(r).getBytes(StandardCharsets.UTF_8);
            case 6 -> new String[] {"", "<html><body>502 Bad Gateway</body></html>", "null", "[]", "{}", "\"x\"", "{\"data\":[]}"}[r.nextInt(7)]
                    .getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                yield b;
            }
        };
    }

    /** Mimecast's two error shapes, OAuth errors, and every wrong type in their members. */
    private static String errorBody(Random r) {
        String code = switch (r.nextInt(8)) {
            case 0 -> "\"err_xdk_binding_expired\"";
            case 1 -> "\"err_audit_log_incorrect_region\"";
            case 2 -> "\"err_developer_key\"";
            case 3 -> "\"token_expired\"";
            case 4 -> "\"" + "c".repeat(r.nextInt(5_000)) + "\"";
            default -> JsonText.value(r, 2);
        };
        String message = r.nextBoolean() ? JsonText.string(r) : JsonText.value(r, 2);
        return switch (r.nextInt(6)) {
            case 0 -> "{\"meta\":{\"status\":400},\"data\":[],\"fail\":[{\"key\":{},\"errors\":[{\"code\":" + code
                    + ",\"message\":" + message + ",\"retryable\":" + JsonText.value(r, 0) + "}]}]}";
            case 1 -> "{\"fail\":[{\"code\":" + code + ",\"message\":" + message + "}]}";
            case 2 -> "{\"error\":" + code + ",\"error_description\":" + message + "}";
            case 3 -> "{\"fail\":" + JsonText.value(r, 3) + "}";
            case 4 -> "{\"fail\":[" + JsonText.value(r, 2) + ",{\"errors\":" + JsonText.value(r, 2) + "},{\"code\":" + code + "}]}";
            default -> JsonText.value(r, 3);
        };
    }

    private static Scripted goodToken(Random r) {
        String token = "tok" + Long.toHexString(r.nextLong());
        return new Scripted(200, Map.of(), ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":1799}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Token responses: any status, any access_token (types, blanks, control characters, unicode, huge), any expires_in. */
    private static Scripted tokenReply(Random r) {
        int status = r.nextInt(4) != 0 ? 200 : new int[] {400, 401, 403, 404, 429, 500, 503, 302}[r.nextInt(8)];
        String accessToken = switch (r.nextInt(12)) {
            case 0 -> JsonText.value(r, 2);
            case 1 -> "\"\"";
            case 2 -> "\"   \"";
            case 3 -> "\"tok\\nen\"";
            case 4 -> "\"tok\\u0000en\"";
            case 5 -> "\"t\u00f6k\u2603\"";
            case 6 -> "\"" + "t".repeat(100_000) + "\"";
            case 7 -> JsonText.string(r);
            default -> "\"tok" + Long.toHexString(r.nextLong()) + "\"";
        };
        String expiresIn = switch (r.nextInt(12)) {
            case 0 -> "9223372036854775807";
            case 1 -> "-9223372036854775808";
            case 2 -> "99999999999999999999999";
            case 3 -> "1e308";
            case 4 -> "-5";
            case 5 -> "0";
            case 6 -> "\"1799\"";
            case 7 -> "\"abc\"";
            case 8 -> "\"9223372036854775807\"";
            case 9 -> JsonText.value(r, 1);
            case 10 -> "1799.5";
            default -> "1799";
        };
        List<String> members = new ArrayList<>();
        if (r.nextInt(8) != 0) members.add("\"access_token\":" + accessToken);
        if (r.nextInt(4) != 0) members.add("\"expires_in\":" + expiresIn);
        if (r.nextBoolean()) members.add("\"token_type\":\"Bearer\"");
        if (r.nextInt(4) == 0) members.add("\"error\":" + JsonText.value(r, 1));
        java.util.Collections.shuffle(members, r);
        String body = switch (r.nextInt(10)) {
            case 0 -> JsonText.value(r, 2);
            case 1 -> "{" + String.join(",", members);
            default -> "{" + String.join(",", members) + "}";
        };
        return new Scripted(status, r.nextInt(4) == 0 ? headers(r) : Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
