package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.Tenant;
import io.maillake.mimecast.BaseUrlPolicy;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import io.maillake.web.FirstStart;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maillake demo}: the simulator in-process with live traffic, a demo integration on API 2.0
 * and another on API 1.0 collecting all three log types, and {@code serve}. Everything is real but
 * Mimecast; the data directory is the usual one, so other commands (e.g. {@code query}) see the
 * demo's data while it runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Maillake against a built-in Mimecast simulator with live traffic, and serve the console.")
final class DemoCommand extends AppCommand {
    @Override boolean mayCreateDataDir() { return true; }

    static final String API2_NAME = "Demo (API 2.0)";
    static final String API1_NAME = "Demo (API 1.0)";

    @Option(names = "--port", defaultValue = "8080", description = "Console port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--history", defaultValue = "PT24H", description = "How much past traffic the simulator holds (default ${DEFAULT-VALUE}).")
    Duration history;

    /** The demo talks to a local http:// simulator, so it opens the data directory allowing insecure base URLs. */
    @Override
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(super.environment());
        env.put(BaseUrlPolicy.ALLOW_INSECURE_ENV, "true");
        return env;
    }

    @Override
    Integer run(Maillake app) throws InterruptedException {
        MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(42).history(history).build());
        try {
            err().println("simulator (a fake Mimecast) listening at " + sim.baseUrl());
            setUp(app, sim);
            err().flush();
            FirstStart.demo(app, out());
            ServeCommand.serve(app, host, port, app.config().collectSettings(), this, null);
        } finally {
            sim.close();
        }
        return 0;
    }

    /** Creates the demo integrations, or points them at this run's simulator; states My domains once. */
    static void setUp(Maillake app, MimecastSimulator sim) {
        Tenant tenant = app.store().tenant(Tenant.DEFAULT_ID).orElseThrow();
        if (!tenant.networksSet()) {
            app.store().setNetworks(tenant.id(), MyNetworks.parse(sim.account(0).domains(), MyNetworks.PRIVATE_RANGES));
        }
        var v2 = sim.account(0).api2();
        var v1 = sim.account(0).api1();
        List<String> all = List.of("url", "impersonation", "attachment");
        String base = sim.baseUrl().toString();
        upsert(app, tenant, API2_NAME, new IntegrationDraft(API2_NAME, "Simulated Mimecast account, API 2.0 client credentials",
                base, null, null, null, null, v2.clientId(), v2.clientSecret(), all, true));
        upsert(app, tenant, API1_NAME, new IntegrationDraft(API1_NAME, "Simulated Mimecast account, API 1.0 keys",
                base, v1.appId(), v1.appKey(), v1.accessKey(), v1.secretKey(), null, null, all, true));
    }

    private static void upsert(Maillake app, Tenant tenant, String name, IntegrationDraft draft) {
        Integration existing = app.store().integrations(tenant.id()).stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
        if (existing == null) app.integrations().add(tenant.id(), draft);
        else app.integrations().update(existing.id(), draft);
    }
}
