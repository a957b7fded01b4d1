package io.maillake.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {
    private static final String BODY = "{\"meta\":{\"pagination\":{\"pageSize\":1}}}";
    private MutableClock clock;
    private MimecastSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        clock = TestSims.clock();
        sim = MimecastSimulator.start(TestSims.small(clock).accounts(2).rateLimit(3, Duration.ofMinutes(1)).build());
        http = new SimHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static void assertHeaders(SimHttp.Response r) {
        assertThat(r.header("X-RateLimit-Limit")).as("limit on " + r.status()).isNotNull();
        assertThat(r.header("X-RateLimit-Remaining")).as("remaining on " + r.status()).isNotNull();
        assertThat(r.header("X-RateLimit-Reset")).as("reset on " + r.status()).isNotNull();
        assertThat(r.header("X-Request-Id")).as("request id on " + r.status()).matches("[0-9a-f-]{36}");
    }

    @Test
    void callsBeyondTheLimitGet429UntilTheBucketRefills() {
        Api1Credentials c = sim.account(0).api1();
        for (int i = 2; i >= 0; i--) {
            SimHttp.Response r = http.api1(c, LogType.URL, BODY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(i));
        }
        SimHttp.Response limited = http.api1(c, LogType.ATTACHMENT, BODY);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.failCode()).isEqualTo("err_rate_limit_exceeded");
        assertThat(limited.json().path("fail").path(0).path("errors").path(0).path("retryable").asBoolean()).isTrue();
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        long reset = Long.parseLong(limited.header("X-RateLimit-Reset"));
        assertThat(reset).isEqualTo(20_000);

        assertThat(http.api1(sim.account(1).api1(), LogType.URL, BODY).status()).as("other credentials have their own bucket").isEqualTo(200);

        clock.advance(Duration.ofMillis(reset - 1));
        assertThat(http.api1(c, LogType.URL, BODY).status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(1));
        assertThat(http.api1(c, LogType.URL, BODY).status()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesTheRateLimitHeaders() {
        Api1Credentials c = sim.account(0).api1();
        assertHeaders(http.api1(c, LogType.URL, BODY));
        assertHeaders(http.api1(c, LogType.URL, BODY, h -> h.remove("x-mc-date")));
        assertHeaders(http.bearer("nope", LogType.URL, BODY));
        assertHeaders(http.tokenResponse("grant_type=client_credentials"));
        assertHeaders(http.send("GET", LogType.URL.path(), null));
        assertHeaders(http.post("/api/unknown", Map.of(), BODY));
        assertHeaders(http.api1(c, LogType.URL, "{broken"));
        for (int i = 0; i < 3; i++) {
            http.api1(c, LogType.URL, BODY);
        }
        assertHeaders(http.api1(c, LogType.URL, BODY));
    }

    @Test
    void unlimitedByDefaultStillSendsTheHeaders() {
        try (MimecastSimulator free = MimecastSimulator.start(TestSims.small(clock).build())) {
            SimHttp h = new SimHttp(free);
            for (int i = 0; i < 5; i++) {
                SimHttp.Response r = h.api1(free.account(0).api1(), LogType.URL, BODY);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(Integer.MAX_VALUE));
                assertThat(r.header("X-RateLimit-Reset")).isEqualTo("0");
            }
        }
    }
}
