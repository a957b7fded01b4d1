package io.maillake.detect;

import static io.maillake.detect.BuiltInRulesTest.malicious;
import static io.maillake.detect.BuiltInRulesTest.user;
import static io.maillake.detect.DetectFixture.attachment;
import static io.maillake.detect.DetectFixture.click;
import static io.maillake.detect.DetectFixture.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.InvalidInputException;
import io.maillake.lake.QueryResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The engine's cursor, idempotence, grouping, triage and the rule catalog, against the real lake. */
class DetectionEngineTest {
    @TempDir Path dir;

    /** A mixed backlog, landed as many small files: campaigns, clicks allowed, attachments released. */
    static void landBacklog(DetectFixture f) {
        for (int i = 0; i < 30; i++) {
            f.land(malicious(click(user(i % 7), "http://campaign.test/" + (i / 10), i * 3)).put("action", "block"),
                    malicious(click(user(i), "http://bad.test/" + i, i * 3 + 1)),
                    attachment(user(i), sha(i), i * 3 + 2).put("result", i % 3 == 0 ? "malicious" : "timeout")
                            .put("actionTriggered", "user release, none"),
                    click(user(i), "https://ok.example/" + i, i * 3 + 2));
        }
    }

    @Test
    void runningAgainWithNothingNewChangesNothing() {
        try (DetectFixture f = new DetectFixture(dir)) {
            landBacklog(f);
            DetectionEngine.Report first = f.detect();
            assertThat(first.newDetections()).isPositive();
            Map<String, Set<String>> before = f.evidenceByRule();
            DetectionEngine.Report again = f.detect();
            assertThat(again.steps()).isEmpty();
            assertThat(f.evidenceByRule()).isEqualTo(before);
        }
    }

    @Test
    void theResultDoesNotDependOnHowManyFilesEachStepEvaluates() {
        Map<String, Set<String>> oneStep;
        List<String> titles;
        try (DetectFixture f = new DetectFixture(dir.resolve("a"))) {
            landBacklog(f);
            assertThat(f.detect(1000).steps()).hasSize(1);
            oneStep = f.evidenceByRule();
            titles = f.all().stream().map(d -> d.detectionUid() + " " + d.title()).sorted().toList();
        }
        try (DetectFixture f = new DetectFixture(dir.resolve("b"))) {
            landBacklog(f);
            assertThat(f.detect(3).steps().size()).isGreaterThan(10);
            assertThat(f.evidenceByRule()).isEqualTo(oneStep);
            assertThat(f.all().stream().map(d -> d.detectionUid() + " " + d.title()).sorted().toList()).isEqualTo(titles);
        }
        assertThat(oneStep.keySet()).contains("campaign-url", "url-malicious-click-allowed", "attachment-malicious-delivered",
                "attachment-unscanned-delivered");
    }

    @Test
    void eventsSeenAgainAfterCompactionRaiseNothingTwiceAndEventsCompactedBeforeEvaluationAreNotLost() {
        try (DetectFixture f = new DetectFixture(dir)) {
            for (int i = 0; i < 10; i++) f.land(malicious(click(user(i), "http://bad.test/" + i, i)));
            f.detect();
            Map<String, Set<String>> before = f.evidenceByRule();
            // ten more files, not yet evaluated, then compaction merges all twenty into new files
            for (int i = 10; i < 20; i++) f.land(malicious(click(user(i), "http://bad.test/" + i, i)));
            assertThat(f.app.lake().compact()).isPositive();
            f.detect();
            Set<String> after = f.evidenceByRule().get("url-malicious-click-allowed");
            assertThat(after).hasSize(20).containsAll(before.get("url-malicious-click-allowed"));
            assertThat(f.detections("url-malicious-click-allowed")).hasSize(20);
        }
    }

    @Test
    void twoEnginesRacingCommitEachRangeOnce() throws Exception {
        try (DetectFixture f = new DetectFixture(dir)) {
            landBacklog(f);
            DetectionEngine a = f.app.detectionEngine(2);
            DetectionEngine b = f.app.detectionEngine(2);
            Thread t = Thread.ofPlatform().start(() -> a.runUntilCaughtUp(Duration.ofMinutes(2), DetectionEngine.Listener.NONE));
            b.runUntilCaughtUp(Duration.ofMinutes(2), DetectionEngine.Listener.NONE);
            t.join();
            Map<String, Set<String>> raced = f.evidenceByRule();
            try (DetectFixture clean = new DetectFixture(dir.resolve("clean"))) {
                landBacklog(clean);
                clean.detect();
                assertThat(raced).isEqualTo(clean.evidenceByRule());
            }
        }
    }

