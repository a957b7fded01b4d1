package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.detect.Detection;
import io.maillake.detect.DetectionFilter;
import io.maillake.domain.Tenant;
import io.maillake.simulator.MimecastSimulator;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The detections REST API and pages on a real server, over detections the engine raised from
 * events collected from the simulator (patterns planted): filters and paging, evidence read from
 * the lake, triage with close reasons, tenant isolation and CSRF.
 */
class DetectionsApiTest {
    @TempDir static Path dir;
    static MimecastSimulator sim;
    static Server server;
    static Tenant alpha;
    static Tenant bravo;
    static io.maillake.domain.Integration alphaMimecast;
    static io.maillake.domain.Integration bravoMimecast;
    static Client alphaAdmin;
    static Client alphaAnalyst;
    static Client alphaScript;

    @BeforeAll
    static void start() {
        sim = Sims.startWithThreats(2);
        server = new Server(dir);
        Server.TwoTenants two = server.twoTenants();
        alpha = two.alpha();
        bravo = two.bravo();
        Sims.networks(server.app, alpha.id(), sim, 0);
        Sims.networks(server.app, bravo.id(), sim, 1);
        alphaMimecast = server.api2(alpha.id(), "Alpha Mimecast", sim, 0);
        bravoMimecast = server.api1(bravo.id(), "Bravo Mimecast", sim, 1);
        Sims.collect(server.app);
        // the same id in both tenants: Alpha's fails on Alpha's data (a subject is not a number), Bravo's works
        server.app.rules().save(alpha.id(), ownRule("where: \"log_type = 'url' AND CAST(subject AS INTEGER) > 0\""));
        server.app.rules().save(bravo.id(), ownRule("where: \"log_type = 'url' AND subject = 'no such subject'\""));
        Sims.detect(server.app);
        alphaAdmin = server.loggedIn("alpha-admin");
        alphaAnalyst = server.loggedIn("alpha-analyst");
        String token = Client.between(alphaAdmin.post("/account/tokens", Map.of("name", "soar")).body(), "id=\"new-token\">", "</code>");
        alphaScript = Client.bearer(server.port, token);
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
    }

    static String ownRule(String where) {
        return "id: shared-id\nname: Own rule\nseverity: low\nmitre: [T1566]\ntitle: \"{recipient}\"\n" + where + "\n";
    }

    static JsonNode json(Client.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return Json.MAPPER.readTree(r.body());
    }

    static List<Detection> of(Tenant t, String ruleId) {
        return server.app.detections().list(DetectionFilter.of(Set.of(t.id())).withRule(ruleId).page(1000, 0));
    }

    static List<String> field(JsonNode detections, String name) {
        List<String> out = new ArrayList<>();
        detections.forEach(d -> out.add(d.get(name).asString()));
        return out;
    }

