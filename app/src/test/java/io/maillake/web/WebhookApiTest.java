package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import io.maillake.domain.Tenant;
import io.maillake.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's webhook over the REST API and the console page on a real server, with a real receiver:
 * set, read, replace, remove; validation field by field; "Send test"; administrators of the tenant
 * only, CSRF on the form, and the secret never in a response or page.
 */
class WebhookApiTest {
    static final String SECRET = "alpha-signing-secret-0123456789";
    static final String BRAVO_SECRET = "bravo-signing-secret-9876543210";
    static final String DELTA_SECRET = "delta-signing-secret-5555555555";

    @TempDir static Path dir;
    static Server server;
    static WebhookReceiver receiver;
    static Tenant alpha;
    static Tenant bravo;
    static Client alphaAdmin;
    static Client alphaAnalyst;
    static Client bravoAdmin;

    @BeforeAll
    static void start() {
        server = new Server(dir);
        receiver = WebhookReceiver.start();
        Server.TwoTenants two = server.twoTenants();
        alpha = two.alpha();
        bravo = two.bravo();
        alphaAdmin = server.loggedIn("alpha-admin");
        alphaAnalyst = server.loggedIn("alpha-analyst");
        bravoAdmin = server.loggedIn("bravo-admin");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        server.close();
    }

    static String path(Tenant t) {
        return "/api/v1/tenants/" + t.id() + "/webhook";
    }

    static JsonNode json(Client.Response r) {
        return Json.MAPPER.readTree(r.body());
    }

    static String body(String url, String secret, String minSeverity) {
        return "{\"url\":\"" + url + "\"" + (secret == null ? "" : ",\"secret\":\"" + secret + "\"")
                + (minSeverity == null ? "" : ",\"minSeverity\":\"" + minSeverity + "\"") + "}";
    }

    static List<String> problems(Client.Response r) {
        List<String> out = new ArrayList<>();
        json(r).get("error").get("problems").forEach(p -> out.add(p.asString()));
        return out;
    }

