package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import io.maillake.simulator.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** API tokens for scripts: bearer credentials that act as their user, shown once, revocable, expiring. */
class ApiTokenTest {
    @TempDir static Path dir;
    static final MutableClock clock = new MutableClock(Instant.now());
    static Server server;

    @BeforeAll
    static void start() {
        server = new Server(dir, clock, new WebServer.Settings(null));
        server.user("ana", Role.ANALYST, Set.of("default"));
        server.user("adm", Role.ADMIN, Set.of("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(Client.Response r) {
        return Json.MAPPER.readTree(r.body());
    }

    static String token(Client c, String body) {
        Client.Response r = c.postJson("/api/v1/me/tokens", body);
        assertThat(r.status()).isEqualTo(201);
        return json(r).get("token").asString();
    }

    @Test
    void aTokenActsAsItsUserWithTheirRoleAndTenants() {
        Client ana = server.loggedIn("ana");
        Client script = Client.bearer(server.port, token(ana, "{\"name\":\"reporting\"}"));
        assertThat(json(script.get("/api/v1/me")).get("username").asString()).isEqualTo("ana");
        assertThat(script.postJson("/api/v1/query", "{\"sql\":\"select 1\"}").status()).isEqualTo(200);
        assertThat(script.postJson("/api/v1/tenants", "{\"name\":\"Not for analysts\"}").status()).isEqualTo(403);
        assertThat(script.get("/metrics").status()).isEqualTo(200);
        JsonNode listed = json(ana.get("/api/v1/me/tokens")).valueStream().filter(t -> t.get("name").asString().equals("reporting"))
                .findFirst().orElseThrow();
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void aTokenMadeWithAnExpiringTokenExpiresWithItAtTheLatest() {
        Client ana = server.loggedIn("ana");
        Client script = Client.bearer(server.port, token(ana, "{\"name\":\"one day\",\"expiresInDays\":1}"));
        Instant dayEnd = Instant.parse(json(ana.get("/api/v1/me/tokens")).valueStream()
                .filter(t -> t.get("name").asString().equals("one day")).findFirst().orElseThrow().get("expiresAt").asString());
        for (String body : new String[] {"{\"name\":\"forever\"}", "{\"name\":\"a year\",\"expiresInDays\":365}"}) {
            Client.Response made = script.postJson("/api/v1/me/tokens", body);
            assertThat(made.status()).isEqualTo(201);
            assertThat(Instant.parse(json(made).get("expiresAt").asString())).as(body).isEqualTo(dayEnd);
        }
    }

    @Test
    void aFractionOfADayIsNotAnExpiry() {
        Client.Response r = server.loggedIn("ana").postJson("/api/v1/me/tokens", "{\"name\":\"half\",\"expiresInDays\":1.5}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("expiresInDays");
    }

    @Test
    void resettingAUsersPasswordRevokesTheirTokens() {
        server.user("reset-me", Role.ANALYST, Set.of("default"));
        Client user = server.loggedIn("reset-me");
        Client script = Client.bearer(server.port, token(user, "{\"name\":\"theirs\"}"));
        assertThat(script.get("/api/v1/me").status()).isEqualTo(200);
        Client adm = server.loggedIn("adm");
        String id = json(adm.get("/api/v1/users")).valueStream().filter(u -> u.get("username").asString().equals("reset-me"))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(adm.postJson("/api/v1/users/" + id + "/password", null).status()).isEqualTo(200);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenIsRefused() {
        Client adm = server.loggedIn("adm");
        String token = token(adm, "{\"name\":\"to revoke\"}");
        Client script = Client.bearer(server.port, token);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(200);
        String id = json(adm.get("/api/v1/me/tokens")).valueStream().filter(t -> t.get("name").asString().equals("to revoke"))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(adm.json("DELETE", "/api/v1/me/tokens/" + id, null).status()).isEqualTo(204);
        Client.Response refused = script.get("/api/v1/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void anExpiredTokenAndADisabledUsersTokenAreRefused() {
        Client ana = server.loggedIn("ana");
        Client shortLived = Client.bearer(server.port, token(ana, "{\"name\":\"short\",\"expiresInDays\":1}"));
        assertThat(shortLived.get("/api/v1/me").status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(shortLived.get("/api/v1/me").status()).isEqualTo(401);

        Client adm = server.loggedIn("adm");
        Client disabledUsers = Client.bearer(server.port, token(server.loggedIn("ana"), "{\"name\":\"long\"}"));
        String anaId = server.app.users().userByName("ana").orElseThrow().id();
        assertThat(adm.json("PATCH", "/api/v1/users/" + anaId, "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(disabledUsers.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(server.client().login("ana", Server.PASSWORD).status()).isEqualTo(401);
        assertThat(adm.json("PATCH", "/api/v1/users/" + anaId, "{\"disabled\":false}").status()).isEqualTo(200);
        assertThat(disabledUsers.get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void aMalformedOrUnknownTokenIsRefusedWithoutFallingBackToTheCookie() {
        Client ana = server.loggedIn("ana");
        ana.bearer = "mlk_not-a-real-token";
        assertThat(ana.get("/api/v1/me").status()).isEqualTo(401);
        ana.bearer = null;
        assertThat(ana.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(ana.send(ana.builder("/api/v1/me").header("Authorization", "Basic YWRtaW46YWRtaW4=")).status()).isEqualTo(401);
    }
}
