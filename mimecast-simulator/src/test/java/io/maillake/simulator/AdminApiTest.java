package io.maillake.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApiTest {
    private MimecastSimulator sim;
    private SimHttp http;

    @BeforeEach
    void start() {
        sim = MimecastSimulator.start(TestSims.small(TestSims.clock()).accounts(2).build());
        http = new SimHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void truthOverHttpIsNdjsonIdenticalToTheInProcessGroundTruth() {
        Instant from = TestSims.NOW.minus(Duration.ofMinutes(20));
        Instant to = TestSims.NOW;
        SimHttp.Response r = http.send("GET", "/_sim/truth?account=1&logType=attachment&from="
                + URLEncoder.encode(TestSims.fmt(from), StandardCharsets.UTF_8) + "&to=" + to, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
        List<String> lines = r.body().lines().toList();
        assertThat(lines).isNotEmpty().containsExactlyElementsOf(sim.groundTruth(1, LogType.ATTACHMENT, from, to));
    }

    @Test
    void faultsCanBeAddedListedAndClearedOverHttp() {
        SimHttp.Response added = http.send("POST", "/_sim/faults",
                "{\"kind\":\"server_error\",\"status\":503,\"logType\":\"url\",\"times\":2}");
        assertThat(added.status()).isEqualTo(200);
        String id = added.json().path("id").asString();
        JsonNode listed = http.send("GET", "/_sim/faults", null).json();
        assertThat(listed.path("rules").path(0).path("id").asString()).isEqualTo(id);
        assertThat(listed.path("rules").path(0).path("kind").asString()).isEqualTo("server_error");
        assertThat(http.api1(sim.account(0).api1(), LogType.URL, "{}").status()).isEqualTo(503);
        assertThat(http.send("DELETE", "/_sim/faults/" + id, null).status()).isEqualTo(200);
        assertThat(http.api1(sim.account(0).api1(), LogType.URL, "{}").status()).isEqualTo(200);

        assertThat(http.send("POST", "/_sim/faults", "{\"kind\":\"teapot\"}").status()).isEqualTo(400);
    }

    @Test
    void accountStatesAreSetAndClearedOverHttp() {
        JsonNode state = http.send("POST", "/_sim/accounts/0/state", "{\"bindingExpired\":true,\"deniedLogTypes\":[\"impersonation\"]}").json();
        assertThat(state.path("bindingExpired").asBoolean()).isTrue();
        assertThat(http.api1(sim.account(0).api1(), LogType.URL, "{}").status()).isEqualTo(418);
        String token = http.token(sim.account(0).api2());
        assertThat(http.bearer(token, LogType.IMPERSONATION, "{}").status()).isEqualTo(403);
        assertThat(http.bearer(token, LogType.URL, "{}").status()).as("binding expiry is an API 1.0 matter").isEqualTo(200);
        assertThat(http.send("DELETE", "/_sim/faults", null).status()).isEqualTo(200);
        assertThat(http.api1(sim.account(0).api1(), LogType.URL, "{}").status()).isEqualTo(200);
    }

    @Test
    void tokensCanBeExpiredOverHttp() {
        String token = http.token(sim.account(0).api2());
        assertThat(http.send("POST", "/_sim/tokens/expire", "").status()).isEqualTo(200);
        assertThat(http.bearer(token, LogType.URL, "{}").json().path("fail").path(0).path("code").asString()).isEqualTo("token_expired");
    }

    @Test
    void statsAndTheRequestLogDescribeWhatWasServed() {
        SimHttp.Response page = http.api1(sim.account(0).api1(), LogType.URL, TestSims.window(TestSims.NOW.minusSeconds(600), TestSims.NOW, true, 25));
        http.api1(sim.account(0).api1(), LogType.URL, "{}", h -> h.remove("x-mc-date"));
        assertThat(sim.stats().count(0, LogType.URL.path(), 200)).isEqualTo(1);
        assertThat(sim.stats().count(0, LogType.URL.path(), 401)).isEqualTo(1);
        assertThat(sim.stats().recordsServed()).isEqualTo(25);

        JsonNode stats = http.send("GET", "/_sim/stats", null).json();
        assertThat(stats.path("recordsServed").asInt()).isEqualTo(25);
        assertThat(stats.path("counters").size()).isEqualTo(2);

        JsonNode requests = http.send("GET", "/_sim/requests?limit=1", null).json();
        assertThat(requests.size()).isEqualTo(1);
        assertThat(requests.path(0).path("status").asInt()).isEqualTo(401);
        assertThat(requests.path(0).path("account").asInt()).isZero();

        var first = sim.requests().all().getFirst();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo(LogType.URL.path());
        assertThat(first.headers()).containsKey("x-mc-app-id");
        assertThat(first.body()).contains("\"pageSize\":25");
        assertThat(first.records()).isEqualTo(25);
        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void credentialsOverHttpMatchTheAccounts() {
        JsonNode c = http.send("GET", "/_sim/credentials", null).json();
        assertThat(c.path("baseUrl").asString()).isEqualTo(sim.baseUrl().toString());
        assertThat(c.path("api1").path("accessKey").asString()).isEqualTo(sim.account(0).api1().accessKey());
        assertThat(c.path("accounts").size()).isEqualTo(2);
        assertThat(c.path("accounts").path(1).path("api2").path("clientId").asString()).isEqualTo(sim.account(1).api2().clientId());
        assertThat(http.send("GET", "/_sim/nothing", null).status()).isEqualTo(404);
    }
}
