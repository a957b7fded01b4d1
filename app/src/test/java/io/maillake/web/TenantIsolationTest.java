package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Principal;
import io.maillake.auth.Role;
import io.maillake.auth.User;
import io.maillake.domain.Integration;
import io.maillake.domain.Tenant;
import io.maillake.simulator.MimecastSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Users of tenant Alpha can neither read, list, query nor change anything of tenant Bravo, through
 * the API or the console; to them Bravo's things do not exist (404).
 */
class TenantIsolationTest {
    @TempDir static Path dir;
    static MimecastSimulator sim;
    static Server server;
    static Tenant alpha;
    static Tenant bravo;
    static Integration alphaIntegration;
    static Integration bravoIntegration;
    static User bravoAdmin;
    static Client alphaAdmin;
    static Client alphaAnalyst;

    @BeforeAll
    static void start() {
        sim = Sims.start(2);
        server = new Server(dir);
        Server.TwoTenants two = server.twoTenants();
        alpha = two.alpha();
        bravo = two.bravo();
        bravoAdmin = two.bravoAdmin();
        alphaIntegration = server.api2(alpha.id(), "Alpha Mimecast", sim, 0);
        bravoIntegration = server.api1(bravo.id(), "Bravo Mimecast", sim, 1);
        Sims.collect(server.app);
        alphaAdmin = server.loggedIn("alpha-admin");
        alphaAnalyst = server.loggedIn("alpha-analyst");
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
    }

    static JsonNode json(Client.Response r) {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void tenantsOfOthersAreNeitherListedNorReadable() {
        for (Client c : List.of(alphaAdmin, alphaAnalyst)) {
            assertThat(json(c.get("/api/v1/tenants")).valueStream().map(t -> t.get("id").asString())).containsExactly(alpha.id());
            assertThat(c.get("/api/v1/tenants/" + bravo.id()).status()).isEqualTo(404);
            assertThat(c.get("/api/v1/tenants/" + bravo.id() + "/integrations").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/tenants/" + bravo.id() + "/networks").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/tenants/" + bravo.id() + "/export").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/me").body()).doesNotContain(bravo.id());
        }
    }

    @Test
    void integrationsOfOthersCannotBeReadOrChanged() {
        String b = "/api/v1/integrations/" + bravoIntegration.id();
        for (Client c : List.of(alphaAdmin, alphaAnalyst)) {
            assertThat(c.get(b).status()).isEqualTo(404);
            assertThat(c.get(b + "/streams").status()).isEqualTo(404);
            assertThat(c.get(b + "/streams/url/history").status()).isEqualTo(404);
            assertThat(c.json("PATCH", b, "{\"name\":\"taken over\"}").status()).isEqualTo(404);
            assertThat(c.postJson(b + "/disable", null).status()).isEqualTo(404);
            assertThat(c.postJson(b + "/test", null).status()).isEqualTo(404);
            assertThat(c.json("DELETE", b, null).status()).isEqualTo(404);
            assertThat(c.postJson("/api/v1/tenants/" + bravo.id() + "/integrations", "{\"name\":\"planted\"}").status()).isEqualTo(404);
            assertThat(c.json("PUT", "/api/v1/tenants/" + bravo.id() + "/networks", "{\"domains\":[\"evil.example\"]}").status()).isEqualTo(404);
            assertThat(c.get("/api/v1/status").body()).contains(alphaIntegration.id()).doesNotContain(bravoIntegration.id());
            assertThat(c.get("/metrics").body()).contains(alphaIntegration.id()).doesNotContain(bravoIntegration.id());
        }
        Integration after = server.app.store().integration(bravoIntegration.id()).orElseThrow();
        assertThat(after.name()).isEqualTo("Bravo Mimecast");
        assertThat(after.enabled()).isTrue();
        assertThat(server.app.store().tenant(bravo.id()).orElseThrow().networksSet()).isFalse();
        assertThat(server.app.store().integrations(bravo.id())).hasSize(1);
    }

    @Test
    void queriesSeeOnlyTheCallersTenantsWhateverTheSqlSays() {
        for (Client c : List.of(alphaAdmin, alphaAnalyst)) {
            JsonNode all = json(c.postJson("/api/v1/query", "{\"sql\":\"select distinct tenant_id from email_events\"}"));
            assertThat(all.get("rows").valueStream().map(r -> r.get(0).asString())).containsExactly(alpha.id());
            JsonNode bravoRows = json(c.postJson("/api/v1/query", "{\"sql\":\"select count(*) from email_events where integration_id = '"
                    + bravoIntegration.id() + "' or tenant_id = '" + bravo.id() + "'\"}"));
            assertThat(bravoRows.get("rows").get(0).get(0).asLong()).isZero();
            assertThat(c.postJson("/api/v1/query", "{\"sql\":\"select 1\",\"tenants\":[\"" + bravo.id() + "\"]}").status()).isEqualTo(404);
            Client.Response page = c.get("/t/" + alpha.id() + "/search?q=" + Client.enc("select distinct tenant_id from email_events"));
            assertThat(page.body()).contains("<td>" + alpha.id() + "</td>").doesNotContain("<td>" + bravo.id() + "</td>");
        }
        // Bravo's data is really there, for Bravo
        Client bravoClient = server.loggedIn("bravo-admin");
        JsonNode own = json(bravoClient.postJson("/api/v1/query", "{\"sql\":\"select distinct tenant_id from email_events\"}"));
        assertThat(own.get("rows").valueStream().map(r -> r.get(0).asString())).containsExactly(bravo.id());
    }

    @Test
    void consolePagesOfOtherTenantsAreNotFound() {
        String t = "/t/" + bravo.id();
        for (Client c : List.of(alphaAdmin, alphaAnalyst)) {
            for (String path : List.of(t, t + "/integrations", t + "/search", t + "/search.csv", t + "/networks", t + "/detections",
                    t + "/integrations/new/mimecast", t + "/integrations/" + bravoIntegration.id(),
                    t + "/integrations/" + bravoIntegration.id() + "/edit",
                    "/t/" + alpha.id() + "/integrations/" + bravoIntegration.id(),
                    "/t/" + alpha.id() + "/integrations/" + bravoIntegration.id() + "/edit")) {
                Client.Response r = c.get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).doesNotContain("Bravo Mimecast");
            }
            assertThat(c.post(t + "/networks", Map.of("domains", "evil.example", "cidrs", "")).status()).isEqualTo(404);
            assertThat(c.post("/t/" + alpha.id() + "/integrations/" + bravoIntegration.id() + "/delete", Map.of()).status()).isEqualTo(404);
            assertThat(c.post(t + "/integrations/" + bravoIntegration.id() + "/disable", Map.of()).status()).isEqualTo(404);
            assertThat(c.get("/t/" + alpha.id() + "/integrations").body()).contains("Alpha Mimecast")
                    .doesNotContain("Bravo Mimecast").doesNotContain(">Bravo<");
        }
        assertThat(server.app.store().integration(bravoIntegration.id())).isPresent();
        assertThat(server.app.store().tenant(bravo.id()).orElseThrow().networksSet()).isFalse();
    }

