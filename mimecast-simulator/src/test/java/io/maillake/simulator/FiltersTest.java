package io.maillake.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class FiltersTest {
    private static MimecastSimulator sim;
    private static SimHttp http;
    private static String token;
    private static final Instant FROM = TestSims.NOW.minus(Duration.ofMinutes(50));
    private static final Instant TO = TestSims.NOW.minus(Duration.ofMinutes(10));

    @BeforeAll
    static void start() {
        sim = MimecastSimulator.start(TestSims.small(TestSims.clock()).build());
        http = new SimHttp(sim);
        token = http.token(sim.account(0).api2());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static List<String> served(LogType type, String filters) {
        String body = "{\"meta\":{\"pagination\":{\"pageSize\":500}},\"data\":[{\"from\":\"" + TestSims.fmt(FROM) + "\",\"to\":\""
                + TestSims.fmt(TO) + "\",\"oldestFirst\":true" + filters + "}]}";
        return http.pageAll(b -> http.bearer(token, type, b), body, TestSims::tokenOnly, type);
    }

    private static List<String> truth(LogType type, Predicate<JsonNode> keep) {
        return sim.groundTruth(0, type, FROM, TO).stream().filter(j -> keep.test(SimHttp.JSON.readTree(j))).toList();
    }

    @Test
    void urlLogsFilterByRouteAndScanResult() {
        for (String route : new String[] {"inbound", "outbound", "internal"}) {
            List<String> expected = truth(LogType.URL, n -> n.path("route").asString().equals(route));
            assertThat(expected).isNotEmpty();
            assertThat(served(LogType.URL, ",\"route\":\"" + route + "\"")).containsExactlyElementsOf(expected);
        }
        for (String result : new String[] {"clean", "malicious"}) {
            List<String> expected = truth(LogType.URL, n -> n.path("scanResult").asString().equals(result));
            assertThat(expected).isNotEmpty();
            assertThat(served(LogType.URL, ",\"scanResult\":\"" + result + "\"")).containsExactlyElementsOf(expected);
        }
        assertThat(served(LogType.URL, ",\"route\":\"inbound\",\"scanResult\":\"malicious\""))
                .containsExactlyElementsOf(truth(LogType.URL, n -> n.path("route").asString().equals("inbound")
                        && n.path("scanResult").asString().equals("malicious")));
        assertThat(served(LogType.URL, ",\"route\":\"all\",\"scanResult\":\"all\"")).containsExactlyElementsOf(truth(LogType.URL, n -> true));
    }

    @Test
    void attachmentLogsFilterByRouteAndResultNotScanResult() {
        for (String result : new String[] {"safe", "malicious", "timeout", "error"}) {
            List<String> expected = truth(LogType.ATTACHMENT, n -> n.path("result").asString().equals(result));
            assertThat(expected).as(result).isNotEmpty();
            assertThat(served(LogType.ATTACHMENT, ",\"result\":\"" + result + "\"")).containsExactlyElementsOf(expected);
        }
        assertThat(served(LogType.ATTACHMENT, ",\"result\":\"unknown\"")).isEmpty();
        assertThat(served(LogType.ATTACHMENT, ",\"route\":\"internal\""))
                .containsExactlyElementsOf(truth(LogType.ATTACHMENT, n -> n.path("route").asString().equals("internal")));
    }

    @Test
    void impersonationLogsFilterByTaggedMaliciousAndAbsentMeansNoFilter() {
        for (boolean tagged : new boolean[] {true, false}) {
            List<String> expected = truth(LogType.IMPERSONATION, n -> n.path("taggedMalicious").asBoolean() == tagged);
            assertThat(expected).isNotEmpty();
            assertThat(served(LogType.IMPERSONATION, ",\"taggedMalicious\":" + tagged)).containsExactlyElementsOf(expected);
        }
        assertThat(served(LogType.IMPERSONATION, "")).containsExactlyElementsOf(truth(LogType.IMPERSONATION, n -> true));
    }

    /** Lower-cased text of a record member, "" when absent. */
    private static String text(JsonNode n, String member) {
        return n.path(member).asString("").toLowerCase(java.util.Locale.ROOT);
    }

    /** The filtered truth: not empty, and not everything, so the filter is proven to filter. */
    private static List<String> narrowed(Predicate<JsonNode> keep) {
        List<String> expected = truth(LogType.IMPERSONATION, keep);
        assertThat(expected).isNotEmpty().hasSizeLessThan(truth(LogType.IMPERSONATION, n -> true).size());
        return expected;
    }

    @Test
    void impersonationQueryIsACaseInsensitiveSubstringOfTheChosenField() {
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"senderAddress\",\"query\":\"FREEMAIL\""))
                .containsExactlyElementsOf(narrowed(n -> text(n, "senderAddress").contains("freemail")));
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"recipientAddress\",\"query\":\"Acme-0-Group\""))
                .containsExactlyElementsOf(narrowed(n -> text(n, "recipientAddress").contains("acme-0-group")));
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"policy\",\"query\":\"2 HITS\""))
                .as("policy is the record's definition").containsExactlyElementsOf(narrowed(n -> text(n, "definition").contains("2 hits")));
        // "invoice" is in some subjects and in some senders' addresses: each field finds only its own
        List<String> bySubject = narrowed(n -> text(n, "subject").contains("invoice"));
        List<String> bySender = narrowed(n -> text(n, "senderAddress").contains("invoice"));
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"subject\",\"query\":\"InVoice\"")).containsExactlyElementsOf(bySubject);
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"senderAddress\",\"query\":\"invoice\"")).containsExactlyElementsOf(bySender);
        assertThat(bySubject).isNotEqualTo(bySender);
    }

    @Test
    void impersonationQuerySearchesAllFourFieldsWithAllOrWithoutASearchField() {
        Predicate<JsonNode> anyField = n -> java.util.stream.Stream.of("senderAddress", "recipientAddress", "subject", "definition")
                .anyMatch(m -> text(n, m).contains("mail"));
        List<String> expected = narrowed(anyField);
        assertThat(expected).as("matches come from more than one field")
                .hasSizeGreaterThan(truth(LogType.IMPERSONATION, n -> text(n, "definition").contains("mail")).size())
                .hasSizeGreaterThan(truth(LogType.IMPERSONATION, n -> text(n, "subject").contains("mail")).size())
                .hasSizeGreaterThan(truth(LogType.IMPERSONATION, n -> text(n, "senderAddress").contains("mail")).size());
        assertThat(served(LogType.IMPERSONATION, ",\"searchField\":\"all\",\"query\":\"MAIL\"")).containsExactlyElementsOf(expected);
        assertThat(served(LogType.IMPERSONATION, ",\"query\":\"MAIL\"")).as("searchField defaults to all").containsExactlyElementsOf(expected);
    }

    @Test
    void impersonationIdentifiersMatchARecordWithAnyOfThem() {
        assertThat(served(LogType.IMPERSONATION, ",\"identifiers\":[\"internal_user_name\",\"NEWLY_OBSERVED_DOMAIN\"]"))
                .containsExactlyElementsOf(narrowed(n -> n.path("identifiers").valueStream().map(JsonNode::asString)
                        .anyMatch(id -> id.equals("internal_user_name") || id.equals("newly_observed_domain"))));
        assertThat(served(LogType.IMPERSONATION, ",\"identifiers\":[\"advanced_custom_external_domain\"]"))
                .as("a listed identifier the simulator never emits").isEmpty();
        assertThat(served(LogType.IMPERSONATION, ",\"identifiers\":[]")).as("an empty list filters nothing")
                .containsExactlyElementsOf(truth(LogType.IMPERSONATION, n -> true));
    }

    @Test
    void impersonationActionsMatchTheRecordsActionAndUnknownActionsMatchNothing() {
        assertThat(served(LogType.IMPERSONATION, ",\"actions\":[\"hold\",\"bounce\"]"))
                .containsExactlyElementsOf(narrowed(n -> !n.path("action").asString().equals("none")));
        // API.md marks the action list's completeness unverified, so an unknown action is accepted
        assertThat(served(LogType.IMPERSONATION, ",\"actions\":[\"quarantine\"]")).isEmpty();
        assertThat(served(LogType.IMPERSONATION, ",\"actions\":[\"quarantine\",\"None\"]"))
                .containsExactlyElementsOf(narrowed(n -> n.path("action").asString().equals("none")));
    }

    @ParameterizedTest
    @CsvSource({"true, 7", "false, 7", "true, 1"})
    void impersonationFiltersTogetherHoldOnEveryPageFollowedByTokenAlone(boolean oldestFirst, int pageSize) {
        String filters = ",\"taggedMalicious\":true,\"searchField\":\"subject\",\"query\":\"a\","
                + "\"identifiers\":[\"similar_internal_domain\",\"internal_user_name\"],\"actions\":[\"hold\"]";
        List<String> expected = new java.util.ArrayList<>(narrowed(n -> n.path("taggedMalicious").asBoolean()
                && text(n, "subject").contains("a") && n.path("action").asString().equals("hold")
                && n.path("identifiers").valueStream().map(JsonNode::asString)
                        .anyMatch(id -> id.equals("similar_internal_domain") || id.equals("internal_user_name"))));
        assertThat(expected).hasSizeGreaterThan(3 * pageSize);
        if (!oldestFirst) {
            java.util.Collections.reverse(expected); // newest first: seconds and, within one, generation order reversed
        }
        String body = "{\"meta\":{\"pagination\":{\"pageSize\":" + pageSize + "}},\"data\":[{\"from\":\"" + TestSims.fmt(FROM)
                + "\",\"to\":\"" + TestSims.fmt(TO) + "\",\"oldestFirst\":" + oldestFirst + filters + "}]}";
        assertThat(http.pageAll(b -> http.bearer(token, LogType.IMPERSONATION, b), body, TestSims::tokenOnly, LogType.IMPERSONATION))
                .containsExactlyElementsOf(expected);
        // a follow-up that re-sends other filters with the token still gets the token's filters
        assertThat(http.pageAll(b -> http.bearer(token, LogType.IMPERSONATION, b), body,
                t -> "{\"meta\":{\"pagination\":{\"pageToken\":\"" + t + "\"}},\"data\":[{\"query\":\"zzz\",\"actions\":[\"none\"]}]}",
                LogType.IMPERSONATION)).containsExactlyElementsOf(expected);
    }

    @Test
    void impersonationSearchFiltersAreRefusedWhenIncompleteOrUnknown() {
        String[][] cases = {
                {"{\"data\":[{\"searchField\":\"subject\"}]}", "query", "err_validation_null"},
                {"{\"data\":[{\"searchField\":\"all\",\"query\":\"  \"}]}", "query", "err_validation_blank"},
                {"{\"data\":[{\"searchField\":\"body\",\"query\":\"x\"}]}", "searchField", "err_validation_invalid_value"},
                {"{\"data\":[{\"query\":42}]}", "query", "err_validation_invalid_value"},
                {"{\"data\":[{\"identifiers\":[\"internal_user_name\",\"lookalike\"]}]}", "identifiers", "err_validation_invalid_value"},
                {"{\"data\":[{\"identifiers\":\"internal_user_name\"}]}", "identifiers", "err_validation_invalid_value"},
                {"{\"data\":[{\"actions\":[\"hold\",7]}]}", "actions", "err_validation_invalid_value"},
        };
        for (String[] c : cases) {
            SimHttp.Response r = http.bearer(token, LogType.IMPERSONATION, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            JsonNode fail = r.json().path("fail").path(0);
            assertThat(fail.path("errors").path(0).path("code").asString()).as(c[0]).isEqualTo(c[2]);
            assertThat(fail.path("errors").path(0).path("field").asString()).as(c[0]).isEqualTo(c[1]);
            assertThat(fail.path("errors").path(0).path("message").asString()).as(c[0]).contains(c[1]);
            assertThat(fail.path("key")).as(c[0]).isEqualTo(SimHttp.JSON.readTree(c[0]).path("data").path(0));
        }
    }

    @Test
    void fromIsInclusiveAndToIsExclusive() {
        List<TruthEvent> events = sim.groundTruthEvents(0, LogType.URL, FROM, TO);
        Instant second = events.get(events.size() / 2).time();
        String body = TestSims.window(second, second.plusSeconds(1), true, 500);
        List<String> oneSecond = http.bearer(token, LogType.URL, body).rawRecords(LogType.URL);
        assertThat(oneSecond).isNotEmpty().containsExactlyElementsOf(sim.groundTruth(0, LogType.URL, second, second.plusSeconds(1)));
        assertThat(http.bearer(token, LogType.URL, TestSims.window(second, second, true, 500)).rawRecords(LogType.URL)).isEmpty();
    }

    @Test
    void toBecomesInclusiveWithTheConfigurationSwitch() {
        try (MimecastSimulator inclusive = MimecastSimulator.start(TestSims.small(TestSims.clock()).toInclusive(true).build())) {
            SimHttp h = new SimHttp(inclusive);
            List<TruthEvent> events = inclusive.groundTruthEvents(0, LogType.URL, FROM, TO);
            Instant second = events.get(events.size() / 2).time();
            List<String> served = h.bearer(h.token(inclusive.account(0).api2()), LogType.URL, TestSims.window(second, second, true, 500))
                    .rawRecords(LogType.URL);
            assertThat(served).isNotEmpty().containsExactlyElementsOf(inclusive.groundTruth(0, LogType.URL, second, second.plusSeconds(1)));
        }
    }

    @Test
    void datesWithZAndWithColonOffsetsMeanTheSameInstant() {
        List<String> plus0000 = served(LogType.URL, "");
        String z = "{\"meta\":{\"pagination\":{\"pageSize\":500}},\"data\":[{\"from\":\"" + FROM + "\",\"to\":\""
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").format(TO.atOffset(java.time.ZoneOffset.ofHours(2))) + "\",\"oldestFirst\":true}]}";
        assertThat(z).contains("+02:00").contains("Z\"");
        assertThat(http.pageAll(b -> http.bearer(token, LogType.URL, b), z, TestSims::tokenOnly, LogType.URL))
                .containsExactlyElementsOf(plus0000);
    }

    @Test
    void withoutFromAndToTheWindowIsTheCurrentUtcDayUpToNow() {
        try (MimecastSimulator longer = MimecastSimulator.start(TestSims.small(TestSims.clock()).history(Duration.ofHours(14)).build())) {
            SimHttp h = new SimHttp(longer);
            String t = h.token(longer.account(0).api2());
            Instant midnight = Instant.parse("2025-01-06T00:00:00Z");
            List<String> oldest = h.bearer(t, LogType.URL, "{\"data\":[{\"oldestFirst\":true}]}").rawRecords(LogType.URL);
            assertThat(oldest).isEqualTo(longer.groundTruth(0, LogType.URL, midnight, TestSims.NOW).subList(0, 100));
            List<String> newest = h.bearer(t, LogType.URL, "{}").rawRecords(LogType.URL);
            List<String> visible = longer.groundTruthEvents(0, LogType.URL, midnight, TestSims.NOW).stream()
                    .filter(e -> !e.visibleAt().isAfter(TestSims.NOW)).map(TruthEvent::json).toList();
            assertThat(newest.getFirst()).isEqualTo(visible.getLast());
        }
    }

    @Test
    void invalidFilterValuesAre400WithTheFieldNamed() {
        String[][] cases = {
                {"{\"data\":[{\"from\":\"yesterday\"}]}", "from", "err_validation_invalid_date"},
                {"{\"data\":[{\"route\":\"sideways\"}]}", "route", "err_validation_invalid_value"},
                {"{\"data\":[{\"scanResult\":\"dirty\"}]}", "scanResult", "err_validation_invalid_value"},
                {"{\"data\":[{\"oldestFirst\":\"maybe\"}]}", "oldestFirst", "err_validation_invalid_value"},
                {"{\"meta\":{\"pagination\":{\"pageSize\":0}}}", "pageSize", "err_validation_invalid_value"},
                {"{\"data\":[{\"from\":\"2025-01-06T10:00:00+0000\",\"to\":\"2025-01-06T09:00:00+0000\"}]}", "from", "err_validation_date_range"},
        };
        for (String[] c : cases) {
            SimHttp.Response r = http.bearer(token, LogType.URL, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.failCode()).isEqualTo(c[2]);
            assertThat(r.json().path("fail").path(0).path("errors").path(0).path("field").asString()).isEqualTo(c[1]);
        }
        SimHttp.Response broken = http.bearer(token, LogType.URL, "{\"data\":[");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.failCode()).isEqualTo("err_request_body_malformed");
    }
}
