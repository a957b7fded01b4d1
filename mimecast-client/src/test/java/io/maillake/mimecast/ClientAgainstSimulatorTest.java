package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.simulator.fault.Fault;
import io.maillake.simulator.fault.FaultRule;
import io.maillake.simulator.observe.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against the simulator, a separate implementation of Mimecast's protocol: both API
 * generations, all three log types, every fault. Assertions are on what the client sent (the
 * simulator's request log) and what it concluded (the typed failure, the wait it chose).
 */
class ClientAgainstSimulatorTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Instant FROM = NOW.minus(Duration.ofHours(2));
    private static final Pattern MC_DATE = Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC");

    private io.maillake.simulator.MutableClock clock;
    private MimecastSimulator sim;
    private MimecastConnector connector;

    @BeforeEach
    void start() {
        clock = new io.maillake.simulator.MutableClock(NOW);
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(7).history(Duration.ofHours(6))
                .eventsPerMinute(io.maillake.simulator.LogType.URL, 60)
                .eventsPerMinute(io.maillake.simulator.LogType.IMPERSONATION, 20)
                .eventsPerMinute(io.maillake.simulator.LogType.ATTACHMENT, 30)
                .lateFraction(0).clock(clock).build());
        connector = MimecastConnector.builder().clock(clock).baseUrlPolicy(BaseUrlPolicy.allowingInsecure())
                .callTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        connector.close();
        sim.close();
    }

    private Credentials credentials(ApiGeneration generation) {
        return generation == ApiGeneration.API_1
                ? new Credentials.Api1(sim.account(0).api1().appId(), sim.account(0).api1().appKey(),
                        sim.account(0).api1().accessKey(), sim.account(0).api1().secretKey())
                : new Credentials.Api2(sim.account(0).api2().clientId(), sim.account(0).api2().clientSecret());
    }

    private MimecastClient client(ApiGeneration generation) {
        return connector.client(sim.baseUrl().toString(), credentials(generation));
    }

    private static io.maillake.simulator.LogType simType(LogType t) {
        return io.maillake.simulator.LogType.valueOf(t.name());
    }

    private List<String> readAll(MimecastClient client, LogQuery query) throws MimecastException {
        List<String> records = new ArrayList<>();
        client.readAll(query, null, page -> records.addAll(page.records()));
        return records;
    }

    private List<RecordedRequest> logCalls() {
        return sim.requests().matching(r -> r.path().startsWith("/api/ttp/"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiGeneration.class)
    void readsEveryRecordOfAWindowExactlyOnceInOrderForAllThreeLogTypes(ApiGeneration generation) throws Exception {
        MimecastClient client = client(generation);
        for (LogType type : LogType.values()) {
            List<String> truth = sim.groundTruth(0, simType(type), FROM, NOW);
            assertThat(truth).as(type.id()).hasSizeGreaterThan(1000);

            List<String> read = readAll(client, LogQuery.window(type, FROM, NOW));

            assertThat(read).as(type.id()).isEqualTo(truth);
        }
    }

    @Test
    void pagesWithTheTokenAndStopsWhenNextIsAbsent() throws Exception {
        List<String> truth = sim.groundTruth(0, io.maillake.simulator.LogType.URL, FROM, NOW);
        int[] pages = {0};
        client(ApiGeneration.API_2).readAll(LogQuery.window(LogType.URL, FROM, NOW).withPageSize(100), null, page -> {
            pages[0]++;
            return true;
        });
        List<RecordedRequest> calls = logCalls();

        assertThat(pages[0]).isEqualTo((truth.size() + 99) / 100);
        assertThat(calls).hasSize(pages[0]);
        assertThat(calls.get(0).body()).doesNotContain("pageToken").contains("\"pageSize\":100", "\"oldestFirst\":true",
                "\"from\":\"2026-03-02T10:00:00+0000\"", "\"to\":\"2026-03-02T12:00:00+0000\"");
        assertThat(calls.subList(1, calls.size())).allSatisfy(c -> assertThat(c.body()).contains("\"pageToken\":\""));
    }

    @Test
    void signsApi1RequestsWithAllFourHeadersAndAFreshRequestIdEachTime() throws Exception {
        MimecastClient client = client(ApiGeneration.API_1);
        client.fetchPage(LogQuery.window(LogType.ATTACHMENT, FROM, NOW).withPageSize(10), null);
        client.fetchPage(LogQuery.window(LogType.ATTACHMENT, FROM, NOW).withPageSize(10), null);
        List<RecordedRequest> calls = logCalls();

        assertThat(calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(200);
            assertThat(header(c, "x-mc-date")).matches(MC_DATE).isEqualTo("Mon, 02 Mar 2026 12:00:00 UTC");
            assertThat(header(c, "x-mc-app-id")).isEqualTo(sim.account(0).api1().appId());
            assertThat(header(c, "Authorization")).startsWith("MC " + sim.account(0).api1().accessKey() + ":").hasSize(
                    "MC ".length() + sim.account(0).api1().accessKey().length() + 1 + 28);
            assertThat(header(c, "Content-Type")).isEqualTo("application/json");
        });
        assertThat(header(calls.get(0), "x-mc-req-id")).isNotEqualTo(header(calls.get(1), "x-mc-req-id"));
    }

    /**
     * Our clock 20 minutes off Mimecast's, either way (the simulator refuses an x-mc-date more than 15 minutes
     * off its clock, which is the real one here, as its Date header is): the first call is refused, signed
     * again with Mimecast's time and accepted; later calls are signed with that time at once.
     */
    @ParameterizedTest(name = "our clock {0} minutes off")
    @org.junit.jupiter.params.provider.ValueSource(ints = {20, -20})
    void signsApi1WithMimecastsTimeWhenOurClockIsOff(int minutes) throws Exception {
        java.time.Clock skewed = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(minutes));
        try (MimecastSimulator real = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(7).history(Duration.ofHours(1))
                     .eventsPerMinute(io.maillake.simulator.LogType.URL, 10).lateFraction(0).build());
             MimecastConnector off = MimecastConnector.builder().clock(skewed).baseUrlPolicy(BaseUrlPolicy.allowingInsecure())
                     .callTimeout(Duration.ofSeconds(2)).build()) {
            var k = real.account(0).api1();
            MimecastClient client = off.client(real.baseUrl().toString(), new Credentials.Api1(k.appId(), k.appKey(), k.accessKey(), k.secretKey()));
            Instant now = Instant.now();
            LogQuery query = LogQuery.window(LogType.URL, now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(40))).withPageSize(10);
            assertThat(client.fetchPage(query, null).records()).isNotEmpty();
            client.fetchPage(query, null);
            List<Integer> statuses = real.requests().matching(r -> r.path().startsWith("/api/ttp/")).stream().map(RecordedRequest::status).toList();
            assertThat(statuses).containsExactly(401, 200, 200);

            // wrong keys with the clock off: one repeat at most, and the failure is the credentials'
            MimecastClient wrong = off.client(real.baseUrl().toString(),
                    new Credentials.Api1(k.appId(), k.appKey(), k.accessKey(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
            assertThatThrownBy(() -> wrong.fetchPage(query, null)).isInstanceOf(MimecastException.AuthenticationFailed.class);
            assertThat(real.requests().matching(r -> r.path().startsWith("/api/ttp/"))).hasSize(5);
        }
    }

    @Test
    void api2FetchesOneTokenAndReusesItAcrossLogTypes() throws Exception {
        MimecastClient client = client(ApiGeneration.API_2);
        for (LogType type : LogType.values()) client.fetchPage(LogQuery.window(type, FROM, NOW).withPageSize(5), null);

        assertThat(sim.requests().matching(r -> r.path().equals("/oauth/token"))).hasSize(1);
        assertThat(logCalls()).allSatisfy(c -> assertThat(header(c, "Authorization")).startsWith("Bearer "));
    }

    @Test
    void renewsTheTokenBeforeItExpires() throws Exception {
        MimecastClient client = client(ApiGeneration.API_2);
        client.preflight(LogType.URL);
        clock.advance(Duration.ofSeconds(1799 - 30)); // inside the renewal margin, before the expiry
        client.preflight(LogType.URL);

        assertThat(sim.requests().matching(r -> r.path().equals("/oauth/token"))).hasSize(2);
        assertThat(logCalls()).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
    }

    @Test
    void renewsTheTokenOnceWhenMimecastSaysItExpiredAndRepeatsTheCall() throws Exception {
        MimecastClient client = client(ApiGeneration.API_2);
        client.preflight(LogType.URL);
        sim.faults().expireAllTokens();

        Page page = client.fetchPage(LogQuery.window(LogType.URL, FROM, NOW).withPageSize(3), null);

        assertThat(page.records()).hasSize(3);
        assertThat(sim.requests().matching(r -> r.path().equals("/oauth/token"))).hasSize(2);
        assertThat(logCalls()).extracting(RecordedRequest::status).containsExactly(200, 401, 200);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiGeneration.class)
    void concludesAuthenticationFailedForWrongCredentials(ApiGeneration generation) {
        Credentials wrong = generation == ApiGeneration.API_1
                ? new Credentials.Api1(sim.account(0).api1().appId(), sim.account(0).api1().appKey(),
                        sim.account(0).api1().accessKey(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                : new Credentials.Api2(sim.account(0).api2().clientId(), "not-the-secret");
        MimecastClient client = connector.client(sim.baseUrl().toString(), wrong);

        assertThatThrownBy(() -> client.preflight(LogType.URL)).isInstanceOfSatisfying(MimecastException.AuthenticationFailed.class, e -> {
            assertThat(e.retriable()).isFalse();
            assertThat(e.adminAction()).get().asString().contains(generation == ApiGeneration.API_1 ? "secret key" : "client secret");
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        });
    }

    @Test
    void concludesRateLimitedWithMimecastsResetAndThenHoldsCallsBackUntilIt() throws Exception {
        sim.faults().add(FaultRule.of(new Fault.RateLimited(Duration.ofMillis(2500))));
        MimecastClient client = client(ApiGeneration.API_1);
        LogQuery q = LogQuery.window(LogType.URL, FROM, NOW).withPageSize(5);

        assertThatThrownBy(() -> client.fetchPage(q, null)).isInstanceOfSatisfying(MimecastException.RateLimited.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500));
            assertThat(e.sent()).isTrue();
            assertThat(e.retriable()).isTrue();
        });
        assertThatThrownBy(() -> client(ApiGeneration.API_1).fetchPage(LogQuery.window(LogType.ATTACHMENT, FROM, NOW), null))
                .as("another log type with the same credentials shares the budget")
                .isInstanceOfSatisfying(MimecastException.RateLimited.class, e -> assertThat(e.sent()).isFalse());
        assertThat(logCalls()).hasSize(1);

        clock.advance(Duration.ofMillis(2500));
        assertThat(client.fetchPage(q, null).records()).hasSize(5);
    }

    @Test
    void sharesOneBudgetBetweenLogTypesWhenMimecastsQuotaRunsOut() throws Exception {
        sim.close();
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(7).history(Duration.ofHours(1))
                .rateLimit(3, Duration.ofMinutes(1)).clock(clock).build());
        MimecastClient url = client(ApiGeneration.API_2);
        MimecastClient attachment = client(ApiGeneration.API_2);
        url.fetchPage(LogQuery.window(LogType.URL, FROM, NOW).withPageSize(1), null);
        attachment.fetchPage(LogQuery.window(LogType.ATTACHMENT, FROM, NOW).withPageSize(1), null);
        url.fetchPage(LogQuery.window(LogType.URL, FROM, NOW).withPageSize(1), null);

        assertThatThrownBy(() -> attachment.fetchPage(LogQuery.window(LogType.ATTACHMENT, FROM, NOW).withPageSize(1), null))
                .isInstanceOfSatisfying(MimecastException.RateLimited.class, e -> {
                    assertThat(e.sent()).as("held back by the shared budget, not sent").isFalse();
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
                });
        assertThat(sim.stats().countStatus(429)).isZero();
        assertThat(url.budget()).isSameAs(attachment.budget());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {500, 502, 503, 504})
    void concludesTransientForServerErrors(int status) {
        sim.faults().add(FaultRule.of(new Fault.ServerError(status)));
        assertThatThrownBy(() -> client(ApiGeneration.API_1).preflight(LogType.URL))
                .isInstanceOfSatisfying(MimecastException.Transient.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.adminAction()).isEmpty();
                });
    }

    @Test
    void concludesBadResponseForA200WhoseFailArrayIsNotEmpty() {
        sim.faults().add(FaultRule.of(new Fault.FailInBody("err_injected_failure", "backend busy", true))
                .path(LogType.IMPERSONATION.path()));
        assertThatThrownBy(() -> client(ApiGeneration.API_2).preflight(LogType.IMPERSONATION))
                .isInstanceOfSatisfying(MimecastException.BadResponse.class, e -> {
                    assertThat(e.mimecastCode()).contains("err_injected_failure");
                    assertThat(e.getMessage()).contains("backend busy");
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void concludesBadResponseForMalformedJson() {
        sim.faults().add(FaultRule.of(new Fault.MalformedJson()));
        assertThatThrownBy(() -> client(ApiGeneration.API_1).fetchPage(LogQuery.window(LogType.URL, FROM, NOW), null))
                .isInstanceOf(MimecastException.BadResponse.class);
    }

    @ParameterizedTest(name = "chunked={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void concludesARetriableFailureForATruncatedBody(boolean chunked) {
        sim.faults().add(FaultRule.of(new Fault.TruncatedBody(chunked)));
        assertThatThrownBy(() -> client(ApiGeneration.API_1).fetchPage(LogQuery.window(LogType.URL, FROM, NOW), null))
                .isInstanceOfSatisfying(MimecastException.class, e -> assertThat(e.retriable()).isTrue())
                .isInstanceOfAny(MimecastException.Transient.class, MimecastException.BadResponse.class);
    }

    @Test
    void concludesTransientForADroppedConnection() {
        sim.faults().add(FaultRule.of(new Fault.DropConnection()));
        assertThatThrownBy(() -> client(ApiGeneration.API_2).preflight(LogType.ATTACHMENT))
                .isInstanceOfSatisfying(MimecastException.Transient.class, e -> assertThat(e.httpStatus()).isZero());
    }

    @Test
    void concludesTransientWhenMimecastAnswersTooSlowly() {
        sim.faults().add(FaultRule.of(new Fault.SlowHeaders(Duration.ofSeconds(5))));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(ApiGeneration.API_1).preflight(LogType.URL))
                .isInstanceOfSatisfying(MimecastException.Transient.class, e -> assertThat(e.getMessage()).contains("did not answer"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void concludesTransientWhenTheBodyTricklesPastTheTimeout() {
        sim.faults().add(FaultRule.of(new Fault.TrickledBody(10, Duration.ofMillis(500))));
        assertThatThrownBy(() -> client(ApiGeneration.API_1).fetchPage(LogQuery.window(LogType.URL, FROM, NOW), null))
                .isInstanceOf(MimecastException.Transient.class);
    }

    @Test
    void concludesBindingExpiredAndSaysWhichMimecastSettingFixesIt() {
        sim.faults().expireBinding(0);
        assertThatThrownBy(() -> client(ApiGeneration.API_1).preflight(LogType.URL))
                .isInstanceOfSatisfying(MimecastException.BindingExpired.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(418);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.adminAction()).get().asString().contains("Authentication Cache TTL", "Never Expire");
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiGeneration.class)
    void concludesPermissionMissingForOneLogTypeWhileTheOthersWork(ApiGeneration generation) throws Exception {
        sim.faults().denyPermission(0, io.maillake.simulator.LogType.ATTACHMENT);
        MimecastClient client = client(generation);

        assertThatThrownBy(() -> client.preflight(LogType.ATTACHMENT))
                .isInstanceOfSatisfying(MimecastException.PermissionMissing.class, e -> {
                    assertThat(e.logType()).isEqualTo(LogType.ATTACHMENT);
                    assertThat(e.adminAction()).get().asString().contains("Monitoring | Attachment Protection | Read");
                    // The response's x-request-id, for the admin to quote to Mimecast support.
                    assertThat(e.getMessage()).containsPattern("Mimecast request id [0-9a-f-]{36}");
                });
        client.preflight(LogType.URL);
        client.preflight(LogType.IMPERSONATION);
    }

    @Test
    void concludesWrongRegion() {
        sim.faults().wrongRegion(0, true);
        assertThatThrownBy(() -> client(ApiGeneration.API_1).preflight(LogType.URL))
                .isInstanceOfSatisfying(MimecastException.WrongRegion.class, e -> assertThat(e.adminAction()).get().asString().contains("region"));
    }

    @Test
    void seesLateRecordsOnlyOnceTheyAreVisible() throws Exception {
        sim.close();
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(11).history(Duration.ofHours(1))
                .lateFraction(0.2).lateDelay(Duration.ofMinutes(5)).clock(clock).build());
        LogQuery recent = LogQuery.window(LogType.URL, NOW.minus(Duration.ofMinutes(3)), NOW);
        int truth = sim.groundTruth(0, io.maillake.simulator.LogType.URL, recent.from(), recent.to()).size();

        int early = readAll(client(ApiGeneration.API_1), recent).size();
        clock.advance(Duration.ofMinutes(6));
        int later = readAll(client(ApiGeneration.API_1), recent).size();

        assertThat(early).isLessThan(truth);
        assertThat(later).isEqualTo(truth);
    }

    @Test
    void keepsEveryRecordsTextExactlyAsServedIncludingIdenticalRecordsInOneSecond() throws Exception {
        sim.close();
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(3).history(Duration.ofHours(3))
                .duplicateRate(0.05).lateFraction(0).clock(clock).build());
        List<String> truth = sim.groundTruth(0, io.maillake.simulator.LogType.URL, FROM, NOW);
        List<String> read = readAll(client(ApiGeneration.API_2), LogQuery.window(LogType.URL, FROM, NOW));

        assertThat(read).isEqualTo(truth);
        assertThat(read.size() - read.stream().distinct().count()).as("identical records kept as distinct events").isPositive();
    }

    private static String header(RecordedRequest r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
}
