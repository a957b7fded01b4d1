package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.Tenant;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Detection rules over the REST API and the Rules page: everyone reads and validates, only
 * administrators add, enable, disable and delete; a tenant's own rules are invisible to other
 * tenants; changes with the session cookie need the CSRF token.
 */
class RulesApiTest {
    static final String RULE = """
            id: payroll-link-clicked
            name: Payroll-themed link clicked
            severity: medium
            mitre: [T1566.002]
            title: "{recipient} clicked {url}"
            where: |
              log_type = 'url' AND lower(subject) LIKE '%payroll%'
            group_by: [recipient]
            """;

    @TempDir static Path dir;
    static Server server;
    static Tenant alpha;
    static Tenant bravo;
    static Client alphaAdmin;
    static Client alphaAnalyst;
    static Client bravoAdmin;

    @BeforeAll
    static void start() {
        server = new Server(dir);
        Server.TwoTenants two = server.twoTenants();
        alpha = two.alpha();
        bravo = two.bravo();
        alphaAdmin = server.loggedIn("alpha-admin");
        alphaAnalyst = server.loggedIn("alpha-analyst");
        bravoAdmin = server.loggedIn("bravo-admin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String rules(Tenant t) {
        return "/api/v1/tenants/" + t.id() + "/rules";
    }

    static Client.Response yaml(Client c, String method, String path, String body) {
        HttpRequest.Builder b = c.builder(path).header("Content-Type", "application/yaml");
        if (c.csrf != null && c.bearer == null) b.header("X-CSRF-Token", c.csrf);
        return c.send(b.method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode json(Client.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return Json.MAPPER.readTree(r.body());
    }

    static List<String> problems(Client.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> out = new ArrayList<>();
        Json.MAPPER.readTree(r.body()).get("error").get("problems").forEach(p -> out.add(p.asString()));
        return out;
    }

    static JsonNode rule(Client c, Tenant t, String id) {
        for (JsonNode r : json(c.get(rules(t)))) if (r.get("id").asString().equals(id)) return r;
        return null;
    }

    @Test
    void everyoneSeesTheBuiltInRulesEnabledWithTheirYaml() {
        JsonNode list = json(alphaAnalyst.get(rules(alpha)));
        assertThat(list.size()).isGreaterThanOrEqualTo(11);
        JsonNode click = rule(alphaAnalyst, alpha, "url-malicious-click-allowed");
        assertThat(click.get("builtIn").asBoolean()).isTrue();
        assertThat(click.get("enabled").asBoolean()).isTrue();
        assertThat(click.get("severity").asString()).isEqualTo("high");
        assertThat(click.get("logic").asString()).isEqualTo("each");
        assertThat(click.get("source").asString()).startsWith("id: url-malicious-click-allowed");
        assertThat(rule(alphaAnalyst, alpha, "campaign-url").get("logic").asString()).isEqualTo("threshold");
        assertThat(json(alphaAnalyst.get(rules(alpha) + "/campaign-url")).get("groupWindow").asString()).isEqualTo("PT24H");
        assertThat(alphaAnalyst.get(rules(alpha) + "/no-such-rule").status()).isEqualTo(404);
        assertThat(alphaAnalyst.get("/t/" + alpha.id() + "/rules").body()).contains("id=\"rule-campaign-url\"").doesNotContain("id=\"rule-form\"");
    }

    @Test
    void aRuleIsValidatedOnSaveWithOneProblemPerKey() {
        String bad = RULE.replace("severity: medium", "severity: urgent").replace("mitre: [T1566.002]", "mitre: [phishing]");
        assertThat(problems(yaml(alphaAdmin, "POST", rules(alpha), bad)))
                .anyMatch(p -> p.startsWith("severity:")).anyMatch(p -> p.startsWith("mitre:"));
        List<String> sql = problems(yaml(alphaAdmin, "POST", rules(alpha), RULE.replace("lower(subject)", "lower(no_such_column)")));
        assertThat(sql).singleElement().satisfies(p -> assertThat(p).startsWith("where: the rule's SQL does not run"));
        assertThat(problems(yaml(alphaAdmin, "POST", rules(alpha), RULE.replace("id: payroll-link-clicked", "id: campaign-url"))))
                .anyMatch(p -> p.startsWith("id:") && p.contains("built-in"));
        assertThat(rule(alphaAdmin, alpha, "payroll-link-clicked")).isNull();

        JsonNode valid = json(yaml(alphaAnalyst, "POST", rules(alpha) + "/validate", RULE));
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("rule").get("id").asString()).isEqualTo("payroll-link-clicked");
        assertThat(rule(alphaAdmin, alpha, "payroll-link-clicked")).as("validating saves nothing").isNull();

        Client.Response created = yaml(alphaAdmin, "POST", rules(alpha), RULE);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).isEqualTo(rules(alpha) + "/payroll-link-clicked");
        JsonNode own = rule(alphaAnalyst, alpha, "payroll-link-clicked");
        assertThat(own.get("builtIn").asBoolean()).isFalse();
        assertThat(own.get("enabled").asBoolean()).isTrue();
        Client.Response replaced = yaml(alphaAdmin, "POST", rules(alpha), RULE.replace("severity: medium", "severity: high"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(json(replaced).get("severity").asString()).isEqualTo("high");

        String asJson = "{\"id\":\"json-rule\",\"name\":\"Sent as JSON\",\"severity\":\"low\",\"mitre\":[\"T1566\"],"
                + "\"title\":\"{recipient}\",\"where\":\"log_type = 'attachment'\"}";
        assertThat(alphaAdmin.postJson(rules(alpha), asJson).status()).isEqualTo(201);

        assertThat(problems(alphaAdmin.json("DELETE", rules(alpha) + "/campaign-url", null))).anyMatch(p -> p.contains("built in"));
        assertThat(alphaAdmin.json("DELETE", rules(alpha) + "/json-rule", null).status()).isEqualTo(204);
        assertThat(alphaAdmin.get(rules(alpha) + "/json-rule").status()).isEqualTo(404);
    }

    @Test
    void analystsReadButCannotChangeRules() {
        assertThat(yaml(alphaAnalyst, "POST", rules(alpha), RULE.replace("payroll-link-clicked", "analyst-rule")).status()).isEqualTo(403);
        assertThat(alphaAnalyst.postJson(rules(alpha) + "/campaign-url/disable", null).status()).isEqualTo(403);
        assertThat(alphaAnalyst.postJson(rules(alpha) + "/campaign-url/enable", null).status()).isEqualTo(403);
        assertThat(alphaAnalyst.json("DELETE", rules(alpha) + "/campaign-url", null).status()).isEqualTo(403);
        assertThat(alphaAnalyst.post("/t/" + alpha.id() + "/rules", Map.of("source", RULE)).status()).isEqualTo(403);
        assertThat(alphaAnalyst.post("/t/" + alpha.id() + "/rules/campaign-url/disable", Map.of()).status()).isEqualTo(403);
        assertThat(rule(alphaAnalyst, alpha, "analyst-rule")).isNull();
        assertThat(rule(alphaAnalyst, alpha, "campaign-url").get("enabled").asBoolean()).isTrue();
    }

    @Test
    void disablingARuleIsPerTenant() {
        JsonNode off = json(alphaAdmin.postJson(rules(alpha) + "/campaign-file-hash/disable", null));
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(rule(alphaAnalyst, alpha, "campaign-file-hash").get("enabled").asBoolean()).isFalse();
        assertThat(rule(bravoAdmin, bravo, "campaign-file-hash").get("enabled").asBoolean()).isTrue();
        assertThat(alphaAdmin.postJson(rules(alpha) + "/no-such-rule/disable", null).status()).isEqualTo(404);

        Client.Response page = alphaAdmin.post("/t/" + alpha.id() + "/rules/campaign-file-hash/enable", Map.of());
        assertThat(page.status()).isEqualTo(302);
        assertThat(rule(alphaAnalyst, alpha, "campaign-file-hash").get("enabled").asBoolean()).isTrue();
    }

    @Test
    void aTenantsOwnRulesAreInvisibleToOtherTenants() {
        String secret = RULE.replace("payroll-link-clicked", "bravo-secret-rule").replace("payroll", "project-nightingale");
        assertThat(yaml(bravoAdmin, "POST", rules(bravo), secret).status()).isEqualTo(201);
        assertThat(alphaAdmin.get(rules(alpha)).body()).doesNotContain("bravo-secret-rule").doesNotContain("nightingale");
        assertThat(alphaAdmin.get(rules(alpha) + "/bravo-secret-rule").status()).isEqualTo(404);
        assertThat(alphaAdmin.postJson(rules(alpha) + "/bravo-secret-rule/disable", null).status()).isEqualTo(404);
        assertThat(alphaAdmin.json("DELETE", rules(alpha) + "/bravo-secret-rule", null).status()).isEqualTo(404);
        for (Client c : List.of(alphaAdmin, alphaAnalyst)) {
            assertThat(c.get(rules(bravo)).status()).isEqualTo(404);
            assertThat(c.get(rules(bravo) + "/bravo-secret-rule").status()).isEqualTo(404);
            assertThat(c.json("DELETE", rules(bravo) + "/bravo-secret-rule", null).status()).isEqualTo(404);
            assertThat(c.postJson(rules(bravo) + "/bravo-secret-rule/disable", null).status()).isEqualTo(404);
            assertThat(yaml(c, "POST", rules(bravo), RULE).status()).isEqualTo(404);
            assertThat(yaml(c, "POST", rules(bravo) + "/validate", RULE).status()).isEqualTo(404);
            assertThat(c.get("/t/" + bravo.id() + "/rules").status()).isEqualTo(404);
            assertThat(c.post("/t/" + bravo.id() + "/rules/bravo-secret-rule/delete", Map.of()).status()).isEqualTo(404);
            assertThat(c.post("/t/" + alpha.id() + "/rules/bravo-secret-rule/delete", Map.of()).status()).isIn(403, 404);
        }
        JsonNode still = rule(bravoAdmin, bravo, "bravo-secret-rule");
        assertThat(still.get("enabled").asBoolean()).isTrue();
    }

    @Test
    void changingRulesWithTheSessionCookieNeedsTheCsrfToken() {
        Client c = server.loggedIn("alpha-admin");
        String token = c.csrf;
        c.csrf = null;
        String mine = RULE.replace("payroll-link-clicked", "csrf-rule");
        for (Client.Response r : List.of(yaml(c, "POST", rules(alpha), mine), c.postJson(rules(alpha) + "/campaign-url/disable", null),
                c.json("DELETE", rules(alpha) + "/campaign-url", null), c.post("/t/" + alpha.id() + "/rules", Map.of("source", mine)),
                c.post("/t/" + alpha.id() + "/rules/campaign-url/disable", Map.of()))) {
            assertThat(r.status()).isEqualTo(403);
        }
        Client.Response crossSite = c.send(c.builder(rules(alpha)).header("Content-Type", "application/yaml").header("X-CSRF-Token", token)
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(mine)));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(rule(alphaAdmin, alpha, "csrf-rule")).isNull();
        assertThat(rule(alphaAdmin, alpha, "campaign-url").get("enabled").asBoolean()).isTrue();

        String apiToken = Client.between(alphaAdmin.post("/account/tokens", Map.of("name", "rules")).body(), "id=\"new-token\">", "</code>");
        Client script = Client.bearer(server.port, apiToken);
        assertThat(yaml(script, "POST", rules(alpha), mine).status()).isEqualTo(201);
        assertThat(script.json("DELETE", rules(alpha) + "/csrf-rule", null).status()).isEqualTo(204);
    }

    @Test
    void theRulesPageShowsEachProblemBesideTheRuleText() {
        String page = "/t/" + alpha.id() + "/rules";
        assertThat(alphaAdmin.get(page).body()).contains("id=\"rule-form\"");
        Client.Response refused = alphaAdmin.post(page, Map.of("source", RULE.replace("severity: medium", "severity: urgent")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"rule-errors\"").contains("data-field=\"severity\"").contains("severity: urgent");
        Client.Response validated = alphaAdmin.post(page + "/validate", Map.of("source", RULE.replace("payroll-link-clicked", "page-rule")));
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.body()).contains("id=\"rule-valid\"");
        assertThat(rule(alphaAdmin, alpha, "page-rule")).isNull();
        Client.Response saved = alphaAdmin.post(page, Map.of("source", RULE.replace("payroll-link-clicked", "page-rule")));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(alphaAdmin.get(page).body()).contains("id=\"rule-page-rule\"");
        assertThat(alphaAdmin.post(page + "/page-rule/delete", Map.of()).status()).isEqualTo(302);
        assertThat(rule(alphaAdmin, alpha, "page-rule")).isNull();
    }
}
