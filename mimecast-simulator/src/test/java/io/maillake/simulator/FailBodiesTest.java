package io.maillake.simulator;

import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** API 1.0 style fail bodies (API.md 4.2): each fail item echoes the failing data[] item as its {@code key}. */
class FailBodiesTest {
    private static final String ITEM = "{\"from\":\"2025-01-06T11:00:00+0000\",\"to\":\"2025-01-06T11:30:00+0000\",\"oldestFirst\":true,\"route\":\"inbound\"}";
    private static final String BODY = "{\"meta\":{\"pagination\":{\"pageSize\":50}},\"data\":[" + ITEM + "]}";
    private MimecastSimulator sim;
    private SimHttp http;
    private Api1Credentials creds;

    @BeforeEach
    void start() {
        sim = MimecastSimulator.start(TestSims.small(TestSims.clock()).rateLimit(2, Duration.ofMinutes(1)).build());
        http = new SimHttp(sim);
        creds = sim.account(0).api1();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static JsonNode failItem(SimHttp.Response r) {
        assertThat(r.json().path("fail").size()).as(r.body()).isEqualTo(1);
        return r.json().path("fail").path(0);
    }

    private static JsonNode tree(String json) {
        return SimHttp.JSON.readTree(json);
    }

    @Test
    void aValidationFailureEchoesTheDataItemAsItsKeyBesideTheErrors() {
        SimHttp.Response r = http.api1(creds, LogType.URL, "{\"data\":[{\"route\":\"sideways\"}]}");
        assertThat(r.status()).isEqualTo(400);
        JsonNode fail = failItem(r);
        assertThat(fail.path("key")).isEqualTo(tree("{\"route\":\"sideways\"}"));
        JsonNode error = fail.path("errors").path(0);
        assertThat(error.path("code").asString()).isEqualTo("err_validation_invalid_value");
        assertThat(error.path("message").asString()).contains("route");
        assertThat(error.path("retryable").isBoolean()).isTrue();
        assertThat(error.path("retryable").asBoolean()).isFalse();
        assertThat(error.path("field").asString()).isEqualTo("route");
        assertThat(r.json().path("meta").path("status").asInt()).isEqualTo(400);
        assertThat(r.json().path("data").isArray()).isTrue();
    }

    @Test
    void theKeyIsTheWholeItemInTheOrderSentEvenWhenTheFaultIsInMeta() {
        String item = "{\"to\":\"2025-01-06T11:30:00+0000\",\"scanResult\":\"all\",\"from\":\"2025-01-06T11:00:00+0000\"}";
        SimHttp.Response r = http.api1(creds, LogType.URL, "{\"meta\":{\"pagination\":{\"pageSize\":0}},\"data\":[" + item + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(failItem(r).path("errors").path(0).path("field").asString()).isEqualTo("pageSize");
        assertThat(r.body()).contains("\"key\":" + item + ",\"errors\":");
    }

    @Test
    void aPythonLiteralBodyIsEchoedAsJson() {
        SimHttp.Response r = http.api1(creds, LogType.ATTACHMENT, "{'data': [{'oldestFirst': True, 'result': 'nonsense', 'route': None}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(failItem(r).path("key")).isEqualTo(tree("{\"oldestFirst\":true,\"result\":\"nonsense\",\"route\":null}"));
        assertThat(failItem(r).path("errors").path(0).path("field").asString()).isEqualTo("result");
    }

    @Test
    void aFollowUpWithOnlyAPageTokenHasNoDataItemSoNoKeyButOneResendingDataEchoesIt() {
        SimHttp.Response tokenOnly = http.api1(creds, LogType.URL, TestSims.tokenOnly("forged"));
        assertThat(tokenOnly.status()).isEqualTo(400);
        assertThat(failItem(tokenOnly).has("key")).isFalse();
        assertThat(failItem(tokenOnly).path("errors").path(0).path("code").asString()).isEqualTo("err_page_token_invalid");
        SimHttp.Response withData = http.api1(creds, LogType.URL,
                "{\"meta\":{\"pagination\":{\"pageToken\":\"forged\"}},\"data\":[" + ITEM + "]}");
        assertThat(withData.status()).isEqualTo(400);
        assertThat(failItem(withData).path("key")).isEqualTo(tree(ITEM));
        assertThat(failItem(withData).path("errors").path(0).path("field").asString()).isEqualTo("pageToken");
    }

    @Test
    void a401OfApi1EchoesTheDataItem() {
        SimHttp.Response r = http.api1(creds, LogType.URL, BODY, h -> h.put("x-mc-req-id", "not-what-was-signed"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(failItem(r).path("key")).isEqualTo(tree(ITEM));
        assertThat(failItem(r).path("errors").path(0).path("code").asString()).isEqualTo("err_signature_invalid");
    }

    @Test
    void lastingRefusalsEchoTheDataItem() {
        sim.faults().expireBinding(0);
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 418, "err_xdk_binding_expired");
        sim.faults().renewBinding(0);
        sim.faults().denyPermission(0, LogType.URL);
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 403, "err_permission_denied");
        sim.faults().grantPermission(0, LogType.URL);
        sim.faults().wrongRegion(0, true);
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 403, "err_audit_log_incorrect_region");
        sim.faults().wrongRegion(0, false);
        assertThat(http.api1(creds, LogType.URL, BODY).status()).isEqualTo(200);
        assertThat(http.api1(creds, LogType.URL, BODY).status()).isEqualTo(200);
        SimHttp.Response limited = http.api1(creds, LogType.URL, BODY);
        assertRefusedWithKey(limited, 429, "err_rate_limit_exceeded");
        assertThat(failItem(limited).path("errors").path(0).path("retryable").asBoolean()).isTrue();
    }

    @Test
    void scriptedFaultsEchoTheDataItemIncludingA200WithFail() {
        sim.faults().add(FaultRule.of(new Fault.FailInBody("err_validation_blank", "Field must not be blank", false)));
        sim.faults().add(FaultRule.of(new Fault.RateLimited(Duration.ofMillis(500))));
        sim.faults().add(FaultRule.of(new Fault.BindingExpired()));
        sim.faults().add(FaultRule.of(new Fault.PermissionDenied()));
        sim.faults().add(FaultRule.of(new Fault.ServerError(500)));
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 200, "err_validation_blank");
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 429, "err_rate_limit_exceeded");
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 418, "err_xdk_binding_expired");
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 403, "err_permission_denied");
        assertRefusedWithKey(http.api1(creds, LogType.URL, BODY), 500, "err_internal_server_error");
    }

    @Test
    void aBearerRequestGetsTheSameKeyOnTheTtpEndpoints() {
        String token = http.token(sim.account(0).api2());
        SimHttp.Response r = http.bearer(token, LogType.IMPERSONATION, "{\"data\":[{\"taggedMalicious\":\"perhaps\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(failItem(r).path("key")).isEqualTo(tree("{\"taggedMalicious\":\"perhaps\"}"));
        assertThat(failItem(r).path("errors").path(0).path("field").asString()).isEqualTo("taggedMalicious");
    }

    private static void assertRefusedWithKey(SimHttp.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode fail = failItem(r);
        assertThat(fail.path("key")).isEqualTo(tree(ITEM));
        assertThat(fail.path("errors").path(0).path("code").asString()).isEqualTo(code);
        assertThat(fail.path("errors").path(0).has("retryable")).isTrue();
        assertThat(r.json().path("data").size()).isZero();
    }
}