    @Test
    void aTenantsDetectionsAreListedNewestFirstFilteredAndPaged() {
        JsonNode all = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?limit=1000"));
        long total = all.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(5).isEqualTo(all.get("detections").size());
        assertThat(field(all.get("detections"), "tenantId")).containsOnly(alpha.id());
        List<Instant> lastSeen = field(all.get("detections"), "lastSeen").stream().map(Instant::parse).toList();
        assertThat(lastSeen).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode high = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?severity=high&limit=1000"));
        assertThat(field(high.get("detections"), "severity")).isNotEmpty().allMatch(s -> s.equals("high") || s.equals("critical"));
        JsonNode clicks = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?rule=url-malicious-click-allowed"));
        assertThat(clicks.get("total").asLong()).isEqualTo(of(alpha, "url-malicious-click-allowed").size()).isPositive();
        assertThat(field(clicks.get("detections"), "ruleId")).containsOnly("url-malicious-click-allowed");
        assertThat(clicks.get("detections").get(0).get("mitre").get(0).asString()).isEqualTo("T1566.002");

        String word = all.get("detections").get(0).get("title").asString().split(" ")[0];
        JsonNode byText = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?q=" + Client.enc(word.toUpperCase())));
        assertThat(field(byText.get("detections"), "title")).isNotEmpty().allMatch(t -> t.toLowerCase().contains(word.toLowerCase()));
        assertThat(json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?since=2099-01-01")).get("total").asLong()).isZero();
        assertThat(json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?until=2000-01-01T00:00:00Z")).get("total").asLong()).isZero();

        JsonNode first = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?limit=2"));
        JsonNode second = json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?limit=2&offset=2"));
        assertThat(first.get("total").asLong()).isEqualTo(total);
        assertThat(field(first.get("detections"), "detectionUid")).hasSize(2);
        List<String> four = new ArrayList<>(field(first.get("detections"), "detectionUid"));
        four.addAll(field(second.get("detections"), "detectionUid"));
        assertThat(four).isEqualTo(field(all.get("detections"), "detectionUid").subList(0, 4));
    }

    @Test
    void filtersThatAreNotUnderstoodAreRefusedNamingTheParameter() {
        Client.Response r = alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?status=done&severity=huge&since=yesterday");
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("invalid_input");
        List<String> problems = new ArrayList<>();
        error.get("problems").forEach(p -> problems.add(p.asString()));
        assertThat(problems).anyMatch(p -> p.startsWith("status:")).anyMatch(p -> p.startsWith("severity:")).anyMatch(p -> p.startsWith("since:"));
        assertThat(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?limit=5000").status()).isEqualTo(400);
    }

    @Test
    void aDetectionComesWithItsEvidenceEventsFromTheLakeAndItsHistory() {
        Detection click = of(alpha, "url-malicious-click-allowed").get(0);
        JsonNode d = json(alphaAnalyst.get("/api/v1/detections/" + click.detectionUid()));
        assertThat(d.get("detection").get("detectionUid").asString()).isEqualTo(click.detectionUid());
        assertThat(d.get("rule").get("name").asString()).isEqualTo("Malicious URL click allowed");
        assertThat(d.get("eventUids").size()).isEqualTo((int) click.eventCount());
        assertThat(d.get("events").size()).isEqualTo((int) click.eventCount());
        assertThat(d.get("eventsTruncated").asBoolean()).isFalse();
        for (JsonNode e : d.get("events")) {
            assertThat(e.get("inLake").asBoolean()).isTrue();
            assertThat(e.get("logType").asString()).isEqualTo("url");
            assertThat(e.get("verdict").asString()).isEqualTo("malicious");
            assertThat(e.get("url").asString()).startsWith("http");
            assertThat(e.get("recipient").asString()).contains("@");
        }
        JsonNode history = d.get("history");
        assertThat(history.get(0).get("status").asString()).isEqualTo("new");
        assertThat(history.get(0).get("changedBy").asString()).isEqualTo("engine");

        JsonNode fewer = json(alphaAnalyst.get("/api/v1/detections/" + click.detectionUid() + "?events=0"));
        assertThat(fewer.get("events").size()).isZero();
        assertThat(fewer.get("eventsTruncated").asBoolean()).isTrue();
        assertThat(fewer.get("eventUids").size()).isEqualTo((int) click.eventCount());
    }

    @Test
    void analystsTriageAndClosingNeedsOneOfTheReasons() {
        Detection d = of(alpha, "attachment-malicious-delivered").get(0);
        String status = "/api/v1/detections/" + d.detectionUid() + "/status";
        Client.Response noReason = alphaAnalyst.postJson(status, "{\"status\":\"closed\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("invalid_input").contains("reason: closing needs a reason");
        Client.Response badReason = alphaAnalyst.postJson(status, "{\"status\":\"closed\",\"reason\":\"bored\"}");
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.body()).contains("reason: expected true_positive, benign, false_positive or duplicate");
        assertThat(alphaAnalyst.postJson(status, "{\"status\":\"done\"}").body()).contains("status: expected new, investigating or closed");
        assertThat(alphaAnalyst.postJson(status, "{\"status\":\"new\",\"reason\":\"benign\"}").status()).isEqualTo(400);
        assertThat(alphaAnalyst.postJson(status, "{\"status\":\"closed\",\"reason\":\"benign\",\"colour\":\"red\"}").status()).isEqualTo(400);

        JsonNode investigating = json(alphaAnalyst.postJson(status, "{\"status\":\"investigating\",\"note\":\"asked the user\"}"));
        assertThat(investigating.get("status").asString()).isEqualTo("investigating");
        JsonNode closed = json(alphaAnalyst.postJson(status,
                "{\"status\":\"closed\",\"reason\":\"true_positive\",\"note\":\"file quarantined, password reset\"}"));
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(closed.get("closeReason").asString()).isEqualTo("true_positive");
        assertThat(closed.get("statusNote").asString()).isEqualTo("file quarantined, password reset");

        JsonNode history = json(alphaScript.get("/api/v1/detections/" + d.detectionUid())).get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(2).get("status").asString()).isEqualTo("closed");
        assertThat(history.get(2).get("closeReason").asString()).isEqualTo("true_positive");
        assertThat(history.get(2).get("changedBy").asString()).isEqualTo("alpha-analyst");
        assertThat(history.get(1).get("note").asString()).isEqualTo("asked the user");

        JsonNode closedList = json(alphaScript.get("/api/v1/tenants/" + alpha.id() + "/detections?status=closed"));
        assertThat(field(closedList.get("detections"), "detectionUid")).contains(d.detectionUid());
        JsonNode openList = json(alphaScript.get("/api/v1/tenants/" + alpha.id() + "/detections?status=open&limit=1000"));
        assertThat(field(openList.get("detections"), "detectionUid")).doesNotContain(d.detectionUid());

        JsonNode reopened = json(alphaScript.postJson(status, "{\"status\":\"new\"}"));
        assertThat(reopened.get("status").asString()).isEqualTo("new");
        assertThat(reopened.get("closeReason").isNull()).isTrue();
    }

    @Test
    void theConsoleTriagesWithAFormAndShowsTheProblemsBesideTheFields() {
        Detection d = of(alpha, "impersonation-malicious-delivered").get(0);
        String page = "/t/" + alpha.id() + "/detections/" + d.detectionUid();
        Client.Response shown = alphaAnalyst.get(page);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"detection-title\"").contains("id=\"evidence\"").contains("T1656")
                .contains("https://attack.mitre.org/techniques/T1566/");
        Client.Response refused = alphaAnalyst.post(page + "/status", Map.of("status", "closed", "reason", "", "note", "seen"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-reason\"").contains("seen</textarea>");
        Client.Response saved = alphaAnalyst.post(page + "/status", Map.of("status", "closed", "reason", "benign", "note", "phishing test"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo(page + "?notice=detection-updated");
        Detection after = server.app.detections().get(Set.of(alpha.id()), d.detectionUid()).orElseThrow().detection();
        assertThat(after.status().id()).isEqualTo("closed");
        assertThat(after.closeReason().id()).isEqualTo("benign");
        assertThat(alphaAnalyst.get("/t/" + alpha.id() + "/detections?status=closed").body()).contains(d.detectionUid());
    }

    @Test
    void detectionsOfAnotherTenantAreNotFoundAnywhere() {
        Detection theirs = server.app.detections().list(DetectionFilter.of(Set.of(bravo.id()))).get(0);
        String uid = theirs.detectionUid();
        for (Client c : List.of(alphaAdmin, alphaAnalyst, alphaScript)) {
            assertThat(c.get("/api/v1/detections/" + uid).status()).isEqualTo(404);
            assertThat(c.postJson("/api/v1/detections/" + uid + "/status", "{\"status\":\"closed\",\"reason\":\"benign\"}").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/tenants/" + bravo.id() + "/detections").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/detections?tenant=" + bravo.id()).status()).isEqualTo(404);
            JsonNode mine = json(c.get("/api/v1/detections?limit=1000"));
            assertThat(field(mine.get("detections"), "tenantId")).isNotEmpty().containsOnly(alpha.id());
            for (String path : List.of("/t/" + bravo.id() + "/detections", "/t/" + bravo.id() + "/detections/" + uid,
                    "/t/" + alpha.id() + "/detections/" + uid)) {
                Client.Response r = c.get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.body()).doesNotContain(theirs.title());
            }
            if (c.bearer == null) {
                assertThat(c.post("/t/" + alpha.id() + "/detections/" + uid + "/status", Map.of("status", "closed", "reason", "benign")).status())
                        .isEqualTo(404);
            }
        }
        Detection after = server.app.detections().get(null, uid).orElseThrow().detection();
        assertThat(after.status().id()).isEqualTo("new");
        assertThat(after.updatedAt()).isEqualTo(theirs.updatedAt());
        assertThat(server.loggedIn("bravo-admin").get("/api/v1/detections/" + uid).status()).isEqualTo(200);
    }

    @Test
    void triageWithTheSessionCookieNeedsTheCsrfTokenButNotWithAnApiToken() {
        Detection d = of(alpha, "url-malicious-click-allowed").get(1);
        String status = "/api/v1/detections/" + d.detectionUid() + "/status";
        Client c = server.loggedIn("alpha-analyst");
        String token = c.csrf;
        c.csrf = null;
        Client.Response r = c.postJson(status, "{\"status\":\"investigating\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("\"code\":\"csrf\"");
        assertThat(c.post("/t/" + alpha.id() + "/detections/" + d.detectionUid() + "/status", Map.of("status", "investigating")).status())
                .isEqualTo(403);
        Client.Response crossSite = c.send(c.builder(status).header("Content-Type", "application/json").header("X-CSRF-Token", token)
                .header("Origin", "https://evil.example.com").POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"investigating\"}")));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(server.app.detections().get(null, d.detectionUid()).orElseThrow().detection().status().id()).isEqualTo("new");
        c.csrf = token;
        assertThat(json(c.postJson(status, "{\"status\":\"investigating\"}")).get("status").asString()).isEqualTo("investigating");
        assertThat(json(alphaScript.postJson(status, "{\"status\":\"new\"}")).get("status").asString()).isEqualTo("new");
    }

