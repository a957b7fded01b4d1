package io.maillake.detect;

import static io.maillake.detect.BuiltInRulesTest.malicious;
import static io.maillake.detect.DetectFixture.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.cli.Main;
import io.maillake.notify.WebhookDraft;
import io.maillake.notify.WebhookUrlPolicy;
import io.maillake.testing.WebhookReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code maillake detect --once} and {@code maillake rules ...} on the command line. */
class DetectCliTest {
    @TempDir Path dir;

    record Run(int exit, String out, String err) { }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void detectOnceRaisesDetectionsAndASecondRunChangesNothing() {
        try (DetectFixture f = new DetectFixture(dir.resolve("data"))) {
            f.land(malicious(click("ann@acmecorp.example", "http://bad.test/1", 0)));
        }
        Run first = run("detect", "--once");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("url-malicious-click-allowed").contains("1 new detections");
        Run second = run("detect", "--once");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("0 new detections, 0 updated, 0 evidence events stored");
        Run table = run("query", "select rule_id, status, len(event_uids) as n from detections", "--format", "csv");
        assertThat(table.out()).contains("url-malicious-click-allowed,new,1");
    }

    @Test
    void detectOnceSendsTheWebhookNotificationsOfWhatItFound() throws Exception {
        Map<String, String> env = Map.of(WebhookUrlPolicy.ALLOW_LOOPBACK_ENV, "true");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            try (DetectFixture f = new DetectFixture(dir.resolve("data"), Clock.systemUTC(), env)) {
                f.app.webhooks().save(f.tenant, new WebhookDraft(receiver.url("/in"), null, null, "high", true));
                f.land(malicious(click("ann@acmecorp.example", "http://bad.test/1", 0)));
            }
            Run first = run(env, "detect", "--once");
            assertThat(first.exit()).isZero();
            assertThat(first.out()).contains("1 new detections").contains("webhook notifications: 1 delivered, 0 to retry, 0 failed");
            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.text()).contains("ann@acmecorp.example"));

            try (DetectFixture f = new DetectFixture(dir.resolve("data"), "default", "int-2", Clock.systemUTC(), env)) {
                f.land(malicious(click("bob@acmecorp.example", "http://bad.test/2", 1)));
            }
            receiver.answer(503);
            Run second = run(env, "detect", "--once");
            assertThat(second.exit()).as("a notification to retry is not a failure of detect").isZero();
            assertThat(second.out()).contains("webhook notifications: 0 delivered, 1 to retry, 0 failed");
            assertThat(second.err()).contains("1 webhook notification not delivered yet").contains("the next detect --once or serve retries it");
            assertThat(run(env, "detect", "--once").out()).as("nothing due before the backoff").doesNotContain("webhook notifications");
        }
    }

    @Test
    void rulesListShowsTheBuiltInRulesWithTheirTechniques() {
        Run r = run("rules", "list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("url-malicious-click-allowed", "T1566.002", "impersonation-then-click", "campaign-sender-domain");
    }

    @Test
    void rulesValidateNamesWhatIsWrongAndAddsNothing() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, DetectionEngineTest.OWN_RULE.replace("severity: low", "severity: urgent"));
        Run r = run("rules", "validate", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("severity: 'urgent' is not one of");
        Files.writeString(bad, DetectionEngineTest.OWN_RULE.replace("name: PDF attachments\n", "").replace("description: x", ""));
        Run unnamed = run("rules", "validate", bad.toString());
        assertThat(unnamed.err()).as("the rule file's key, not the --name option").contains("  name: ").doesNotContain("--name");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, DetectionEngineTest.OWN_RULE);
        assertThat(run("rules", "validate", good.toString()).out()).contains("valid: big-pdf-from-anyone");
        assertThat(run("rules", "list").out()).doesNotContain("big-pdf-from-anyone");
        assertThat(run("rules", "add", good.toString()).exit()).isZero();
        assertThat(run("rules", "disable", "big-pdf-from-anyone").out()).contains("disabled: big-pdf-from-anyone");
        assertThat(run("rules", "list").out()).containsPattern("big-pdf-from-anyone\\s.*\\soff\\s+own\\s");
        assertThat(run("rules", "enable", "big-pdf-from-anyone").out()).contains("enabled: big-pdf-from-anyone");
        assertThat(run("rules", "list").out()).containsPattern("big-pdf-from-anyone\\s.*\\son\\s+own\\s");
    }
}
