package io.maillake.simulator;

import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthTest {
    private static final String BODY = "{\"meta\":{\"pagination\":{\"pageSize\":1}}}";
    private MutableClock clock;
    private MimecastSimulator sim;
    private SimHttp http;
    private Api2Credentials creds;

    @BeforeEach
    void start() {
        clock = TestSims.clock();
        sim = MimecastSimulator.start(TestSims.small(clock).tokenTtl(Duration.ofSeconds(600)).build());
        http = new SimHttp(sim);
        creds = sim.account(0).api2();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void clientCredentialsInTheFormGiveABearerTokenThatServesLogs() {
        SimHttp.Response r = http.tokenResponse("client_id=" + creds.clientId() + "&client_secret=" + creds.clientSecret()
                + "&grant_type=client_credentials");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("token_type").asString()).isEqualTo("Bearer");
        assertThat(r.json().path("expires_in").asInt()).isEqualTo(600);
        assertThat(r.json().path("scope").asString()).isEmpty();
        String token = r.json().path("access_token").asString();
        assertThat(http.bearer(token, LogType.URL, BODY).status()).isEqualTo(200);
    }

    @Test
    void clientCredentialsByHttpBasicAreAcceptedToo() {
        String basic = Base64.getEncoder().encodeToString((creds.clientId() + ":" + creds.clientSecret()).getBytes(StandardCharsets.UTF_8));
        SimHttp.Response r = http.post("/oauth/token", Map.of("Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
        assertThat(r.status()).isEqualTo(200);
        assertThat(http.bearer(r.json().path("access_token").asString(), LogType.IMPERSONATION, BODY).status()).isEqualTo(200);
    }

    @Test
    void aWrongSecretOrUnknownClientGivesInvalidClient() {
        for (String form : new String[] {
                "client_id=" + creds.clientId() + "&client_secret=wrong&grant_type=client_credentials",
                "client_id=nobody&client_secret=" + creds.clientSecret() + "&grant_type=client_credentials",
                "grant_type=client_credentials"}) {
            SimHttp.Response r = http.tokenResponse(form);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("error").asString()).isEqualTo("invalid_client");
            assertThat(r.json().path("error_description").asString()).isNotBlank();
        }
    }

    @Test
    void aGrantTypeOtherThanClientCredentialsIsUnsupported() {
        SimHttp.Response r = http.tokenResponse("client_id=" + creds.clientId() + "&client_secret=" + creds.clientSecret() + "&grant_type=password");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asString()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void aJsonTokenRequestIsToldToUseTheFormEncoding() {
        SimHttp.Response r = http.post("/oauth/token", Map.of("Content-Type", "application/json"),
                "{\"client_id\":\"" + creds.clientId() + "\",\"client_secret\":\"x\",\"grant_type\":\"client_credentials\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asString()).isEqualTo("invalid_request");
        assertThat(r.json().path("error_description").asString()).contains("application/x-www-form-urlencoded", "not JSON");
    }

    @Test
    void anUnknownOrMissingTokenIsUnauthorized() {
        for (SimHttp.Response r : new SimHttp.Response[] {
                http.bearer("not-a-token", LogType.URL, BODY),
                http.post(LogType.URL.path(), Map.of("Content-Type", "application/json"), BODY)}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("fail").path(0).path("code").asString()).isEqualTo("unauthorized");
            assertThat(r.json().path("fail").path(0).path("message").asString()).isNotBlank();
        }
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = http.token(creds);
        clock.advance(Duration.ofSeconds(599));
        assertThat(http.bearer(token, LogType.URL, BODY).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        SimHttp.Response r = http.bearer(token, LogType.URL, BODY);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("fail").path(0).path("code").asString()).isEqualTo("token_expired");
        assertThat(http.bearer(http.token(creds), LogType.URL, BODY).status()).as("a new token works").isEqualTo(200);
    }

    @Test
    void expiringAllTokensAtOnceMakesEveryIssuedTokenExpired() {
        String a = http.token(creds);
        String b = http.token(creds);
        sim.faults().expireAllTokens();
        assertThat(http.bearer(a, LogType.URL, BODY).json().path("fail").path(0).path("code").asString()).isEqualTo("token_expired");
        assertThat(http.bearer(b, LogType.URL, BODY).json().path("fail").path(0).path("code").asString()).isEqualTo("token_expired");
    }

    @Test
    void anExpireTokensRuleExpiresTokensInTheMiddleOfPaging() {
        String token = http.token(creds);
        sim.faults().add(FaultRule.of(new Fault.ExpireTokens()).logType(LogType.URL).skip(1));
        assertThat(http.bearer(token, LogType.URL, BODY).status()).isEqualTo(200);
        SimHttp.Response r = http.bearer(token, LogType.URL, BODY);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("fail").path(0).path("code").asString()).isEqualTo("token_expired");
        assertThat(sim.requests().last().fault()).isEqualTo("expire_tokens");
    }
}
