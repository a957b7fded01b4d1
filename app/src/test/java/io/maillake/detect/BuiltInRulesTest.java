package io.maillake.detect;

import static io.maillake.detect.DetectFixture.attachment;
import static io.maillake.detect.DetectFixture.click;
import static io.maillake.detect.DetectFixture.impersonation;
import static io.maillake.detect.DetectFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Each built-in rule, with events that must fire it and near misses that must not. */
class BuiltInRulesTest {
    static final String ANN = "ann@acmecorp.example";
    static final String BOB = "bob@acmecorp.example";

    @TempDir Path dir;
    DetectFixture f;

    @BeforeEach
    void open() {
        f = new DetectFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    static ObjectNode malicious(ObjectNode click) {
        return click.put("scanResult", "malicious").put("category", "Phishing & Fraud");
    }

    static String user(int i) {
        return "user" + i + "@acmecorp.example";
    }

    /** The evidence of the rule, over all its detections. */
    private Set<String> evidence(String rule) {
        return f.evidenceByRule().getOrDefault(rule, Set.of());
    }

    @Test
    void aMaliciousClickThatWasAllowedOrClickedThroughTheWarningFires() {
        List<String> fire = f.land(malicious(click(ANN, "http://bad.test/1", 0)),
                malicious(click(BOB, "http://bad.test/2", 1)).put("action", "warn").put("userAwarenessAction", "Continue")
                        .put("userOverride", "Continue"));
        f.land(malicious(click(ANN, "http://bad.test/3", 2)).put("action", "warn").put("actions", "None"),
                malicious(click(ANN, "http://bad.test/4", 3)).put("action", "block").put("actions", "Block"),
                click(ANN, "https://ok.example/5", 4).put("userAwarenessAction", "Continue"),
                malicious(click(ANN, "http://bad.test/6", 5)).put("actions", "Browser Isolation"),
                malicious(click(ANN, "http://bad.test/7", 6)).put("adminOverride", "Allow"));
        f.detect();
        assertThat(evidence("url-malicious-click-allowed")).containsExactlyInAnyOrderElementsOf(fire);
        Detection d = f.detections("url-malicious-click-allowed").stream().filter(x -> x.title().contains("bad.test/2")).findFirst().orElseThrow();
        assertThat(d.title()).isEqualTo("bob@acmecorp.example reached malicious URL http://bad.test/2");
        assertThat(d.severity()).isEqualTo(Severity.HIGH);
        assertThat(d.mitre()).contains("T1566.002");
    }

    @Test
    void mimecastsValuesInCapitalsFireAsTheirLowerCaseDo() {
        List<String> clicks = f.land(click(ANN, "http://bad.test/c1", 0).put("scanResult", "Malicious").put("action", "Allow"),
                click(BOB, "http://bad.test/c2", 1).put("scanResult", "MALICIOUS"));
        List<String> attachments = f.land(attachment(ANN, sha(11), 2).put("result", "Malicious").put("actionTriggered", "User Release"));
        List<String> unscanned = f.land(attachment(BOB, sha(12), 3).put("result", "Timeout").put("actionTriggered", "Admin Release, None"));
        List<String> impersonations = f.land(impersonation("ceo@acmec0rp.example", ANN, 4).put("taggedMalicious", true).put("action", "None"));
        f.land(click(ANN, "http://bad.test/c3", 5).put("scanResult", "Malicious").put("action", "Block").put("actions", "Block"),
                impersonation("ceo@acmec0rp.example", BOB, 6).put("taggedMalicious", true).put("action", "Hold"));
        f.detect();
        assertThat(evidence("url-malicious-click-allowed")).containsExactlyInAnyOrderElementsOf(clicks);
        assertThat(evidence("attachment-malicious-delivered")).containsExactlyElementsOf(attachments);
        assertThat(evidence("attachment-unscanned-delivered")).containsExactlyElementsOf(unscanned);
        assertThat(evidence("impersonation-malicious-delivered")).containsExactlyElementsOf(impersonations);
    }

    @Test
    void anAdminOverrideOnAMaliciousUrlFiresAndOnACleanOneDoesNot() {
        List<String> fire = f.land(malicious(click(ANN, "http://bad.test/1", 0)).put("adminOverride", "Allow"));
        f.land(click(ANN, "https://ok.example/1", 1).put("adminOverride", "Allow"), malicious(click(ANN, "http://bad.test/2", 2))
                .put("action", "block"));
        f.detect();
        assertThat(evidence("url-admin-override")).containsExactlyElementsOf(fire);
    }

    @Test
    void aMaliciousAttachmentReleasedFiresAndOneBlockedDoesNot() {
        List<String> fire = f.land(attachment(ANN, sha(1), 0).put("result", "malicious").put("actionTriggered", "user release, none"),
                attachment(BOB, sha(2), 1).put("result", "malicious").put("actionTriggered", "admin release, none"));
        f.land(attachment(ANN, sha(3), 2).put("result", "malicious").put("actionTriggered", "none"),
                attachment(ANN, sha(4), 3).put("actionTriggered", "user release, none"));
        f.detect();
        assertThat(evidence("attachment-malicious-delivered")).containsExactlyInAnyOrderElementsOf(fire);
    }

    @Test
    void aSandboxTimeoutOrErrorReleasedFiresAndOneNotReleasedDoesNot() {
        List<String> fire = f.land(attachment(ANN, sha(1), 0).put("result", "timeout").put("actionTriggered", "admin release, none"),
                attachment(BOB, sha(2), 1).put("result", "error").put("actionTriggered", "user release, none"));
        f.land(attachment(ANN, sha(3), 2).put("result", "timeout").put("actionTriggered", "none, none"),
                attachment(ANN, sha(4), 3).put("result", "error").put("actionTriggered", "none"),
                attachment(ANN, sha(5), 4).put("actionTriggered", "user release, none"));
        f.detect();
        assertThat(evidence("attachment-unscanned-delivered")).containsExactlyInAnyOrderElementsOf(fire);
    }

    @Test
    void anImpersonationTaggedMaliciousAndDeliveredFiresAndOneHeldDoesNot() {
        List<String> fire = f.land(impersonation("ceo@acmec0rp.example", ANN, 0).put("taggedMalicious", true).put("action", "none"));
        f.land(impersonation("ceo@acmec0rp.example", BOB, 1).put("taggedMalicious", true).put("action", "hold"),
                impersonation("hr@newvendor.example", BOB, 2).put("action", "none"));
        f.detect();
        assertThat(evidence("impersonation-malicious-delivered")).containsExactlyElementsOf(fire);
    }

    @Test
    void fiveRecipientsClickingOneMaliciousUrlWithinAnHourAreOneCampaignThatLaterClicksJoin() {
        String url = "http://campaign.test/x";
        List<String> first = f.land(malicious(click(user(1), url, 0)).put("action", "block"),
                malicious(click(user(2), url, 10)).put("action", "block"), malicious(click(user(3), url, 20)).put("action", "block"));
        f.detect();
        assertThat(f.detections("campaign-url")).as("three recipients are no campaign yet").isEmpty();
        List<String> second = f.land(malicious(click(user(4), url, 40)).put("action", "block"),
                malicious(click(user(5), url, 55)).put("action", "block"));
        f.detect();
        List<Detection> d = f.detections("campaign-url");
        assertThat(d).hasSize(1);
        assertThat(f.evidence(d.getFirst())).containsExactlyInAnyOrderElementsOf(concat(first, second));
        assertThat(d.getFirst().title()).isEqualTo("Campaign: malicious URL http://campaign.test/x clicked by 5 recipients");
        List<String> later = f.land(malicious(click(user(6), url, 70)).put("action", "block"));
        f.detect();
        assertThat(f.detections("campaign-url")).singleElement().satisfies(x -> {
            assertThat(x.eventCount()).isEqualTo(6);
            assertThat(x.recipientCount()).isEqualTo(6);
            assertThat(f.evidence(x)).containsAll(later);
        });
    }

    @Test
    void afterACampaignIsClosedOneLateClickOpensNothingButFiveNewRecipientsAreANewCampaign() {
        String url = "http://campaign.test/closed";
        List<String> first = f.land(java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> malicious(click(user(i), url, i)).put("action", "block")).toArray(ObjectNode[]::new));
        f.detect();
        Detection campaign = f.detections("campaign-url").getFirst();
        f.app.detections().setStatus(null, campaign.detectionUid(), Status.CLOSED, CloseReason.TRUE_POSITIVE, "blocked at the proxy", "analyst");

        f.land(malicious(click(user(6), url, 30)).put("action", "block"));
        f.detect();
        assertThat(f.detections("campaign-url")).as("one late click of a closed campaign is no new campaign").singleElement()
                .satisfies(d -> assertThat(f.evidence(d)).containsExactlyInAnyOrderElementsOf(first));

        List<String> again = f.land(java.util.stream.IntStream.rangeClosed(7, 11)
                .mapToObj(i -> malicious(click(user(i), url, 100 + i)).put("action", "block")).toArray(ObjectNode[]::new));
        f.detect();
        List<Detection> now = f.detections("campaign-url");
        assertThat(now).hasSize(2);
        assertThat(now).filteredOn(d -> d.status() == Status.NEW).singleElement()
                .satisfies(d -> assertThat(f.evidence(d)).containsExactlyInAnyOrderElementsOf(again));
    }