    @Test
    void anAdministratorSetsReadsReplacesAndRemovesTheWebhookAndItsSecretIsNeverReturned() throws Exception {
        Tenant delta = server.app.store().createTenant("Delta");
        server.user("delta-admin", Role.ADMIN, Set.of(delta.id()));
        Client deltaAdmin = server.loggedIn("delta-admin");
        Client.Response created = deltaAdmin.json("PUT", path(delta), body(receiver.url("/delta?token=t1"), DELTA_SECRET, "high"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode w = json(created);
        assertThat(w.get("tenantId").asString()).isEqualTo(delta.id());
        assertThat(w.get("url").asString()).isEqualTo(receiver.url("/delta?token=t1"));
        assertThat(w.get("secretSet").asBoolean()).isTrue();
        assertThat(w.get("minSeverity").asString()).isEqualTo("high");
        assertThat(w.get("enabled").asBoolean()).isTrue();
        assertThat(w.get("pending").asLong()).isZero();
        assertThat(w.get("lastAttempt").isNull()).isTrue();
        assertThat(w.has("secret")).isFalse();
        assertThat(json(deltaAdmin.get(path(delta)))).isEqualTo(w);

        Client.Response kept = deltaAdmin.json("PUT", path(delta), "{\"url\":\"" + receiver.url("/delta2") + "\",\"enabled\":false}");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(json(kept).get("secretSet").asBoolean()).as("a secret left out is kept").isTrue();
        assertThat(json(kept).get("minSeverity").asString()).as("the default").isEqualTo("medium");
        assertThat(json(kept).get("enabled").asBoolean()).isFalse();
        Client.Response removed = deltaAdmin.json("PUT", path(delta), "{\"url\":\"" + receiver.url("/delta2") + "\",\"removeSecret\":true}");
        assertThat(json(removed).get("secretSet").asBoolean()).isFalse();

        assertThat(deltaAdmin.json("DELETE", path(delta), null).status()).isEqualTo(204);
        Client.Response gone = deltaAdmin.get(path(delta));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("this tenant has no webhook");
        assertThat(deltaAdmin.json("DELETE", path(delta), null).status()).isEqualTo(404);

        deltaAdmin.json("PUT", path(delta), body(receiver.url("/delta"), DELTA_SECRET, null));
        assertThat(String.join("\n", deltaAdmin.seen)).doesNotContain(DELTA_SECRET);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("detections.db")).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("sealed at rest in " + f).doesNotContain(DELTA_SECRET);
            }
        }
    }

    @Test
    void badSettingsAreRefusedFieldByFieldAndNothingIsSaved() {
        alphaAdmin.json("PUT", path(alpha), body(receiver.url("/alpha"), SECRET, "high"));
        JsonNode before = json(alphaAdmin.get(path(alpha)));

        Client.Response bad = alphaAdmin.json("PUT", path(alpha), body("http://soar.example.com/in?token=x", "too-short", "urgent"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("error").get("code").asString()).isEqualTo("invalid_input");
        assertThat(problems(bad)).containsExactly("url: must start with https:// (http:// only to this machine)",
                "secret: at least 16 characters: a random string that the receiver knows too",
                "minSeverity: expected one of informational, low, medium, high, critical");
        assertThat(bad.body()).doesNotContain("too-short").doesNotContain("token=x");

        assertThat(problems(alphaAdmin.json("PUT", path(alpha), "{\"minSeverity\":\"low\"}")))
                .containsExactly("url: enter the receiver's URL, such as https://soar.example.com/hooks/maillake");
        assertThat(problems(alphaAdmin.json("PUT", path(alpha), body("https://user:pw@soar.example.com/", null, null))))
                .singleElement().asString().startsWith("url: must not contain a user name or password");
        assertThat(problems(alphaAdmin.json("PUT", path(alpha), "{\"url\":\"" + receiver.url("/a") + "\",\"secret\":\"" + SECRET
                + "\",\"removeSecret\":true}"))).containsExactly("secret: give a new secret or removeSecret, not both");
        Client.Response unknown = alphaAdmin.json("PUT", path(alpha), "{\"url\":\"" + receiver.url("/a") + "\",\"signingKey\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).get("error").get("message").asString()).contains("'signingKey' is unknown");
        assertThat(alphaAdmin.json("PUT", path(alpha), "[]").status()).isEqualTo(400);

        assertThat(json(alphaAdmin.get(path(alpha)))).isEqualTo(before);
    }

    @Test
    void sendTestPostsASignedSampleOnceAndItsResultIsTheLastAttempt() throws Exception {
        alphaAdmin.json("PUT", path(alpha), body(receiver.url("/alpha-test?token=abc"), SECRET, "high"));
        int before = receiver.received().size();
        Client.Response ok = alphaAdmin.postJson(path(alpha) + "/test", null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode result = json(ok);
        assertThat(result.get("delivered").asBoolean()).isTrue();
        assertThat(result.get("httpStatus").asInt()).isEqualTo(200);
        String deliveryId = result.get("deliveryId").asString();
        assertThat(deliveryId).startsWith("test-");

        WebhookReceiver.Received got = receiver.received().get(before);
        assertThat(got.path()).isEqualTo("/alpha-test");
        assertThat(got.header("X-Maillake-Event")).isEqualTo("webhook.test");
        assertThat(got.header("X-Maillake-Delivery")).isEqualTo(deliveryId);
        assertThat(got.signedWith(SECRET)).isTrue();
        JsonNode sample = Json.MAPPER.readTree(got.text());
        assertThat(sample.get("event").asString()).isEqualTo("webhook.test");
        assertThat(sample.get("tenant_id").asString()).isEqualTo(alpha.id());
        for (String field : List.of("detection_uid", "rule_id", "title", "severity", "mitre", "status", "first_seen", "last_seen",
                "event_count", "event_uids", "link")) {
            assertThat(sample.has(field)).as("a test carries " + field + " like a notification").isTrue();
        }
        JsonNode last = json(alphaAdmin.get(path(alpha))).get("lastAttempt");
        assertThat(last.get("deliveryId").asString()).isEqualTo(deliveryId);
        assertThat(last.get("outcome").asString()).isEqualTo("delivered");

        receiver.answer(500);
        JsonNode failed = json(alphaAdmin.postJson(path(alpha) + "/test", null));
        assertThat(failed.get("delivered").asBoolean()).isFalse();
        assertThat(failed.get("httpStatus").asInt()).isEqualTo(500);
        assertThat(failed.get("error").asString()).isEqualTo("the receiver answered HTTP 500");
        JsonNode lastFailed = json(alphaAdmin.get(path(alpha))).get("lastAttempt");
        assertThat(lastFailed.get("outcome").asString()).isEqualTo("failed");
        assertThat(lastFailed.get("httpStatus").asInt()).isEqualTo(500);
        assertThat(json(alphaAdmin.get(path(alpha))).get("pending").asLong()).as("a test is never queued").isZero();
        assertThat(server.app.webhookDelivery().drainOnce().attempts()).isZero();
        assertThat(receiver.received()).hasSize(before + 2);
        assertThat(String.join("\n", alphaAdmin.seen)).doesNotContain(SECRET);
    }

    @Test
    void metricsCountATenantsNotificationsForThatTenantsUsersOnly() {
        alphaAdmin.json("PUT", path(alpha), body(receiver.url("/alpha"), SECRET, "high"));
        String line = "maillake_webhook_notifications{tenant=\"" + alpha.id() + "\",status=\"";
        assertThat(alphaAdmin.get("/metrics").body()).contains("# TYPE maillake_webhook_notifications gauge",
                line + "pending\"} ", line + "delivered\"} ", line + "failed\"} ");
        assertThat(bravoAdmin.get("/metrics").body()).doesNotContain(alpha.id());
    }

    @Test
    void analystsNeitherSeeNorChangeTheWebhook() {
        alphaAdmin.json("PUT", path(alpha), body(receiver.url("/alpha"), SECRET, "high"));
        int before = receiver.received().size();
        for (Client.Response r : List.of(alphaAnalyst.get(path(alpha)), alphaAnalyst.json("PUT", path(alpha), body(receiver.url("/x"), null, null)),
                alphaAnalyst.json("DELETE", path(alpha), null), alphaAnalyst.postJson(path(alpha) + "/test", null),
                alphaAnalyst.postJson(path(alpha) + "/retry", null), alphaAnalyst.get(path(alpha) + "/deliveries"))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("only an administrator may").doesNotContain(receiver.url("/alpha"));
        }
        assertThat(json(alphaAdmin.get(path(alpha))).get("url").asString()).isEqualTo(receiver.url("/alpha"));
        assertThat(receiver.received()).hasSize(before);
    }

    @Test
    void anotherTenantsWebhookDoesNotExistForAnAdministratorOfThisOne() {
        bravoAdmin.json("PUT", path(bravo), body(receiver.url("/bravo-only"), BRAVO_SECRET, "critical"));
        JsonNode bravosBefore = json(bravoAdmin.get(path(bravo)));
        int before = receiver.received().size();
        for (Client.Response r : List.of(alphaAdmin.get(path(bravo)), alphaAdmin.json("PUT", path(bravo), body(receiver.url("/alpha-steals"), null, "low")),
                alphaAdmin.json("DELETE", path(bravo), null), alphaAdmin.postJson(path(bravo) + "/test", null),
                alphaAdmin.postJson(path(bravo) + "/retry", null), alphaAdmin.get(path(bravo) + "/deliveries"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("tenant " + bravo.id() + " not found").doesNotContain("bravo-only");
        }
        assertThat(json(bravoAdmin.get(path(bravo)))).isEqualTo(bravosBefore);
        assertThat(receiver.received()).hasSize(before);
    }

    @Test
    void theConsolePageSavesWithItsCsrfTokenShowsProblemsBesideTheFieldsAndNeverTheSecret() {
        Tenant echo = server.app.store().createTenant("Echo");
        server.user("echo-admin", Role.ADMIN, Set.of(echo.id()));
        server.user("echo-analyst", Role.ANALYST, Set.of(echo.id()));
        Client admin = server.loggedIn("echo-admin");
        String page = "/t/" + echo.id() + "/webhook";
        String secret = "echo-console-secret-0123456789";

        Client.Response empty = admin.get(page);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("Set up a webhook").contains("id=\"webhook-form\"").doesNotContain("id=\"webhook-status\"");
        assertThat(admin.get("/t/" + echo.id() + "/detections").body()).contains("id=\"webhook-link\"");
        Client analyst = server.loggedIn("echo-analyst");
        assertThat(analyst.get("/t/" + echo.id() + "/detections").body()).doesNotContain("id=\"webhook-link\"");
        assertThat(analyst.get(page).status()).isEqualTo(403);
        assertThat(alphaAdmin.get(page).status()).isEqualTo(404);

        Map<String, String> form = new HashMap<>(Map.of("url", "http://soar.example.com/in", "secret", "short-one",
                "minSeverity", "huge", "enabled", "on"));
        Client.Response refused = admin.post(page, form);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Nothing was saved").contains("id=\"error-url\"").contains("id=\"error-secret\"")
                .contains("id=\"error-minSeverity\"").contains("must start with https://").doesNotContain("short-one");
        assertThat(admin.get(page).body()).contains("Set up a webhook");

        String token = admin.csrf;
        admin.csrf = null;
        form.putAll(Map.of("url", receiver.url("/echo"), "secret", secret, "minSeverity", "high"));
        assertThat(admin.post(page, form).status()).as("no CSRF token").isEqualTo(403);
        admin.csrf = token;
        assertThat(admin.get(page).body()).contains("Set up a webhook");

        Client.Response saved = admin.post(page, form);
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo(page + "?notice=webhook-saved");
        String shown = admin.get(saved.location()).body();
        assertThat(shown).contains("Webhook saved.").contains("value=\"" + receiver.url("/echo") + "\"").contains("set: leave empty to keep it")
                .contains("id=\"webhook-state\">Enabled").contains("<option value=\"high\" selected>");

        Client.Response tested = admin.post(page + "/test", Map.of());
        assertThat(tested.status()).isEqualTo(200);
        assertThat(tested.body()).contains("id=\"test-result\"").contains("delivered: the receiver answered HTTP 200");
        assertThat(receiver.received().getLast().signedWith(secret)).isTrue();
        receiver.answer(503);
        assertThat(admin.post(page + "/test", Map.of()).body()).contains("not delivered: the receiver answered HTTP 503");
        assertThat(admin.get(page).body()).contains("id=\"last-attempt\"").contains("the receiver answered HTTP 503");

        Map<String, String> keep = Map.of("url", receiver.url("/echo"), "secret", "", "minSeverity", "high");
        assertThat(admin.post(page, keep).status()).isEqualTo(302);

        var w = server.app.webhooks().get(echo.id()).orElseThrow();
        assertThat(w.secretSet()).as("an empty secret field keeps the secret").isTrue();
        assertThat(w.enabled()).as("an unticked box disables").isFalse();
        assertThat(admin.post(page + "/delete", Map.of()).location()).isEqualTo(page + "?notice=webhook-deleted");
        assertThat(server.app.webhooks().get(echo.id())).isEmpty();
        assertThat(String.join("\n", admin.seen)).doesNotContain(secret);
    }

    @Test
    void recentNotificationsAndRetryOfATenantWithoutAWebhookAreNotFound() {
        Tenant empty = server.app.store().createTenant("Charlie");
        server.user("charlie-admin", Role.ADMIN, Set.of(empty.id()));
        Client charlie = server.loggedIn("charlie-admin");
        for (Client.Response r : List.of(charlie.get(path(empty)), charlie.postJson(path(empty) + "/test", null),
                charlie.postJson(path(empty) + "/retry", null), charlie.get(path(empty) + "/deliveries"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("this tenant has no webhook");
        }
        charlie.json("PUT", path(empty), body(receiver.url("/charlie"), null, null));
        assertThat(json(charlie.get(path(empty) + "/deliveries")).size()).isZero();
        assertThat(json(charlie.postJson(path(empty) + "/retry", null)).get("requeued").asInt()).isZero();
        assertThat(charlie.get(path(empty) + "/deliveries?limit=500").status()).isEqualTo(400);
    }
}
