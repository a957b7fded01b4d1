package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.detect.DetectionEngine;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.testing.WebhookReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Detections in a real headless Chromium, as an analyst triages them: events collected from the
 * simulator with threats planted, the rules evaluated ({@code detect --once}), then the Detections
 * page, a detection's evidence, a pivot to Search, closing it with a reason, the Rules page and the
 * Webhook page. Saves {@code detections.png}, {@code detection-detail.png}, {@code rules.png} and
 * {@code webhook.png} in {@code docs/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetectionsBrowserTest {
    @TempDir static Path dir;
    @TempDir static Path profile;
    static MimecastSimulator sim;
    static Maillake app;
    static WebServer web;
    static Browser b;
    static DetectionEngine.Report detected;
    static String detail;

    @BeforeAll
    static void start() throws Exception {
        sim = Sims.startWithThreats(1);
        app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true", "MAILLAKE_WEBHOOK_ALLOW_LOOPBACK", "true"), Clock.systemUTC());
        StringWriter printed = new StringWriter();
        FirstStart.announce(app, new PrintWriter(printed));
        Matcher m = Pattern.compile("as 'admin' with the password (\\S+)").matcher(printed.toString());
        assertThat(m.find()).isTrue();
        Sims.networks(app, "default", sim, 0);
        var k = sim.account(0).api2();
        app.integrations().add("default", new io.maillake.domain.IntegrationDraft("Contoso", "", sim.baseUrl().toString(), null, null, null,
                null, k.clientId(), k.clientSecret(), List.of("url", "impersonation", "attachment"), true));
        Sims.collect(app);
        detected = Sims.detect(app);
        web = WebServer.start(app, "127.0.0.1", 0, new WebServer.Settings(null));
        b = new Browser("http://127.0.0.1:" + web.port(), profile);
        b.logIn("admin", m.group(1));
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (web != null) web.close();
        if (app != null) app.close();
        if (sim != null) sim.close();
    }

    @Test
    @Order(1)
    void theDetectionsPageListsWhatTheRulesFoundNewestFirst() throws Exception {
        assertThat(detected.newDetections()).isPositive();
        b.open("/t/default/integrations");
        assertThat(b.text("#open-count")).isEqualTo(String.valueOf(detected.newDetections()));
        b.find("#view-detections").click();
        b.waitForPath("/t/default/detections");
        List<WebElement> rows = b.all("#detections tbody tr");
        assertThat(rows).hasSize(Math.min(detected.newDetections(), 50));
        assertThat(b.text("#detections-summary")).startsWith(detected.newDetections() + " detection");
        assertThat(b.all("#detections .badge.sev-high")).isNotEmpty();
        assertThat(b.all("#detections .badge.st-new")).hasSize(rows.size());
        b.screenshot("detections");

        b.choose("#severity", "high");
        b.choose("#rule", "url-malicious-click-allowed");
        b.find("#filter").click();
        b.wait.until(d -> d.getCurrentUrl().contains("rule=url-malicious-click-allowed"));
        rows = b.all("#detections tbody tr");
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getAttribute("data-rule")).isEqualTo("url-malicious-click-allowed"));
        detail = rows.get(0).findElement(By.cssSelector("td.title a")).getAttribute("href");
    }

    @Test
    @Order(2)
    void aDetectionShowsItsEvidenceEventsAndTechniques() throws Exception {
        b.driver.get(detail);
        b.find("#evidence");
        List<WebElement> events = b.all("#evidence tbody tr");
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).getText()).contains("url").contains("malicious");
        assertThat(b.all("#mitre a")).extracting(WebElement::getText).contains("T1566.002", "T1204.001");
        assertThat(b.find("#mitre a").getAttribute("href")).isEqualTo("https://attack.mitre.org/techniques/T1566/002/");
        assertThat(b.text("#rule-description")).contains("malicious");
        assertThat(b.text("#history")).contains("engine");
        assertThat(b.all("#pivots a.pivot")).isNotEmpty();
        b.screenshot("detection-detail");
    }

    @Test
    @Order(3)
    void aPivotOpensSearchWithTheEventsOfThatRecipient() {
        WebElement recipient = b.find("#evidence tbody tr td:nth-child(5) a");
        String who = recipient.getText();
        recipient.click();
        b.waitForPath("/t/default/search");
        assertThat(b.find("#q").getAttribute("value")).contains("recipient = '" + who + "'");
        assertThat(b.all("#results tbody tr")).isNotEmpty();
        assertThat(b.text("#results")).contains(who);

        b.driver.get(detail);
        b.find("#evidence-search").click();
        b.waitForPath("/t/default/search");
        assertThat(b.find("#q").getAttribute("value")).contains("FROM detections WHERE detection_uid = 'det-");
        assertThat(b.all("#results tbody tr")).isNotEmpty();
        assertThat(b.text("#results")).contains("malicious");
    }

    @Test
    @Order(4)
    void closingADetectionNeedsAReasonAndIsKeptInItsHistory() {
        b.driver.get(detail);
        b.choose("#triage-status", "closed");
        b.find("#save-status").click();
        assertThat(b.text("#error-reason")).contains("closing needs a reason");
        b.choose("#triage-reason", "false_positive");
        b.type("#triage-note", "The user's browser isolation caught it; checked with the user.");
        b.find("#save-status").click();
        assertThat(b.text(".notice")).isEqualTo("Detection updated.");
        assertThat(b.text("#detection-status")).isEqualTo("Closed");
        assertThat(b.text("#close-reason")).isEqualTo("False positive");
        assertThat(b.text("#history")).contains("False positive").contains("admin").contains("browser isolation");

        String uid = detail.substring(detail.lastIndexOf('/') + 1);
        b.open("/t/default/detections");
        assertThat(b.all("#detections tbody tr[data-uid='" + uid + "']")).isEmpty();
        b.open("/t/default/detections?status=closed");
        assertThat(b.find("#detections tbody tr[data-uid='" + uid + "']").getText()).contains("Closed").contains("False positive");
    }

    @Test
    @Order(5)
    void theRulesPageSwitchesRulesAndAddsOneWithItsErrorsInline() throws Exception {
        b.open("/t/default/detections");
        b.find("#rules-link").click();
        b.waitForPath("/t/default/rules");
        assertThat(b.all("#rules tbody tr")).hasSizeGreaterThanOrEqualTo(11);
        b.find("#rule-campaign-url button.toggle").click();
        assertThat(b.text(".notice")).contains("Rule disabled");
        assertThat(b.text("#rule-campaign-url .rule-state")).isEqualTo("Disabled");

        b.find("#add-rule > summary").click();
        String rule = b.find("#rule-source").getAttribute("value");
        b.type("#rule-source", rule.replace("severity: medium", "severity: urgent").replace("lower(subject)", "lower(subjekt)"));
        b.find("#save-rule").click();
        assertThat(b.text("#rule-errors li[data-field='severity']")).contains("urgent");
        assertThat(b.find("#rule-source").getAttribute("value")).contains("severity: urgent");
        b.screenshot("rules");

        b.type("#rule-source", rule.replace("lower(subject)", "lower(subjekt)"));
        b.find("#validate-rule").click();
        assertThat(b.text("#rule-errors li[data-field='where']")).contains("does not run");
        b.type("#rule-source", rule);
        b.find("#validate-rule").click();
        assertThat(b.text("#rule-valid")).contains("payroll-link-clicked");
        b.find("#save-rule").click();
        assertThat(b.text(".notice")).contains("Rule saved");
        assertThat(b.text("#rule-payroll-link-clicked")).contains("Own rule").contains("Enabled");
        assertThat(app.rules().list("default")).anyMatch(v -> v.rule().id().equals("payroll-link-clicked") && !v.rule().builtIn());
    }

    @Test
    @Order(6)
    void anAdministratorSetsUpTheWebhookFromTheDetectionsPageAndSendsATest() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            b.open("/t/default/detections");
            b.find("#webhook-link").click();
            b.waitForPath("/t/default/webhook");
            b.type("#url", "http://soar.example.com/in");
            b.type("#secret", "short");
            b.find("#save-webhook").click();
            assertThat(b.text("#error-url")).contains("must start with https://");
            assertThat(b.text("#error-secret")).contains("at least 16 characters");
            assertThat(b.find("#secret").getAttribute("value")).as("the secret is not sent back").isEmpty();

            b.type("#url", receiver.url("/hooks/maillake"));
            b.type("#secret", "a-secret-the-soar-knows-too");
            b.choose("#minSeverity", "high");
            b.find("#save-webhook").click();
            assertThat(b.text(".notice")).contains("Webhook saved");
            assertThat(b.text("#webhook-state")).isEqualTo("Enabled");
            assertThat(b.find("#secret").getAttribute("placeholder")).contains("leave empty to keep it");

            b.find("#send-test").click();
            assertThat(b.text("#test-result")).contains("delivered: the receiver answered HTTP 200");
            assertThat(b.text("#last-attempt")).contains("Delivered");
            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signedWith("a-secret-the-soar-knows-too")).isTrue());
            b.screenshot("webhook");
        }
    }
}
