package io.maillake.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event exactly once, in order, however a client pages. The clock stands still: nothing is late at NOW - 10 min. */
class PagingTest {
    private static MutableClock clock;
    private static MimecastSimulator sim;
    private static SimHttp http;
    private static Api1Credentials api1;
    private static String token;
    private static final Instant FROM = TestSims.NOW.minus(Duration.ofMinutes(40));
    private static final Instant TO = TestSims.NOW.minus(Duration.ofMinutes(10));

    @BeforeAll
    static void start() {
        clock = TestSims.clock();
        sim = MimecastSimulator.start(TestSims.small(clock).accounts(2).build());
        http = new SimHttp(sim);
        api1 = sim.account(0).api1();
        token = http.token(sim.account(0).api2());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static List<String> truth(LogType type) {
        return sim.groundTruth(0, type, FROM, TO);
    }

    @ParameterizedTest
    @EnumSource(LogType.class)
    void pagingOldestFirstWithTokenOnlyFollowUpsReturnsExactlyTheGroundTruth(LogType type) {
        List<String> truth = truth(type);
        assertThat(truth).hasSizeGreaterThan(100);
        List<String> served = http.pageAll(b -> http.api1(api1, type, b), TestSims.window(FROM, TO, true, 37),
                TestSims::tokenOnly, type);
        assertThat(served).containsExactlyElementsOf(truth);
    }

    @ParameterizedTest
    @EnumSource(LogType.class)
    void pagingNewestFirstReturnsTheGroundTruthInReverse(LogType type) {
        List<String> expected = new ArrayList<>(truth(type));
        Collections.reverse(expected);
        List<String> served = http.pageAll(b -> http.bearer(token, type, b), TestSims.window(FROM, TO, false, 50),
                TestSims::tokenOnly, type);
        assertThat(served).containsExactlyElementsOf(expected);
    }

    @Test
    void followUpsThatResendTheFiltersWithTheTokenGiveTheSameResult() {
        String first = TestSims.window(FROM, TO, true, 64);
        List<String> served = http.pageAll(b -> http.bearer(token, LogType.URL, b), first,
                t -> first.replace("\"pageSize\":64", "\"pageSize\":64,\"pageToken\":\"" + t + "\""), LogType.URL);
        assertThat(served).containsExactlyElementsOf(truth(LogType.URL));
    }

    @Test
    void pythonReprBodiesAsMimecastsSampleScriptsSendThemArePagedAlike() {
        String first = "{'meta': {'pagination': {'pageSize': 100}}, 'data': [{'from': '" + TestSims.fmt(FROM) + "', 'to': '"
                + TestSims.fmt(TO) + "', 'oldestFirst': True, 'route': 'all', 'scanResult': 'all'}]}";
        List<String> served = http.pageAll(b -> http.api1(api1, LogType.URL, b), first,
                t -> "{'meta': {'pagination': {'pageSize': 100, 'pageToken': '" + t + "'}}, 'data': [{'oldestFirst': None}]}",
                LogType.URL);
        assertThat(served).containsExactlyElementsOf(truth(LogType.URL));
    }

    @Test
    void pageSizeMayBeAStringAndIsClampedTo500() {
        Instant from = TestSims.NOW.minus(Duration.ofHours(2));
        SimHttp.Response r = http.bearer(token, LogType.URL, TestSims.window(from, TO, true, 1).replace("\"pageSize\":1", "\"pageSize\":\"7\""));
        assertThat(r.rawRecords(LogType.URL)).hasSize(7);
        SimHttp.Response big = http.bearer(token, LogType.URL, TestSims.window(from, TO, true, 100_000));
        assertThat(big.rawRecords(LogType.URL)).hasSize(500);
        assertThat(big.json().path("meta").path("pagination").path("pageSize").asInt()).isEqualTo(500);
    }

    @Test
    void withoutPageSizeTheDefaultOf100Applies() {
        SimHttp.Response r = http.bearer(token, LogType.URL, "{\"data\":[{\"from\":\"" + TestSims.fmt(FROM) + "\"}]}");
        assertThat(r.rawRecords(LogType.URL)).hasSize(100);
    }

    @Test
    void theLastPageHasNoNextAndAnEmptyWindowGivesAnEmptyPage() {
        Instant t = TestSims.NOW.minus(Duration.ofDays(3));
        SimHttp.Response r = http.bearer(token, LogType.ATTACHMENT, TestSims.window(t, t.plusSeconds(3600), true, 10));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.rawRecords(LogType.ATTACHMENT)).isEmpty();
        assertThat(r.next()).isNull();
        assertThat(r.json().path("fail").isArray()).isTrue();
        assertThat(r.json().path("fail").size()).isZero();
    }

    @Test
    void impersonationPagesCarryResultCountBesideTheRecords() {
        SimHttp.Response r = http.bearer(token, LogType.IMPERSONATION, TestSims.window(FROM, TO, true, 9));
        assertThat(r.json().path("data").path(0).path("resultCount").asInt()).isEqualTo(9);
        assertThat(r.json().path("data").path(0).path("impersonationLogs").size()).isEqualTo(9);
    }

    @Test
    void aForgedTokenIsRefusedWith400AndAFailBody() {
        String next = http.bearer(token, LogType.URL, TestSims.window(FROM, TO, true, 5)).next();
        char[] c = next.toCharArray();
        c[10] = c[10] == 'A' ? 'B' : 'A';
        for (String bad : new String[] {new String(c), "garbage", "AQAA"}) {
            SimHttp.Response r = http.bearer(token, LogType.URL, TestSims.tokenOnly(bad));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.failCode()).isEqualTo("err_page_token_invalid");
        }
    }

    @Test
    void aTokenOfAnotherAccountOrAnotherEndpointIsRefused() {
        String next = http.bearer(token, LogType.URL, TestSims.window(FROM, TO, true, 5)).next();
        SimHttp.Response foreign = http.api1(sim.account(1).api1(), LogType.URL, TestSims.tokenOnly(next));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.failCode()).isEqualTo("err_page_token_invalid");
        SimHttp.Response otherEndpoint = http.bearer(token, LogType.ATTACHMENT, TestSims.tokenOnly(next));
        assertThat(otherEndpoint.status()).isEqualTo(400);
    }

    @Test
    void identicalRecordsInTheSameSecondExistAndAreEachServed() {
        Instant from = TestSims.NOW.minus(Duration.ofHours(2));
        List<String> truth = sim.groundTruth(0, LogType.URL, from, TO);
        int duplicates = 0;
        for (int i = 1; i < truth.size(); i++) {
            if (truth.get(i).equals(truth.get(i - 1))) {
                duplicates++;
            }
        }
        assertThat(duplicates).isPositive();
        List<String> served = http.pageAll(b -> http.bearer(token, LogType.URL, b), TestSims.window(from, TO, true, 500),
                TestSims::tokenOnly, LogType.URL);
        assertThat(served).containsExactlyElementsOf(truth);
    }
}
