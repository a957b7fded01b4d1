package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that change something must come from the console's own pages. */
class CsrfTest {
    @TempDir static Path dir;
    static Server server;

    @BeforeAll
    static void start() {
        server = new Server(dir);
        server.user("ada", Role.ADMIN, Set.of("default"));
        server.user("bob", Role.ADMIN, Set.of("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static boolean tenantExists(String name) {
        return server.app.store().tenant(name).isPresent();
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Client c = server.loggedIn("ada");
        String token = c.csrf;
        c.csrf = null;
        Client.Response r = c.post("/tenants", Map.of("name", "No Token Ltd"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(tenantExists("No Token Ltd")).isFalse();
        c.csrf = token;
        assertThat(c.post("/tenants", Map.of("name", "With Token Ltd")).status()).isEqualTo(302);
        assertThat(tenantExists("With Token Ltd")).isTrue();
    }

    @Test
    void anotherSessionsTokenIsRefused() {
        Client ada = server.loggedIn("ada");
        Client bob = server.loggedIn("bob");
        Client.Response r = ada.post("/tenants", Map.of("_csrf", bob.csrf, "name", "Borrowed Token Ltd"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(tenantExists("Borrowed Token Ltd")).isFalse();
    }

    @Test
    void anApiCallWithTheSessionCookieNeedsTheCsrfHeader() {
        Client c = server.loggedIn("ada");
        String token = c.csrf;
        c.csrf = null;
        Client.Response r = c.postJson("/api/v1/tenants", "{\"name\":\"Json No Token\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("\"code\":\"csrf\"");
        assertThat(tenantExists("Json No Token")).isFalse();
        c.csrf = token;
        assertThat(c.postJson("/api/v1/tenants", "{\"name\":\"Json With Token\"}").status()).isEqualTo(201);
    }

    @Test
    void aCrossSiteRequestIsRefusedEvenWithTheRightToken() {
        Client c = server.loggedIn("ada");
        Client.Response fromOtherOrigin = c.send(c.builder("/tenants").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + Client.enc(c.csrf) + "&name=Evil+Origin")));
        assertThat(fromOtherOrigin.status()).isEqualTo(403);
        Client.Response crossSite = c.send(c.builder("/tenants").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + Client.enc(c.csrf) + "&name=Cross+Site")));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(tenantExists("Evil Origin")).isFalse();
        assertThat(tenantExists("Cross Site")).isFalse();
        Client.Response sameOrigin = c.send(c.builder("/tenants").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", c.base).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + Client.enc(c.csrf) + "&name=Same+Origin")));
        assertThat(sameOrigin.status()).isEqualTo(302);
    }

    @Test
    void aBearerTokenNeedsNoCsrfToken() {
        Client c = server.loggedIn("ada");
        String token = Client.between(c.post("/account/tokens", Map.of("name", "csrf-test")).body(), "id=\"new-token\">", "</code>");
        assertThat(token).startsWith("mlk_");
        Client script = Client.bearer(server.port, token);
        assertThat(script.postJson("/api/v1/tenants", "{\"name\":\"By Script\"}").status()).isEqualTo(201);
    }
}
