package io.maillake.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated data: deterministic, realistic in shape and mix, with the quirks of the real logs. */
class GeneratorTest {
    private static MimecastSimulator sim;
    private static final Map<LogType, List<JsonNode>> RECORDS = new HashMap<>();

    @BeforeAll
    static void generate() {
        sim = MimecastSimulator.start(SimulatorConfig.builder().seed(42).clock(TestSims.clock()).history(Duration.ofHours(4))
                .eventsPerMinute(150).build());
        for (LogType t : LogType.values()) {
            RECORDS.put(t, sim.groundTruth(0, t, sim.historyStart(), TestSims.NOW).stream().map(SimHttp.JSON::readTree).toList());
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Set<String> values(LogType type, Function<JsonNode, JsonNode> field) {
        Set<String> out = new HashSet<>();
        for (JsonNode n : RECORDS.get(type)) {
            JsonNode v = field.apply(n);
            if (!v.isMissingNode()) {
                out.add(v.isString() ? v.asString() : v.toString());
            }
        }
        return out;
    }

    private static long missing(LogType type, String field) {
        return RECORDS.get(type).stream().filter(n -> !n.has(field)).count();
    }

    @Test
    void theSameSeedGivesTheSameDataAndCredentialsAndAnotherSeedDoesNot() {
        Instant from = TestSims.NOW.minusSeconds(900);
        try (MimecastSimulator a = MimecastSimulator.start(TestSims.small(TestSims.clock()).seed(7).build());
             MimecastSimulator b = MimecastSimulator.start(TestSims.small(TestSims.clock()).seed(7).build());
             MimecastSimulator c = MimecastSimulator.start(TestSims.small(TestSims.clock()).seed(8).build())) {
            assertThat(a.accounts()).isEqualTo(b.accounts());
            assertThat(a.account(0).api1()).isNotEqualTo(c.account(0).api1());
            for (LogType t : LogType.values()) {
                assertThat(a.groundTruthEvents(0, t, from, TestSims.NOW)).isEqualTo(b.groundTruthEvents(0, t, from, TestSims.NOW));
                assertThat(a.groundTruth(0, t, from, TestSims.NOW)).isNotEqualTo(c.groundTruth(0, t, from, TestSims.NOW));
            }
        }
    }

    @Test
    void credentialsHaveTheShapesOfRealOnes() {
        Api1Credentials c = sim.account(0).api1();
        String guid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
        assertThat(c.appId()).matches(guid);
        assertThat(c.appKey()).matches(guid);
        assertThat(c.accessKey()).matches("[A-Za-z0-9_-]{86}");
        assertThat(java.util.Base64.getDecoder().decode(c.secretKey())).hasSize(64);
        assertThat(sim.account(0).api2().clientId()).matches("[A-Za-z0-9]{32}");
        assertThat(c.toString()).doesNotContain(c.secretKey()).doesNotContain(c.appKey());
    }

    @Test
    void recordsFollowTheKeyOrderOfMimecastsSamples() throws Exception {
        for (LogType t : LogType.values()) {
            JsonNode sample;
            try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("..", "testdata", "mimecast", "samples", "ttp-" + t.wireName() + "-get-logs.v1.response.json"))) {
                sample = SimHttp.JSON.readTree(in).path("data").path(0).path(t.arrayName()).path(0);
            }
            List<String> sampleKeys = new ArrayList<>(sample.propertyNames());
            JsonNode full = RECORDS.get(t).stream().filter(n -> n.propertyNames().containsAll(sampleKeys)).findFirst().orElseThrow();
            List<String> keys = new ArrayList<>(full.propertyNames());
            keys.retainAll(sampleKeys);
            assertThat(keys).as(t.name()).isEqualTo(sampleKeys);
        }
    }

    @Test
    void urlClicksCoverTheValueMixOfTheSpec() {
        assertThat(values(LogType.URL, n -> n.path("scanResult"))).containsExactlyInAnyOrder("clean", "malicious");
        assertThat(values(LogType.URL, n -> n.path("action"))).containsExactlyInAnyOrder("allow", "warn", "block");
        assertThat(values(LogType.URL, n -> n.path("route"))).containsExactlyInAnyOrder("inbound", "outbound", "internal");
        assertThat(values(LogType.URL, n -> n.path("userAwarenessAction"))).containsExactlyInAnyOrder("N/A", "Continue");
        assertThat(values(LogType.URL, n -> n.path("adminOverride"))).contains("N/A", "Allow");
        assertThat(values(LogType.URL, n -> n.path("userOverride"))).contains("None", "Continue");
        assertThat(values(LogType.URL, n -> n.path("sendingIp"))).contains("Internal IP");
        assertThat(values(LogType.URL, n -> n.path("creationMethod"))).containsExactlyInAnyOrder("User Click", "Entry Scan");
        assertThat(values(LogType.URL, n -> n.path("actions"))).contains("Allow", "Block", "None", "Browser Isolation");
        assertThat(values(LogType.URL, n -> n.path("emailPartsDescription"))).contains("[\"Body\"]", "[\"Attachment\"]");
        assertThat(values(LogType.URL, n -> n.path("category"))).contains("Phishing & Fraud", "Compromised", "Dangerous file extension");
        assertThat(RECORDS.get(LogType.URL)).anySatisfy(n -> assertThat(n.path("tagMap").path("UrlReputationScan").isObject()).isTrue());
        assertThat(RECORDS.get(LogType.URL)).anySatisfy(n -> assertThat(n.has("messageId")).isTrue());
        for (String f : new String[] {"subject", "messageId", "fromUserEmailAddress", "sendingIp", "tagMap"}) {
            assertThat(missing(LogType.URL, f)).as(f + " sometimes missing").isPositive();
        }
    }