    @Test
    void aClosedDetectionTakesNoMoreEventsAndLaterOnesOpenANewDetection() {
        try (DetectFixture f = new DetectFixture(dir)) {
            f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.detect();
            Detection d = f.detections("url-malicious-click-allowed").getFirst();
            Detections service = f.app.detections();
            assertThatThrownBy(() -> service.setStatus(null, d.detectionUid(), Status.CLOSED, null, null, "analyst"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
            assertThat(service.setStatus(Set.of("another-tenant"), d.detectionUid(), Status.INVESTIGATING, null, null, "analyst")).isEmpty();
            assertThat(service.setStatus(null, d.detectionUid(), Status.INVESTIGATING, null, "looking", "analyst"))
                    .hasValueSatisfying(x -> assertThat(x.status()).isEqualTo(Status.INVESTIGATING));
            f.land(malicious(click(user(1), "http://bad.test/x", 30)));
            f.detect();
            assertThat(f.detections("url-malicious-click-allowed")).singleElement().satisfies(x -> assertThat(x.eventCount()).isEqualTo(2));
            service.setStatus(null, d.detectionUid(), Status.CLOSED, CloseReason.TRUE_POSITIVE, "user re-imaged", "analyst");
            f.land(malicious(click(user(1), "http://bad.test/x", 60)));
            f.detect();
            List<Detection> now = f.detections("url-malicious-click-allowed");
            assertThat(now).hasSize(2);
            assertThat(now).filteredOn(x -> x.status() == Status.NEW).singleElement().satisfies(x -> assertThat(x.eventCount()).isEqualTo(1));
            Detection.Detail closed = service.get(null, d.detectionUid()).orElseThrow();
            assertThat(closed.detection().closeReason()).isEqualTo(CloseReason.TRUE_POSITIVE);
            assertThat(closed.history()).extracting(Detection.StatusChange::status)
                    .containsExactly(Status.NEW, Status.INVESTIGATING, Status.CLOSED);
            assertThat(service.list(DetectionFilter.of(null).withStatuses(Set.of(Status.NEW)).withMinSeverity(Severity.HIGH))).hasSize(1);
            assertThat(service.list(DetectionFilter.of(Set.of("another-tenant")))).isEmpty();
        }
    }

    @Test
    void detectionsAreATableOfMaillakeQueryThatJoinsTheirEvents() {
        try (DetectFixture f = new DetectFixture(dir)) {
            List<String> uids = f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.detect();
            QueryResult r = f.app.queries().run("select d.rule_id, d.severity, d.mitre, d.status, e.url from detections d "
                    + "join email_events e on list_contains(d.event_uids, e.event_uid)", null, 100, Duration.ofMinutes(1));
            assertThat(r.rows()).containsExactly(List.of("url-malicious-click-allowed", "high", List.of("T1566.002", "T1204.001"), "new",
                    "http://bad.test/x"));
            QueryResult other = f.app.queries().run("select count(*) from detections", Set.of("another-tenant"), 1, Duration.ofMinutes(1));
            assertThat(((Number) other.rows().getFirst().getFirst()).longValue()).isZero();
            assertThat(uids).hasSize(1);
        }
    }

    static final String OWN_RULE = """
            id: big-pdf-from-anyone
            name: PDF attachments
            severity: low
            mitre: [T1566.001]
            title: "PDF {file_name} to {recipient}"
            where: log_type = 'attachment' AND file_type = 'application/pdf'
            """;

    @Test
    void aTenantsOwnRuleIsValidatedOnSaveAndSeesOnlyThatTenantsEvents() {
        try (DetectFixture f = new DetectFixture(dir); DetectFixture other = new DetectFixture(dir.resolve("unused"))) {
            Rules rules = f.app.rules();
            String otherTenant = f.app.store().createTenant("other").id();
            rules.save(f.tenant, OWN_RULE);
            assertThat(rules.list(f.tenant)).anySatisfy(v -> assertThat(v.rule().id()).isEqualTo("big-pdf-from-anyone"));
            assertThat(rules.list(otherTenant)).noneSatisfy(v -> assertThat(v.rule().id()).isEqualTo("big-pdf-from-anyone"));
            ObjectNode pdf = attachment(user(1), sha(1), 0);
            f.land(pdf);
            f.detect();
            assertThat(f.detections("big-pdf-from-anyone")).singleElement()
                    .satisfies(d -> assertThat(d.title()).isEqualTo("PDF Invoice_100.pdf to user1@acmecorp.example"));
            rules.setEnabled(f.tenant, "big-pdf-from-anyone", false);
            f.land(attachment(user(2), sha(2), 1));
            f.detect();
            assertThat(f.detections("big-pdf-from-anyone")).hasSize(1);
            assertThat(other).isNotNull();
        }
    }

    @Test
    void aTenantsCostlyRuleIsStoppedAtItsOwnTimeoutAndSetAsideWhileTheBuiltInsRun() {
        try (DetectFixture f = new DetectFixture(dir)) {
            f.app.rules().save(f.tenant, OWN_RULE.replace("file_type = 'application/pdf'",
                    "(SELECT count(*) FROM range(100000000000)) > 0"));
            f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.land(attachment(user(2), sha(2), 1));
            DetectionEngine engine = f.app.detectionEngine(DetectionEngine.DEFAULT_CHUNK_FILES, Duration.ofSeconds(2));
            long start = System.nanoTime();
            DetectionEngine.Report report = engine.runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped at its 2 s, not the built-ins' 10 min")
                    .isLessThan(Duration.ofMinutes(2));
            assertThat(report.failures()).anySatisfy(m -> assertThat(m).startsWith("big-pdf-from-anyone: ").contains("timeout"));
            assertThat(f.detections("url-malicious-click-allowed")).hasSize(1);
        }
    }

    @Test
    void invalidOrHostileRulesAreRefusedWithTheReason() {
        try (DetectFixture f = new DetectFixture(dir)) {
            Rules rules = f.app.rules();
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("severity: low", "severity: urgent")))
                    .hasMessageContaining("severity: 'urgent'");
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("T1566.001", "phishing")))
                    .hasMessageContaining("mitre: 'phishing'");
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE + "colour: red\n")).hasMessageContaining("colour: unknown key");
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("file_type =", "no_such_column =")))
                    .hasMessageContaining("where: the rule's SQL does not run");
            String pair = OWN_RULE + "followed_by:\n  where: log_type = 'url' AND nosuch = 1\n  on: a.recipient = b.recipient\n  within: PT1H\n";
            assertThatThrownBy(() -> rules.save(f.tenant, pair)).hasMessageContaining("followed_by.where: the rule's SQL does not run");
            assertThatThrownBy(() -> rules.save(f.tenant, pair.replace("AND nosuch = 1", "").replace("a.recipient = b.recipient", "a.nosuch = b.recipient")))
                    .hasMessageContaining("followed_by.on: the rule's SQL does not run");
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("file_type = 'application/pdf'",
                    "true); COPY (SELECT 1) TO '/tmp/x.csv'; SELECT (1")))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("file_type = 'application/pdf'",
                    "EXISTS (SELECT * FROM read_csv('/etc/passwd'))")))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> rules.save(f.tenant, OWN_RULE.replace("big-pdf-from-anyone", "campaign-url")))
                    .hasMessageContaining("built-in");
            assertThat(rules.list(f.tenant)).noneSatisfy(v -> assertThat(v.rule().builtIn()).isFalse());
        }
    }

    @Test
    void aStoredRuleThatNoLongerParsesIsListedWithTheReasonAndTheOtherRulesRun() {
        try (DetectFixture f = new DetectFixture(dir)) {
            Rules rules = f.app.rules();
            rules.save(f.tenant, OWN_RULE);
            // as if saved by a version whose rule format accepted it
            DetectionStore same = new DetectionStore(f.app.dataDir().resolve("detections.db"), java.time.Clock.systemUTC());
            same.saveCustomRule(f.tenant, "big-pdf-from-anyone", OWN_RULE.replace("severity: low", "severity: urgent"));
            same.close();
            assertThat(rules.list(f.tenant)).filteredOn(v -> v.rule().id().equals("big-pdf-from-anyone")).singleElement()
                    .satisfies(v -> assertThat(v.lastFailure()).contains("no longer parses").contains("severity"));
            f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.land(attachment(user(2), sha(2), 1));
            f.detect();
            assertThat(f.detections("url-malicious-click-allowed")).hasSize(1);
            assertThat(f.detections("big-pdf-from-anyone")).isEmpty();
            rules.setEnabled(f.tenant, "big-pdf-from-anyone", false);
            assertThat(rules.delete(f.tenant, "big-pdf-from-anyone")).isTrue();
            assertThat(rules.list(f.tenant)).noneSatisfy(v -> assertThat(v.rule().id()).isEqualTo("big-pdf-from-anyone"));
        }
    }

    @Test
    void evidenceRemembersItsIntegrationForCountsAndFiltersPerIntegration() {
        try (DetectFixture f = new DetectFixture(dir)) {
            f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.land(attachment(user(2), sha(2), 1));
            f.detect();
            long all = f.app.detections().count(DetectionFilter.of(null));
            assertThat(all).isPositive();
            assertThat(f.app.detections().openByIntegration(f.tenant)).containsOnlyKeys("int-1").containsEntry("int-1", all);
            assertThat(f.app.detections().count(DetectionFilter.of(null).withIntegration("int-1"))).isEqualTo(all);
            assertThat(f.app.detections().count(DetectionFilter.of(null).withIntegration("int-2"))).isZero();
        }
    }

    @Test
    void aTenantCanSwitchABuiltInRuleOffForItselfOnly() {
        try (DetectFixture f = new DetectFixture(dir)) {
            f.app.rules().setEnabled(f.tenant, "url-malicious-click-allowed", false);
            f.land(malicious(click(user(1), "http://bad.test/x", 0)));
            f.detect();
            assertThat(f.detections("url-malicious-click-allowed")).isEmpty();
            assertThatThrownBy(() -> f.app.rules().setEnabled(f.tenant, "no-such-rule", false)).hasMessageContaining("no rule");
        }
    }
}
