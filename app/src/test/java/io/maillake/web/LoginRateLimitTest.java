package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.LoginThrottle;
import io.maillake.auth.Role;
import io.maillake.simulator.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password guessing through the login form is slowed down, per user name and per address. */
class LoginRateLimitTest {
    @TempDir static Path dir;
    static final MutableClock clock = new MutableClock(Instant.now());
    static Server server;

    @BeforeAll
    static void start() {
        server = new Server(dir, clock, new WebServer.Settings(null));
        server.user("victim", Role.ADMIN, Set.of("default"));
        server.user("bystander", Role.ANALYST, Set.of("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneIsRefusedUntilTheWindowPasses() {
        Client c = server.client();
        for (int i = 0; i < LoginThrottle.Limits.DEFAULT.perUser(); i++) {
            assertThat(c.login("victim", "guess number " + i).status()).isEqualTo(401);
        }
        Client.Response blocked = c.login("victim", Server.PASSWORD);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isPositive();
        assertThat(blocked.body()).contains("Too many failed logins");
        assertThat(c.cookie("maillake_session")).isNull();
        // the name is what is limited, whatever its case
        assertThat(server.client().login("VICTIM", Server.PASSWORD).status()).isEqualTo(429);

        assertThat(server.client().login("bystander", Server.PASSWORD).status()).isEqualTo(302);

        clock.advance(LoginThrottle.Limits.DEFAULT.window().plusSeconds(1));
        assertThat(server.client().login("victim", Server.PASSWORD).status()).isEqualTo(302);
    }

    @Test
    void sprayingManyUserNamesFromOneAddressIsBlocked() {
        Client c = server.client();
        int limit = LoginThrottle.Limits.DEFAULT.perAddress();
        for (int i = 0; i < limit; i++) assertThat(c.login("sprayed-" + i, "password" + i).status()).isEqualTo(401);
        assertThat(c.login("sprayed-new", "password").status()).isEqualTo(429);
        assertThat(c.login("bystander", Server.PASSWORD).status()).isEqualTo(429);
        clock.advance(LoginThrottle.Limits.DEFAULT.window().plusSeconds(1));
        assertThat(c.login("bystander", Server.PASSWORD).status()).isEqualTo(302);
    }
}
