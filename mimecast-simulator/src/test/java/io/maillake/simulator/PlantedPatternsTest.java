package io.maillake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The planted patterns come at their rates, and the background never shows their combinations:
 * every record that looks like a pattern carries it, so detections can be measured exactly.
 */
class PlantedPatternsTest {
    private static MimecastSimulator sim;
    private static final Map<LogType, List<TruthEvent>> EVENTS = new EnumMap<>(LogType.class);

    @BeforeAll
    static void generate() {
        sim = MimecastSimulator.start(SimulatorConfig.builder().seed(3).clock(TestSims.clock()).history(Duration.ofHours(6))
                .eventsPerMinute(LogType.URL, 300).eventsPerMinute(LogType.ATTACHMENT, 150).eventsPerMinute(LogType.IMPERSONATION, 100)
                .build());
        for (LogType t : LogType.values()) EVENTS.put(t, sim.groundTruthEvents(0, t, sim.historyStart(), TestSims.NOW));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode json(TruthEvent e) {
        return SimHttp.JSON.readTree(e.json());
    }

    private static PlantedPattern pattern(TruthEvent e) {
        return e.pattern().orElse(null);
    }

    private static String domain(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    @Test
    void everyPatternIsPlantedAtAboutItsRate() {
        for (PlantedPattern p : PlantedPattern.values()) {
            List<TruthEvent> all = EVENTS.get(p.logType());
            long n = all.stream().filter(e -> pattern(e) == p).count();
            double expected = all.size() * p.defaultRate();
            assertThat((double) n).as(p.name()).isBetween(expected * 0.6, expected * 1.4);
        }
    }

    @Test
    void maliciousClicksThatReachedTheUserAreAlwaysPlanted() {
        for (TruthEvent e : EVENTS.get(LogType.URL)) {
            JsonNode n = json(e);
            boolean malicious = n.path("scanResult").asString().equals("malicious");
            boolean reached = n.path("action").asString().equals("allow")
                    || n.path("userAwarenessAction").asString().equals("Continue");
            boolean overridden = !n.path("adminOverride").asString().equals("N/A");
            if (malicious && (reached || overridden)) {
                assertThat(pattern(e)).isIn(PlantedPattern.MALICIOUS_CLICK_ALLOWED, PlantedPattern.MALICIOUS_CLICK_WARN_CONTINUED,
                        PlantedPattern.ADMIN_OVERRIDE);
            }
            if (malicious && n.path("route").asString().equals("internal")) assertThat(pattern(e)).isEqualTo(PlantedPattern.INTERNAL_MALICIOUS_URL);
        }
    }

    @Test
    void releasedMaliciousOrUnscannedAttachmentsAndInternalMaliciousOnesAreAlwaysPlanted() {
        for (TruthEvent e : EVENTS.get(LogType.ATTACHMENT)) {
            JsonNode n = json(e);
            String result = n.path("result").asString();
            boolean released = n.path("actionTriggered").asString().contains("release");
            if (released && result.equals("malicious")) assertThat(pattern(e)).isEqualTo(PlantedPattern.MALICIOUS_ATTACHMENT_RELEASED);
            if (released && (result.equals("timeout") || result.equals("error"))) {
                assertThat(pattern(e)).isEqualTo(PlantedPattern.SANDBOX_UNSCANNED_RELEASED);
            }
            if (result.equals("malicious") && n.path("route").asString().equals("internal")) {
                assertThat(pattern(e)).isEqualTo(PlantedPattern.INTERNAL_MALICIOUS_ATTACHMENT);
            }
        }
    }

    @Test
    void impersonationTaggedMaliciousIsDeliveredOnlyWhenPlanted() {
        for (TruthEvent e : EVENTS.get(LogType.IMPERSONATION)) {
            JsonNode n = json(e);
            if (n.path("taggedMalicious").asBoolean() && n.path("action").asString().equals("none")) {
                assertThat(pattern(e)).isEqualTo(PlantedPattern.IMPERSONATION_DELIVERED);
            }
        }
    }

    @Test
    void aMaliciousUrlFileOrSenderDomainRepeatsOnlyInItsCampaign() {
        Map<String, List<PlantedPattern>> urls = new HashMap<>();
        Map<String, List<PlantedPattern>> domains = new HashMap<>();
        // identical records (the duplicates Mimecast also has) are one message seen twice, not a repeat
        Set<String> seen = new java.util.HashSet<>();
        for (TruthEvent e : EVENTS.get(LogType.URL)) {
            if (!seen.add(e.json())) continue;
            JsonNode n = json(e);
            if (!n.path("scanResult").asString().equals("malicious")) continue;
            urls.computeIfAbsent(n.path("url").asString(), k -> new ArrayList<>()).add(pattern(e));
            if (n.has("fromUserEmailAddress") && n.path("route").asString().equals("inbound")) {
                domains.computeIfAbsent(domain(n.path("fromUserEmailAddress").asString()), k -> new ArrayList<>()).add(pattern(e));
            }
        }
        Map<String, List<PlantedPattern>> hashes = new HashMap<>();
        for (TruthEvent e : EVENTS.get(LogType.ATTACHMENT)) {
            if (!seen.add(e.json())) continue;
            JsonNode n = json(e);
            if (!n.path("result").asString().equals("malicious")) continue;
            hashes.computeIfAbsent(n.path("fileHash").asString(), k -> new ArrayList<>()).add(pattern(e));
            String sender = n.path("senderAddress").asString();
            if (sender.contains("@") && n.path("route").asString().equals("inbound")) {
                domains.computeIfAbsent(domain(sender), k -> new ArrayList<>()).add(pattern(e));
            }
        }
        assertRepeatsOnlyAs(urls, PlantedPattern.URL_CAMPAIGN);
        assertRepeatsOnlyAs(hashes, PlantedPattern.ATTACHMENT_CAMPAIGN);
        assertRepeatsOnlyAs(domains, PlantedPattern.SENDER_DOMAIN_CAMPAIGN);
    }

    private static void assertRepeatsOnlyAs(Map<String, List<PlantedPattern>> seen, PlantedPattern campaign) {
        long campaigns = 0;
        for (var entry : seen.entrySet()) {
            if (entry.getValue().size() < 2) continue;
            assertThat(entry.getValue()).as(entry.getKey()).containsOnly(campaign);
            campaigns++;
        }
        assertThat(campaigns).as(campaign.name()).isPositive();
    }

    @Test
    void everyPlantedImpersonationIsFollowedByItsRecipientsClickOnItsMessage() {
        Map<String, TruthEvent> clicks = new HashMap<>();
        for (TruthEvent e : EVENTS.get(LogType.URL)) {
            if (pattern(e) == PlantedPattern.IMPERSONATION_THEN_CLICK) clicks.put(json(e).path("messageId").asString(), e);
        }
        int pairs = 0;
        for (TruthEvent e : EVENTS.get(LogType.IMPERSONATION)) {
            if (pattern(e) != PlantedPattern.IMPERSONATION_THEN_CLICK) continue;
            JsonNode m = json(e);
            assertThat(m.path("action").asString()).isEqualTo("none");
            assertThat(m.path("taggedMalicious").asBoolean()).isFalse();
            if (!e.time().plusSeconds(PlantedPattern.CLICK_DELAY_SECONDS).isBefore(TestSims.NOW)) continue;
            TruthEvent click = clicks.get(m.path("messageId").asString());
            assertThat(click).as("the click on %s", m.path("messageId").asString()).isNotNull();
            JsonNode c = json(click);
            assertThat(click.time()).isEqualTo(e.time().plusSeconds(PlantedPattern.CLICK_DELAY_SECONDS));
            assertThat(c.path("userEmailAddress").asString()).isEqualTo(m.path("recipientAddress").asString());
            assertThat(c.path("fromUserEmailAddress").asString()).isEqualTo(m.path("senderAddress").asString());
            assertThat(c.path("action").asString()).isEqualTo("allow");
            pairs++;
        }
        assertThat(pairs).isPositive();
    }

    @Test
    void noBackgroundClickComesFromAnImpersonationSenderOrALookAlikeDomain() {
        Set<String> impersonators = new java.util.HashSet<>();
        for (TruthEvent e : EVENTS.get(LogType.IMPERSONATION)) impersonators.add(json(e).path("senderAddress").asString());
        Set<String> lookalikes = new java.util.HashSet<>();
        for (var l : io.maillake.simulator.gen.AccountProfileAccess.lookalikes(sim.account(0).domains())) lookalikes.add(l);
        for (TruthEvent e : EVENTS.get(LogType.URL)) {
            if (e.pattern().isPresent()) continue;
            String from = json(e).path("fromUserEmailAddress").asString("");
            assertThat(impersonators).doesNotContain(from);
            if (from.contains("@")) assertThat(lookalikes).doesNotContain(domain(from));
        }
        for (TruthEvent e : EVENTS.get(LogType.URL)) {
            if (pattern(e) != PlantedPattern.LOOKALIKE_SENDER) continue;
            assertThat(lookalikes).contains(domain(json(e).path("fromUserEmailAddress").asString()));
        }
    }
}