    @Test
    void attachmentLogsCoverTheValueMixOfTheSpec() {
        assertThat(values(LogType.ATTACHMENT, n -> n.path("result"))).containsExactlyInAnyOrder("safe", "malicious", "timeout", "error");
        assertThat(values(LogType.ATTACHMENT, n -> n.path("senderAddress"))).contains("<>");
        assertThat(values(LogType.ATTACHMENT, n -> n.path("fileHash"))).allSatisfy(h -> assertThat(h).matches("[0-9a-f]{64}"));
        assertThat(values(LogType.ATTACHMENT, n -> n.path("fileType"))).contains("application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(values(LogType.ATTACHMENT, n -> n.path("actionTriggered"))).contains("none", "none, none", "user release, none");
        assertThat(values(LogType.ATTACHMENT, n -> n.path("details")))
                .anySatisfy(d -> assertThat(d).matches("Safe {46}\r\nTime taken: 0 hrs, \\d+ min, \\d+ sec"))
                .anySatisfy(d -> assertThat(d).matches("Malicious {41}\r\nTime taken: .*"));
        assertThat(missing(LogType.ATTACHMENT, "subject")).isPositive();
    }

    @Test
    void impersonationLogsImitateTheAccountsOwnDomainsAndReuseIds() {
        List<JsonNode> logs = RECORDS.get(LogType.IMPERSONATION);
        String own = sim.account(0).domains().getFirst();
        assertThat(values(LogType.IMPERSONATION, n -> n.path("action"))).containsExactlyInAnyOrder("none", "hold", "bounce");
        assertThat(values(LogType.IMPERSONATION, n -> n.path("taggedMalicious"))).containsExactlyInAnyOrder("true", "false");
        assertThat(logs).anySatisfy(n -> {
            JsonNode result = n.path("impersonationResults").path(0);
            assertThat(result.path("stringSimilarToDomain").asString()).isEqualTo(own);
            assertThat(result.path("similarDomain").asString()).isNotEqualTo(own);
            assertThat(n.path("senderAddress").asString()).endsWith("@" + result.path("similarDomain").asString());
        });
        assertThat(logs).allSatisfy(n -> assertThat(n.path("hits").asInt()).isEqualTo(n.path("identifiers").size()));
        // A policy acting at N hits logs events of N hits or more: "IP - 2 hits (Hold)" never names a 1-hit event.
        java.util.regex.Pattern threshold = java.util.regex.Pattern.compile("IP - (\\d+) hits? \\((.+)\\)");
        assertThat(logs).allSatisfy(n -> {
            java.util.regex.Matcher m = threshold.matcher(n.path("definition").asString());
            if (m.matches()) {
                assertThat(n.path("hits").asInt()).as(n.toString()).isGreaterThanOrEqualTo(Integer.parseInt(m.group(1)));
                assertThat(m.group(2)).as(n.toString()).isEqualTo(switch (n.path("action").asString()) {
                    case "hold" -> "Hold";
                    case "bounce" -> "Bounce";
                    default -> "Tag email";
                });
            }
        });
        assertThat(values(LogType.IMPERSONATION, n -> n.path("id")).size()).isLessThan(logs.size() / 10);
    }

    @Test
    void plantedPatternsComeAtTheirRatesAndOnlyFromTheirPatterns() {
        List<TruthEvent> urls = sim.groundTruthEvents(0, LogType.URL, sim.historyStart(), TestSims.NOW);
        long allowedMalicious = urls.stream().filter(e -> {
            JsonNode n = SimHttp.JSON.readTree(e.json());
            return n.path("scanResult").asString().equals("malicious") && n.path("action").asString().equals("allow");
        }).count();
        long planted = urls.stream().filter(e -> e.pattern().filter(p -> p == PlantedPattern.MALICIOUS_CLICK_ALLOWED
                || p == PlantedPattern.ADMIN_OVERRIDE).isPresent()).count();
        assertThat(allowedMalicious).isEqualTo(planted);
        double expected = urls.size() * (PlantedPattern.MALICIOUS_CLICK_ALLOWED.defaultRate() + PlantedPattern.ADMIN_OVERRIDE.defaultRate());
        assertThat((double) planted).isBetween(expected * 0.6, expected * 1.4);
        long campaign = urls.stream().filter(e -> e.pattern().orElse(null) == PlantedPattern.URL_CAMPAIGN).count();
        assertThat(campaign).isPositive();
    }
}
