package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import io.maillake.simulator.MimecastSimulator;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class IntegrationApiTest {
    @TempDir static Path dir;
    static MimecastSimulator sim;
    static Server server;
    static Client admin;
    static Client analyst;

    @BeforeAll
    static void start() {
        sim = Sims.start(1);
        server = new Server(dir);
        server.user("ada", Role.ADMIN, Set.of("default"));
        server.user("ann", Role.ANALYST, Set.of("default"));
        admin = server.loggedIn("ada");
        analyst = server.loggedIn("ann");
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
    }

    static JsonNode json(Client.Response r) {
        return Json.MAPPER.readTree(r.body());
    }

    String api2Body(String name) {
        var k = sim.account(0).api2();
        return "{\"name\":\"" + name + "\",\"baseUrl\":\"" + sim.baseUrl() + "\",\"clientId\":\"" + k.clientId()
                + "\",\"clientSecret\":\"" + k.clientSecret() + "\",\"types\":[\"url\",\"attachment\"]}";
    }

    @Test
    void unknownEndpointsAndWrongMethodsAnswerInTheApisErrorShape() {
        Client.Response unknown = admin.get("/api/v1/nosuchroute");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).at("/error/code").asString()).isEqualTo("not_found");
        assertThat(json(unknown).at("/error/message").asString()).contains("/api/v1/nosuchroute");

        Client.Response wrongMethod = admin.json("PUT", "/api/v1/tenants", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(json(wrongMethod).at("/error/code").asString()).isEqualTo("method_not_allowed");
        assertThat(json(wrongMethod).at("/error/message").asString()).contains("PUT", "/api/v1/tenants");

        // a 404 the API answered itself keeps its own message
        Client.Response missing = admin.get("/api/v1/integrations/nosuchid");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).at("/error/message").asString()).doesNotContain("no such page or endpoint");
    }

    @Test
    void anAdministratorAddsReadsEditsAndDeletesAnIntegration() {
        Client.Response created = admin.postJson("/api/v1/tenants/default/integrations", api2Body("Crud"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode i = json(created);
        String id = i.get("id").asString();
        assertThat(i.get("apiVersion").asString()).isEqualTo("2.0");
        assertThat(i.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(i.has("clientSecret")).isFalse();
        assertThat(i.get("streams")).hasSize(2);
        assertThat(created.location()).isEqualTo("/api/v1/integrations/" + id);

        assertThat(json(admin.get("/api/v1/integrations/" + id)).get("name").asString()).isEqualTo("Crud");
        Client.Response patched = admin.json("PATCH", "/api/v1/integrations/" + id, "{\"description\":\"edited\",\"types\":[\"url\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(json(patched).get("description").asString()).isEqualTo("edited");
        assertThat(json(patched).get("types")).hasSize(1);
        // the stored secret was kept: the edited integration still signs in
        assertThat(json(admin.postJson("/api/v1/integrations/" + id + "/test", null)).get("ok").asBoolean()).isTrue();

        assertThat(json(admin.postJson("/api/v1/integrations/" + id + "/disable", null)).get("enabled").asBoolean()).isFalse();
        assertThat(json(admin.get("/api/v1/integrations/" + id + "/streams")).get(0).get("status").asString()).isEqualTo("DISABLED");
        assertThat(json(admin.postJson("/api/v1/integrations/" + id + "/enable", null)).get("enabled").asBoolean()).isTrue();

        assertThat(admin.json("DELETE", "/api/v1/integrations/" + id, null).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/integrations/" + id).status()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedWithOneProblemPerFieldAndNothingIsSaved() {
        Client.Response r = admin.postJson("/api/v1/tenants/default/integrations",
                "{\"name\":\"\",\"baseUrl\":\"not a url\",\"appId\":\"not-a-guid\",\"appKey\":\"x\",\"accessKey\":\"a b\",\"secretKey\":\"###\",\"types\":[\"smtp\"]}");
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asString()).isEqualTo("invalid_input");
        assertThat(error.get("problems").valueStream().map(p -> p.asString().substring(0, p.asString().indexOf(':'))))
                .contains("name", "baseUrl", "appId", "appKey", "accessKey", "secretKey", "types");
        assertThat(json(admin.get("/api/v1/tenants/default/integrations")).valueStream()
                .noneMatch(i -> i.get("name").asString().isEmpty())).isTrue();
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanIgnored() {
        Client.Response r = admin.postJson("/api/v1/tenants/default/integrations", "{\"name\":\"x\",\"secretkey\":\"abc\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("error").get("code").asString()).isEqualTo("invalid_json");
        assertThat(r.body()).contains("secretkey").doesNotContain("abc");
    }

    @Test
    void testConnectionReportsPerLogTypeWhatWorksAndWhatToFix() {
        String id = json(admin.postJson("/api/v1/tenants/default/integrations", api2Body("Tested"))).get("id").asString();
        sim.faults().denyPermission(0, io.maillake.simulator.LogType.ATTACHMENT);
        try {
            JsonNode result = json(admin.postJson("/api/v1/integrations/" + id + "/test", null));
            assertThat(result.get("ok").asBoolean()).isFalse();
            JsonNode url = result.get("checks").get(0);
            JsonNode attachment = result.get("checks").get(1);
            assertThat(url.get("logType").asString()).isEqualTo("url");
            assertThat(url.get("ok").asBoolean()).isTrue();
            assertThat(attachment.get("ok").asBoolean()).isFalse();
            assertThat(attachment.get("code").asString()).isEqualTo("permission_missing");
            assertThat(attachment.get("fix").asString()).contains("Attachment Protection");
        } finally {
            sim.faults().grantPermission(0, io.maillake.simulator.LogType.ATTACHMENT);
        }
    }

    @Test
    void collectedStreamsShowTheirStatusEventsAndHistory() {
        String id = json(admin.postJson("/api/v1/tenants/default/integrations", api2Body("Collected"))).get("id").asString();
        Sims.collect(server.app);
        JsonNode streams = json(admin.get("/api/v1/integrations/" + id + "/streams"));
        for (JsonNode s : streams) {
            assertThat(s.get("status").asString()).isEqualTo("CONNECTED");
            assertThat(s.get("events").asLong()).isPositive();
            assertThat(s.get("events24h").asLong()).isEqualTo(s.get("events").asLong());
            assertThat(s.get("lastEventTime").isNull()).isFalse();
        }
        JsonNode history = json(admin.get("/api/v1/integrations/" + id + "/streams/url/history"));
        assertThat(history.get(0).get("status").asString()).isEqualTo("CONNECTED");
        assertThat(admin.get("/api/v1/integrations/" + id + "/streams/impersonation/history").status()).isEqualTo(404);
    }

    @Test
    void anAnalystReadsButCannotChangeIntegrations() {
        String id = json(admin.postJson("/api/v1/tenants/default/integrations", api2Body("ReadOnly"))).get("id").asString();
        assertThat(analyst.get("/api/v1/integrations/" + id).status()).isEqualTo(200);
        assertThat(analyst.get("/api/v1/tenants/default/integrations").status()).isEqualTo(200);
        assertThat(analyst.json("PATCH", "/api/v1/integrations/" + id, "{\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(analyst.json("DELETE", "/api/v1/integrations/" + id, null).status()).isEqualTo(403);
        assertThat(analyst.postJson("/api/v1/integrations/" + id + "/test", null).status()).isEqualTo(403);
        assertThat(analyst.postJson("/api/v1/tenants/default/integrations", api2Body("Nope")).status()).isEqualTo(403);
        assertThat(analyst.json("PUT", "/api/v1/tenants/default/networks", "{\"domains\":[\"x.com\"]}").status()).isEqualTo(403);
        assertThat(json(analyst.postJson("/api/v1/tenants/default/integrations", api2Body("Nope"))).get("error").get("code").asString())
                .isEqualTo("forbidden");
    }

    @Test
    void myDomainsAndIpsArePrivateRangesUntilStatedAndCheckedWhenSet() {
        JsonNode before = json(admin.get("/api/v1/tenants/default/networks"));
        assertThat(before.get("cidrs").valueStream().map(JsonNode::asString)).contains("10.0.0.0/8", "fc00::/7");
        Client.Response bad = admin.json("PUT", "/api/v1/tenants/default/networks", "{\"domains\":[\"not a domain\"],\"cidrs\":[\"10.0.0.0/33\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("error").get("problems")).hasSize(2);
        Client.Response ok = admin.json("PUT", "/api/v1/tenants/default/networks", "{\"domains\":[\"Example.COM\"],\"cidrs\":[\"203.0.113.0/24\"]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(json(ok).get("domains").get(0).asString()).isEqualTo("example.com");
        assertThat(json(ok).get("set").asBoolean()).isTrue();
    }
}
