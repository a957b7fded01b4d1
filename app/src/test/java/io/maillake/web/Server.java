package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.auth.Principal;
import io.maillake.auth.Role;
import io.maillake.auth.User;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.simulator.MimecastSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Maillake data directory with the console on a free port, for tests; optionally a simulator. */
final class Server implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";

    final Maillake app;
    final WebServer web;
    final int port;

    Server(Path dir, Clock clock, WebServer.Settings settings) {
        // simulators and test webhook receivers listen on http://127.0.0.1
        app = Maillake.open(dir, Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true", "MAILLAKE_WEBHOOK_ALLOW_LOOPBACK", "true"), clock);
        web = WebServer.start(app, "127.0.0.1", 0, settings);
        port = web.port();
    }

    Server(Path dir) {
        this(dir, Clock.systemUTC(), new WebServer.Settings(null));
    }

    Client client() {
        return new Client(port);
    }

    /** A user created directly in the store (the first admin, made on the fly, grants every tenant). */
    /** Tenants Alpha and Bravo, with {@code alpha-admin} and {@code alpha-analyst} of Alpha and {@code bravo-admin} of Bravo. */
    record TwoTenants(io.maillake.domain.Tenant alpha, io.maillake.domain.Tenant bravo, User bravoAdmin) { }

    TwoTenants twoTenants() {
        io.maillake.domain.Tenant alpha = app.store().createTenant("Alpha");
        io.maillake.domain.Tenant bravo = app.store().createTenant("Bravo");
        user("alpha-admin", Role.ADMIN, Set.of(alpha.id()));
        user("alpha-analyst", Role.ANALYST, Set.of(alpha.id()));
        return new TwoTenants(alpha, bravo, user("bravo-admin", Role.ADMIN, Set.of(bravo.id())));
    }

    User user(String name, Role role, Set<String> tenants) {
        app.accounts().ensureFirstAdmin();
        User admin = app.users().userByName("admin").orElseThrow();
        app.users().updateUser(admin.id(), Role.ADMIN, allTenants(), false);
        Principal root = new Principal(app.users().user(admin.id()).orElseThrow(), Principal.Via.SESSION, null, null, null);
        return app.accounts().createUser(root, name, role.id(), tenants, PASSWORD).user();
    }

    Set<String> allTenants() {
        return Set.copyOf(app.store().tenants().stream().map(t -> t.id()).toList());
    }

    Client loggedIn(String name) {
        Client c = client();
        Client.Response r = c.login(name, PASSWORD);
        if (r.status() != 302) throw new AssertionError("login of " + name + " failed: " + r.status() + " " + r.body());
        return c;
    }

    Integration api1(String tenant, String name, MimecastSimulator sim, int account) {
        var k = sim.account(account).api1();
        return app.integrations().add(tenant, new IntegrationDraft(name, "test", sim.baseUrl().toString(), k.appId(), k.appKey(),
                k.accessKey(), k.secretKey(), null, null, List.of("url", "impersonation", "attachment"), true));
    }

    Integration api2(String tenant, String name, MimecastSimulator sim, int account) {
        var k = sim.account(account).api2();
        return app.integrations().add(tenant, new IntegrationDraft(name, "test", sim.baseUrl().toString(), null, null, null, null,
                k.clientId(), k.clientSecret(), List.of("url", "impersonation", "attachment"), true));
    }

    @Override
    public void close() {
        web.close();
        app.close();
    }
}