    @Test
    void aRuleFailureIsShownOnlyToTheTenantWhoseRuleFailed() {
        JsonNode failed = json(alphaAdmin.get("/api/v1/tenants/" + alpha.id() + "/rules/shared-id"));
        assertThat(failed.get("lastFailure").asString()).contains("query_failed");
        Client bravoAdmin = server.loggedIn("bravo-admin");
        JsonNode fine = json(bravoAdmin.get("/api/v1/tenants/" + bravo.id() + "/rules/shared-id"));
        assertThat(fine.get("lastFailure").isNull()).isTrue();
        assertThat(bravoAdmin.get("/api/v1/tenants/" + bravo.id() + "/rules").body()).doesNotContain(failed.get("lastFailure").asString());
    }

    @Test
    void theIntegrationsAndTenantsPagesCountOpenDetections() {
        long open = server.app.detections().count(DetectionFilter.of(Set.of(alpha.id()))
                .withStatuses(Set.of(io.maillake.detect.Status.NEW, io.maillake.detect.Status.INVESTIGATING)));
        assertThat(open).isPositive();
        String page = alphaAnalyst.get("/t/" + alpha.id() + "/integrations").body();
        assertThat(page).contains("data-open=\"" + open + "\"").contains("id=\"view-detections\"");
        // per integration: every open detection of Alpha has evidence from its one integration, linked to them
        assertThat(page).contains("class=\"num detections-count\" data-open=\"" + open + "\"")
                .contains("/t/" + alpha.id() + "/detections?integration=" + alphaMimecast.id());
        assertThat(json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?status=open&integration=" + alphaMimecast.id()))
                .get("total").asLong()).isEqualTo(open);
        // another tenant's integration id finds nothing
        assertThat(json(alphaAnalyst.get("/api/v1/tenants/" + alpha.id() + "/detections?integration=" + bravoMimecast.id()))
                .get("total").asLong()).isZero();
        assertThat(json(alphaAnalyst.get("/api/v1/detections?integration=" + bravoMimecast.id())).get("total").asLong()).isZero();
        assertThat(server.app.detections().openByIntegration(alpha.id())).containsOnlyKeys(alphaMimecast.id());
        assertThat(alphaAnalyst.get("/tenants").body()).contains("/t/" + alpha.id() + "/detections\" class=\"open-detections\">" + open + "<");
    }
}