    @Test
    void anAdministratorManagesOnlyUsersOfTheirOwnTenantsAndGrantsOnlyThose() {
        assertThat(json(alphaAdmin.get("/api/v1/users")).valueStream().map(u -> u.get("username").asString()))
                .contains("alpha-admin", "alpha-analyst").doesNotContain("bravo-admin", "admin");
        String u = "/api/v1/users/" + bravoAdmin.id();
        assertThat(alphaAdmin.get(u).status()).isEqualTo(404);
        assertThat(alphaAdmin.json("PATCH", u, "{\"disabled\":true}").status()).isEqualTo(404);
        assertThat(alphaAdmin.postJson(u + "/password", null).status()).isEqualTo(404);
        assertThat(alphaAdmin.json("DELETE", u, null).status()).isEqualTo(404);
        assertThat(alphaAdmin.get("/users/" + bravoAdmin.id()).status()).isEqualTo(404);

        Client.Response grant = alphaAdmin.postJson("/api/v1/users",
                "{\"username\":\"sneaky\",\"role\":\"analyst\",\"tenants\":[\"" + bravo.id() + "\"]}");
        assertThat(grant.status()).isEqualTo(400);
        assertThat(server.app.users().userByName("sneaky")).isEmpty();
        String self = json(alphaAdmin.get("/api/v1/me")).get("id").asString();
        assertThat(alphaAdmin.json("PATCH", "/api/v1/users/" + self, "{\"tenants\":[\"" + alpha.id() + "\",\"" + bravo.id() + "\"]}").status())
                .isEqualTo(400);
        assertThat(server.app.users().user(self).orElseThrow().tenants()).containsExactly(alpha.id());

        // a new administrator with no tenant yet belongs to no one tenant's administrator
        io.maillake.auth.User fresh = server.user("fresh-admin", io.maillake.auth.Role.ADMIN, java.util.Set.of());
        assertThat(json(alphaAdmin.get("/api/v1/users")).valueStream().map(x -> x.get("username").asString())).doesNotContain("fresh-admin");
        assertThat(alphaAdmin.postJson("/api/v1/users/" + fresh.id() + "/password", null).status()).isEqualTo(404);
        assertThat(alphaAdmin.json("PATCH", "/api/v1/users/" + fresh.id(), "{\"role\":\"analyst\"}").status()).isEqualTo(404);

        assertThat(alphaAnalyst.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(alphaAnalyst.get("/users").status()).isEqualTo(403);
        assertThat(bravoAdmin.isAdmin()).isTrue();
        assertThat(server.app.users().user(bravoAdmin.id()).orElseThrow().disabled()).isFalse();
    }

    @Test
    void aNewTenantIsGrantedToItsCreatorOnly() {
        String id = json(alphaAdmin.postJson("/api/v1/tenants", "{\"name\":\"Charlie\"}")).get("id").asString();
        assertThat(json(alphaAdmin.get("/api/v1/tenants")).valueStream().map(t -> t.get("id").asString())).contains(id);
        assertThat(alphaAnalyst.get("/api/v1/tenants/" + id).status()).isEqualTo(404);
        assertThat(alphaAnalyst.postJson("/api/v1/tenants", "{\"name\":\"Delta\"}").status()).isEqualTo(403);
        Principal none = new Principal(server.app.users().userByName("bravo-admin").orElseThrow(), Principal.Via.TOKEN, null, null, null);
        assertThat(server.app.accounts().tenants(none)).extracting(Tenant::id).containsExactly(bravo.id());
    }
}