    @Test
    void fewerRecipientsRepeatedClicksSlowClicksOrACleanUrlAreNoCampaign() {
        String four = "http://four.test/x";
        String repeat = "http://repeat.test/x";
        String slow = "http://slow.test/x";
        for (int i = 1; i <= 4; i++) f.land(malicious(click(user(i), four, i)));
        for (int i = 1; i <= 6; i++) f.land(malicious(click(user(i % 4), repeat, i)));
        for (int i = 1; i <= 6; i++) f.land(malicious(click(user(i), slow, i * 25)));
        for (int i = 1; i <= 6; i++) f.land(click(user(i), "https://newsletter.example/x", i));
        f.detect();
        assertThat(f.detections("campaign-url")).isEmpty();
    }

    @Test
    void oneMaliciousFileReachingFiveRecipientsWithinAnHourIsACampaign() {
        List<String> fire = f.land(java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> attachment(user(i), sha(7), i).put("result", "malicious").put("senderAddress", "x" + i + "@bad" + i + ".test"))
                .toArray(ObjectNode[]::new));
        f.land(java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(i -> attachment(user(i), sha(8), i)).toArray(ObjectNode[]::new));
        f.land(java.util.stream.IntStream.rangeClosed(1, 4)
                .mapToObj(i -> attachment(user(i), sha(9), i).put("result", "malicious")).toArray(ObjectNode[]::new));
        f.detect();
        assertThat(evidence("campaign-file-hash")).containsExactlyInAnyOrderElementsOf(fire);
        assertThat(f.detections("campaign-file-hash")).singleElement().satisfies(d -> assertThat(d.title()).contains(sha(7)).doesNotContain("{"));
    }

    @Test
    void oneSenderDomainSendingMaliciousLinksToFiveRecipientsIsACampaign() {
        List<String> fire = f.land(java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> malicious(click(user(i), "http://x.test/" + i, i)).put("action", "block")
                        .put("fromUserEmailAddress", "agent" + i + "@wire-confirm.test")).toArray(ObjectNode[]::new));
        f.land(java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> malicious(click(user(i), "http://y.test/" + i, i)).put("action", "block")
                        .put("fromUserEmailAddress", "agent@fresh" + i + ".test")).toArray(ObjectNode[]::new));
        f.land(java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> click(user(i), "https://ok.example/" + i, i).put("fromUserEmailAddress", "news@shop.example")).toArray(ObjectNode[]::new));
        f.detect();
        assertThat(evidence("campaign-sender-domain")).containsExactlyInAnyOrderElementsOf(fire);
        assertThat(f.detections("campaign-sender-domain")).singleElement()
                .satisfies(d -> assertThat(d.title()).isEqualTo("Campaign: wire-confirm.test sent malicious content to 5 recipients"));
    }

    @Test
    void maliciousContentOnTheInternalRouteFiresWhateverHappenedToIt() {
        List<String> fire = f.land(malicious(click(ANN, "http://bad.test/i", 0)).put("route", "internal").put("action", "block")
                        .put("fromUserEmailAddress", BOB).put("sendingIp", "Internal IP"),
                attachment(ANN, sha(1), 1).put("result", "malicious").put("route", "internal").put("senderAddress", BOB));
        f.land(malicious(click(ANN, "http://bad.test/o", 2)).put("action", "block"),
                click(ANN, "https://ok.example/i", 3).put("route", "internal").put("fromUserEmailAddress", BOB),
                attachment(ANN, sha(2), 4).put("route", "internal").put("senderAddress", BOB));
        f.detect();
        assertThat(evidence("internal-route-malicious")).containsExactlyInAnyOrderElementsOf(fire);
        assertThat(f.detections("internal-route-malicious")).singleElement()
                .satisfies(d -> assertThat(d.title()).startsWith("Internal phishing from bob@acmecorp.example"));
    }

    @Test
    void senderDomainsImitatingAnOwnDomainFireAndOwnOrUnrelatedDomainsDoNot() {
        List<String> fire = f.land(click(ANN, "https://ok.example/1", 0).put("fromUserEmailAddress", "it@acrnecorp.example"),
                click(ANN, "https://ok.example/2", 1).put("fromUserEmailAddress", "it@acmecorp-secure.example"),
                click(ANN, "https://ok.example/3", 2).put("fromUserEmailAddress", "it@acmecorp.test"),
                click(ANN, "https://ok.example/4", 3).put("fromUserEmailAddress", "it@acmecrop.example"),
                // Cyrillic "а" in place of the Latin one, as punycode: xn--cmecorp-...
                attachment(ANN, sha(1), 4).put("senderAddress", "billing@" + java.net.IDN.toASCII("\u0430cmecorp.example")));
        f.land(click(ANN, "https://ok.example/5", 5).put("fromUserEmailAddress", BOB),
                click(ANN, "https://ok.example/6", 6).put("fromUserEmailAddress", "it@mail.acmecorp.example"),
                click(ANN, "https://ok.example/7", 7).put("fromUserEmailAddress", "news@contoso.example.com"),
                click(ANN, "https://ok.example/8", 8).put("fromUserEmailAddress", "news@macrocorp.example"),
                attachment(ANN, sha(2), 9).put("senderAddress", "<>"));
        f.detect();
        assertThat(evidence("lookalike-sender-domain")).containsExactlyInAnyOrderElementsOf(fire);
        assertThat(f.detections("lookalike-sender-domain")).anySatisfy(d ->
                assertThat(d.title()).isEqualTo("Look-alike sender domain acrnecorp.example imitates acmecorp.example"));
    }

    @Test
    void aClickOfTheRecipientOfADeliveredImpersonationWithinAnHourFiresAcrossBatches() {
        String boss = "jane.doe.123@freemail.example";
        List<String> message = f.land(impersonation(boss, ANN, 0).put("action", "none"));
        f.detect();
        List<String> clicked = f.land(click(ANN, "https://docs.example/s/1", 10).put("fromUserEmailAddress", boss));
        f.detect();
        assertThat(evidence("impersonation-then-click")).containsExactlyInAnyOrderElementsOf(concat(message, clicked));
        assertThat(f.detections("impersonation-then-click")).singleElement().satisfies(d ->
                assertThat(d.title()).isEqualTo("ann@acmecorp.example clicked a link after an impersonation attempt from " + boss));
    }

    @Test
    void pairsWhoseEvidenceIdsFillMoreThanAUsersQueryMayHoldAreAllFound() {
        // 1,600 pairs: 3,200 event ids to look up, over 100,000 characters of SQL, a user query's limit
        int pairs = 1_600;
        List<ObjectNode> records = new java.util.ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String boss = "boss" + i + "@freemail.example";
            records.add(impersonation(boss, user(i), i % 40).put("action", "none"));
            records.add(click(user(i), "https://docs.example/s/" + i, i % 40 + 10).put("fromUserEmailAddress", boss));
        }
        f.land(records.toArray(ObjectNode[]::new));
        DetectionEngine.Report r = f.detect();
        assertThat(r.failures()).isEmpty();
        assertThat(r.evidenceByRule()).containsEntry("impersonation-then-click", 2 * pairs);
        int detections = 0;
        for (int offset = 0; offset < 2 * pairs; offset += 1000) {
            detections += f.app.detections().list(DetectionFilter.of(null).withRule("impersonation-then-click").page(1000, offset)).size();
        }
        assertThat(detections).isEqualTo(pairs);
    }

    @Test
    void clicksByOthersTooLateBeforeBlockedOrAfterAHeldMessageDoNotFire() {
        String boss = "jane.doe.123@freemail.example";
        f.land(impersonation(boss, ANN, 100).put("action", "none"), impersonation(boss, BOB, 100));
        f.land(click(BOB, "https://docs.example/1", 110).put("fromUserEmailAddress", boss), // message to BOB was held
                click("carl@acmecorp.example", "https://docs.example/2", 110).put("fromUserEmailAddress", boss),
                click(ANN, "https://docs.example/3", 200).put("fromUserEmailAddress", boss),
                click(ANN, "https://docs.example/4", 90).put("fromUserEmailAddress", boss),
                click(ANN, "https://docs.example/5", 110).put("fromUserEmailAddress", boss).put("action", "block").put("actions", "Block"),
                click(ANN, "https://docs.example/6", 110).put("fromUserEmailAddress", "other@contoso.example.com"));
        f.detect();
        assertThat(f.detections("impersonation-then-click")).isEmpty();
    }

    @Test
    void everyBuiltInRuleHasMitreTechniquesAndADescription() {
        assertThat(f.app.rules().builtIn()).hasSize(11).allSatisfy(r -> {
            assertThat(r.mitre()).isNotEmpty();
            assertThat(r.description()).isNotBlank();
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
