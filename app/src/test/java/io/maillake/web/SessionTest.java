package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Accounts;
import io.maillake.auth.Role;
import io.maillake.simulator.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, session cookies, session fixation, logout and expiry, through real HTTP. */
class SessionTest {
    @TempDir static Path dir;
    static final MutableClock clock = new MutableClock(Instant.now());
    static Server server;

    @BeforeAll
    static void start() {
        server = new Server(dir, clock, new WebServer.Settings(null));
        server.user("sam", Role.ANALYST, Set.of("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndNotSecureOverPlainHttp() {
        Client c = server.client();
        Client.Response r = c.login("sam", Server.PASSWORD);
        assertThat(r.status()).isEqualTo(302);
        String cookie = r.headers("Set-Cookie").stream().filter(h -> h.startsWith("maillake_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");
        assertThat(cookie).contains("Path=/");
    }

    @Test
    void theSessionCookieIsSecureWhenTheConsoleIsServedOverHttps(@TempDir Path other) {
        try (Server behindTls = new Server(other, clock, new WebServer.Settings(true))) {
            behindTls.user("tia", Role.ANALYST, Set.of("default"));
            Client c = behindTls.client();
            Client.Response form = c.get("/login");
            String loginCookie = form.headers("Set-Cookie").stream().filter(h -> h.startsWith("maillake_login=")).findFirst().orElseThrow();
            assertThat(loginCookie).contains("Secure").contains("HttpOnly");
            // a client over plain HTTP keeps Secure cookies to itself, so send it by hand as a browser on HTTPS would
            String token = Client.field(form.body());
            Client.Response r = c.send(c.builder("/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "maillake_login=" + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + Client.enc(token) + "&username=tia&password="
                            + Client.enc(Server.PASSWORD))));
            assertThat(r.status()).isEqualTo(302);
            String cookie = r.headers("Set-Cookie").stream().filter(h -> h.startsWith("maillake_session=")).findFirst().orElseThrow();
            assertThat(cookie).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        }
    }

    /** Logs in with a planted session cookie, as a victim's browser would after an attacker set it. */
    private static Client.Response loginWithPlanted(Client victim, String plantedSession) {
        victim.setCookie("maillake_session", plantedSession);
        String token = "t".repeat(43);
        victim.setCookie("maillake_login", token);
        return victim.post("/login", Map.of("_csrf", token, "username", "sam", "password", Server.PASSWORD));
    }

    @Test
    void aSessionIdPlantedBeforeLoginIsReplacedAndGrantsNothing() {
        Client attacker = server.loggedIn("sam");
        String attackersId = attacker.cookie("maillake_session");
        Client victim = server.client();
        assertThat(loginWithPlanted(victim, attackersId).status()).isEqualTo(302);
        String victimsId = victim.cookie("maillake_session");
        assertThat(victimsId).isNotEqualTo(attackersId);
        // the planted session ended when the browser logged in with it
        assertThat(attacker.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(victim.get("/api/v1/me").status()).isEqualTo(200);

        Client chosen = server.client();
        String chosenId = "attacker-chosen-value-0000000000000000000";
        assertThat(loginWithPlanted(chosen, chosenId).status()).isEqualTo(302);
        assertThat(chosen.cookie("maillake_session")).isNotEqualTo(chosenId).hasSizeGreaterThan(40);
        Client replay = server.client();
        replay.setCookie("maillake_session", chosenId);
        assertThat(replay.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void loggingOutEndsTheSessionOnTheServer() {
        Client c = server.loggedIn("sam");
        String id = c.cookie("maillake_session");
        assertThat(c.post("/logout", Map.of()).status()).isEqualTo(302);
        Client replay = server.client();
        replay.setCookie("maillake_session", id);
        assertThat(replay.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfterBeingIdleAndAfterItsMaximumAge() {
        Client idle = server.loggedIn("sam");
        clock.advance(Accounts.SESSION_IDLE.plusMinutes(1));
        assertThat(idle.get("/api/v1/me").status()).isEqualTo(401);

        Client busy = server.loggedIn("sam");
        for (Duration d = Duration.ZERO; d.compareTo(Accounts.SESSION_MAX) < 0; d = d.plusHours(4)) {
            clock.advance(Duration.ofHours(4));
            if (d.plusHours(4).compareTo(Accounts.SESSION_MAX) < 0) assertThat(busy.get("/api/v1/me").status()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(busy.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void pagesSendStrangersToTheLoginAndTheApiAnswers401() {
        Client c = server.client();
        Client.Response page = c.get("/t/default/integrations");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/login?next=%2Ft%2Fdefault%2Fintegrations");
        Client.Response api = c.get("/api/v1/tenants");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.body()).contains("\"code\":\"unauthenticated\"");
        assertThat(c.get("/healthz").status()).isEqualTo(200);
        assertThat(c.get("/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(c.get("/metrics").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        Client c = server.client();
        Client.Response wrong = c.login("sam", "not the password at all");
        Client.Response unknown = c.login("nobody-here", "not the password at all");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(errorOf(wrong.body())).isEqualTo(errorOf(unknown.body())).contains("user name or password is not right");
    }

    @Test
    void theLoginFormNeedsItsOwnTokenAndNeverRedirectsOffSite() {
        Client c = server.client();
        c.get("/login");
        Client.Response forged = c.post("/login", Map.of("_csrf", "forged", "username", "sam", "password", Server.PASSWORD));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(c.cookie("maillake_session")).isNull();

        Client.Response form = c.get("/login?next=//evil.example.com/x");
        Client.Response r = c.post("/login", Map.of("_csrf", Client.field(form.body()), "username", "sam", "password", Server.PASSWORD,
                "next", "//evil.example.com/x"));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.location()).isEqualTo("/");
    }

    @Test
    void aLoggedInUserIsSentWhereTheyWereGoing() {
        Client c = server.client();
        Client.Response form = c.get("/login?next=/t/default/search");
        Client.Response r = c.post("/login", Map.of("_csrf", Client.field(form.body()), "username", "sam", "password", Server.PASSWORD,
                "next", "/t/default/search"));
        assertThat(r.location()).isEqualTo("/t/default/search");
    }

    @Test
    void everyResponseCarriesProtectiveHeaders() {
        Client.Response r = server.client().get("/login");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    private static String errorOf(String html) {
        int i = html.indexOf("id=\"login-error\"");
        return html.substring(html.indexOf('>', i) + 1, html.indexOf("</p>", i));
    }
}
