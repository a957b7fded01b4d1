package io.maillake.simulator;

import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {
    private static final Instant FROM = TestSims.NOW.minus(Duration.ofMinutes(30));
    private static final Instant TO = TestSims.NOW.minus(Duration.ofMinutes(10));
    private static final String PAGE = TestSims.window(FROM, TO, true, 200);
    private MimecastSimulator sim;
    private SimHttp http;
    private Api1Credentials creds;

    @BeforeEach
    void start() {
        sim = MimecastSimulator.start(TestSims.small(TestSims.clock()).accounts(2).build());
        http = new SimHttp(sim);
        creds = sim.account(0).api1();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private SimHttp.Response call() {
        return http.api1(creds, LogType.URL, PAGE);
    }

    @Test
    void a500HasAJsonFailBodyAndGatewayErrorsAnHtmlPage() {
        sim.faults().add(FaultRule.of(new Fault.ServerError(500)));
        sim.faults().add(FaultRule.of(new Fault.ServerError(503)));
        SimHttp.Response first = call();
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.failCode()).isEqualTo("err_internal_server_error");
        assertThat(first.json().path("fail").path(0).path("errors").path(0).path("retryable").asBoolean()).isTrue();
        SimHttp.Response second = call();
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.header("Content-Type")).startsWith("text/html");
        assertThat(call().status()).as("both rules are used up").isEqualTo(200);
    }

    @Test
    void aRateLimitBurstGives429sWithAResetForItsLength() {
        sim.faults().add(FaultRule.of(new Fault.RateLimited(Duration.ofMillis(1500))).times(3));
        for (int i = 0; i < 3; i++) {
            SimHttp.Response r = call();
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(r.header("X-RateLimit-Reset")).isEqualTo("1500");
        }
        assertThat(call().status()).isEqualTo(200);
    }

    @Test
    void aFailInABody200HasNoRecords() {
        sim.faults().add(FaultRule.of(new Fault.FailInBody("err_validation_blank", "Field must not be blank", false)));
        SimHttp.Response r = call();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.failCode()).isEqualTo("err_validation_blank");
        assertThat(r.json().path("data").size()).isZero();
    }

    @Test
    void aMalformedBodyIsNotJson() {
        sim.faults().add(FaultRule.of(new Fault.MalformedJson()));
        SimHttp.Response r = call();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"meta\"");
        assertThatThrownBy(r::json).isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTruncatedBodyEndsInABrokenConnection(boolean chunked) {
        sim.faults().add(FaultRule.of(new Fault.TruncatedBody(chunked)));
        assertThatThrownBy(this::call).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        assertThat(sim.requests().last().fault()).isEqualTo(chunked ? "truncated_chunked" : "truncated_length");
        assertThat(call().status()).as("the next connection works").isEqualTo(200);
    }

    @Test
    void aDroppedConnectionGetsNoResponseAtAll() {
        sim.faults().add(FaultRule.of(new Fault.DropConnection()));
        assertThatThrownBy(this::call).isInstanceOf(UncheckedIOException.class);
        assertThat(sim.requests().last().status()).isZero();
        assertThat(sim.stats().count(0, LogType.URL.path(), 0)).isEqualTo(1);
        assertThat(call().status()).isEqualTo(200);
    }

    @Test
    void slowHeadersAndATrickledBodyDelayButDoNotDamageTheResponse() {
        String expected = call().body();
        sim.faults().add(FaultRule.of(new Fault.SlowHeaders(Duration.ofMillis(300))));
        long t0 = System.nanoTime();
        SimHttp.Response slow = call();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(slow.body()).isEqualTo(expected);

        sim.faults().add(FaultRule.of(new Fault.TrickledBody(4, Duration.ofMillis(80))));
        t0 = System.nanoTime();
        SimHttp.Response trickled = call();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(320));
        assertThat(trickled.body()).isEqualTo(expected);
    }

    @Test
    void aMissingPermissionIsPerAccountAndLogTypeAndLastsUntilGranted() {
        sim.faults().denyPermission(0, LogType.ATTACHMENT);
        SimHttp.Response denied = http.api1(creds, LogType.ATTACHMENT, PAGE);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.failCode()).isEqualTo("err_permission_denied");
        assertThat(http.api1(creds, LogType.ATTACHMENT, PAGE).status()).isEqualTo(403);
        assertThat(http.api1(creds, LogType.URL, PAGE).status()).isEqualTo(200);
        assertThat(http.api1(sim.account(1).api1(), LogType.ATTACHMENT, PAGE).status()).isEqualTo(200);
        sim.faults().grantPermission(0, LogType.ATTACHMENT);
        assertThat(http.api1(creds, LogType.ATTACHMENT, PAGE).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
            "URL; Monitoring | URL Protection | Read",
            "IMPERSONATION; Monitoring | Impersonation Protection | Read",
            "ATTACHMENT; Monitoring | Attachment Protection | Read"})
    void a403NamesThePermissionAsMimecastsEndpointPagesDo(LogType type, String permission) {
        sim.faults().denyPermission(0, type);
        SimHttp.Response lasting = http.api1(creds, type, PAGE);
        assertThat(lasting.status()).isEqualTo(403);
        assertThat(lasting.json().path("fail").path(0).path("errors").path(0).path("message").asString()).contains(permission);
        sim.faults().grantPermission(0, type);
        sim.faults().add(FaultRule.of(new Fault.PermissionDenied()));
        SimHttp.Response oneOff = http.api1(creds, type, PAGE);
        assertThat(oneOff.status()).isEqualTo(403);
        assertThat(oneOff.json().path("fail").path(0).path("errors").path(0).path("message").asString()).contains(permission);
    }

    @Test
    void aWrongRegionAnswers403WithTheRegionCode() {
        sim.faults().wrongRegion(0, true);
        SimHttp.Response r = call();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.failCode()).isEqualTo("err_audit_log_incorrect_region");
        sim.faults().clear();
        assertThat(call().status()).isEqualTo(200);
    }

    @Test
    void oneOffStateFaultsFireOnceAsRules() {
        sim.faults().add(FaultRule.of(new Fault.BindingExpired()));
        sim.faults().add(FaultRule.of(new Fault.PermissionDenied()));
        sim.faults().add(FaultRule.of(new Fault.WrongRegion()));
        assertThat(call().status()).isEqualTo(418);
        assertThat(call().status()).isEqualTo(403);
        assertThat(call().failCode()).isEqualTo("err_audit_log_incorrect_region");
        assertThat(call().status()).isEqualTo(200);
    }

    @Test
    void rulesMatchOnAccountLogTypeAndPathAndCanSkipRequests() {
        sim.faults().add(FaultRule.of(new Fault.ServerError(502)).account(1).always());
        sim.faults().add(FaultRule.of(new Fault.ServerError(504)).logType(LogType.IMPERSONATION).skip(1).times(2));
        sim.faults().add(FaultRule.of(new Fault.DropConnection()).path("/oauth/token"));
        assertThat(http.api1(sim.account(1).api1(), LogType.URL, PAGE).status()).isEqualTo(502);
        assertThat(http.api1(sim.account(1).api1(), LogType.URL, PAGE).status()).isEqualTo(502);
        assertThat(call().status()).isEqualTo(200);
        assertThat(http.api1(creds, LogType.IMPERSONATION, PAGE).status()).as("skipped").isEqualTo(200);
        assertThat(http.api1(creds, LogType.IMPERSONATION, PAGE).status()).isEqualTo(504);
        assertThat(http.api1(creds, LogType.IMPERSONATION, PAGE).status()).isEqualTo(504);
        assertThat(http.api1(creds, LogType.IMPERSONATION, PAGE).status()).isEqualTo(200);
        assertThatThrownBy(() -> http.token(sim.account(0).api2())).isInstanceOf(UncheckedIOException.class);
        assertThat(http.token(sim.account(0).api2())).isNotBlank();
        assertThat(sim.faults().rules()).hasSize(1);
        sim.faults().clearRules();
        assertThat(http.api1(sim.account(1).api1(), LogType.URL, PAGE).status()).isEqualTo(200);
    }

    @Test
    void probabilisticRulesFireTheSameWayForTheSameSeed() {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (MimecastSimulator s = MimecastSimulator.start(TestSims.small(TestSims.clock()).build())) {
                SimHttp h = new SimHttp(s);
                s.faults().add(FaultRule.of(new Fault.ServerError(500)).always().probability(0.5));
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    statuses.add(h.api1(s.account(0).api1(), LogType.URL, "{}").status());
                }
                runs.add(statuses);
            }
        }
        assertThat(runs.get(0)).contains(200, 500).isEqualTo(runs.get(1));
    }

    @Test
    void pagingThroughFaultsAndRetryingLosesNothing() {
        sim.faults().add(FaultRule.of(new Fault.ServerError(503)).logType(LogType.URL).skip(1).times(2));
        sim.faults().add(FaultRule.of(new Fault.TruncatedBody(true)).logType(LogType.URL).skip(4));
        List<String> served = new ArrayList<>();
        String body = TestSims.window(FROM, TO, true, 100);
        for (int attempts = 0; attempts < 200 && body != null; attempts++) {
            SimHttp.Response r;
            try {
                r = http.api1(creds, LogType.URL, body);
            } catch (UncheckedIOException e) {
                continue;
            }
            if (r.status() != 200) {
                continue;
            }
            served.addAll(r.rawRecords(LogType.URL));
            body = r.next() == null ? null : TestSims.tokenOnly(r.next());
        }
        assertThat(served).containsExactlyElementsOf(sim.groundTruth(0, LogType.URL, FROM, TO));
    }
}
