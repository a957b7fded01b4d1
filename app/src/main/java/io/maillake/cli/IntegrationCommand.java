package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.IntegrationDraft;
import io.maillake.domain.StreamStatus;
import io.maillake.mimecast.LogType;
import io.maillake.service.Integrations;
import io.maillake.web.Json;
import io.maillake.web.LakeStats;
import io.maillake.web.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maillake integration add|list|test|update|delete}. */
@Command(name = "integration", mixinStandardHelpOptions = true, description = "Register and check Mimecast integrations.",
        subcommands = {IntegrationCommand.Add.class, IntegrationCommand.ListCmd.class, IntegrationCommand.Test.class,
                IntegrationCommand.Update.class, IntegrationCommand.Delete.class})
final class IntegrationCommand {
    /** Where the fix of a failure with this code is made: most are settings in Mimecast, a bad base URL is ours. */
    static String fixLabel(String code) {
        return io.maillake.collect.Collector.INVALID_CONFIGURATION.equals(code) ? "fix in Maillake" : "fix in Mimecast";
    }

    /** The options of add and update. Secrets may come from the environment or a prompt instead of the command line. */
    static class Fields {
        @Option(names = "--name", description = "Name, unique in the tenant.")
        String name;

        @Option(names = "--description", description = "Free text.")
        String description;

        @Option(names = "--base-url", description = "Base URL of the account's region, e.g. https://eu-api.mimecast.com "
                + "(API 1.0) or https://api.services.mimecast.com (API 2.0).")
        String baseUrl;

        @Option(names = "--types", split = ",", description = "Log types to collect: url, impersonation, attachment.")
        List<String> types;

        @Option(names = "--app-id", description = "API 1.0 application ID (a GUID).")
        String appId;

        @Option(names = "--app-key", arity = "0..1", fallbackValue = PROMPT, description = "API 1.0 application key (a GUID). "
                + "Without a value: prompt. Or set MAILLAKE_APP_KEY.")
        String appKey;

        @Option(names = "--access-key", arity = "0..1", fallbackValue = PROMPT, description = "API 1.0 access key. "
                + "Without a value: prompt. Or set MAILLAKE_ACCESS_KEY.")
        String accessKey;

        @Option(names = "--secret-key", arity = "0..1", fallbackValue = PROMPT, description = "API 1.0 secret key (base64). "
                + "Without a value: prompt. Or set MAILLAKE_SECRET_KEY.")
        String secretKey;

        @Option(names = "--client-id", description = "API 2.0 client ID.")
        String clientId;

        @Option(names = "--client-secret", arity = "0..1", fallbackValue = PROMPT, description = "API 2.0 client secret. "
                + "Without a value: prompt. Or set MAILLAKE_CLIENT_SECRET.")
        String clientSecret;

        /** What a secret option holds when given without a value: ask for it. */
        static final String PROMPT = "\u0000prompt";

        /**
         * The environment's secrets fill in only for the API generation the command line chose: a shell that still
         * exports {@code MAILLAKE_SECRET_KEY} from an API 1.0 integration can add an API 2.0 one.
         */
        IntegrationDraft draft(Boolean enabled, java.util.Map<String, String> env, CommandSpec spec) {
            boolean api1 = appId != null || appKey != null || accessKey != null || secretKey != null;
            boolean api2 = clientId != null || clientSecret != null;
            java.util.Map<String, String> api1Env = api2 && !api1 ? java.util.Map.of() : env;
            java.util.Map<String, String> api2Env = api1 && !api2 ? java.util.Map.of() : env;
            return new IntegrationDraft(name, description, baseUrl, appId,
                    secret(appKey, "--app-key (API 1.0 application key)", api1Env.get("MAILLAKE_APP_KEY"), spec),
                    secret(accessKey, "--access-key (API 1.0 access key)", api1Env.get("MAILLAKE_ACCESS_KEY"), spec),
                    secret(secretKey, "--secret-key (API 1.0 secret key, base64)", api1Env.get("MAILLAKE_SECRET_KEY"), spec), clientId,
                    secret(clientSecret, "--client-secret (API 2.0 client secret)", api2Env.get("MAILLAKE_CLIENT_SECRET"), spec),
                    types, enabled);
        }

        /** A secret option's value: asked for when given without one, else the environment's when left out. */
        static String secret(String value, String label, String fromEnv, CommandSpec spec) {
            if (PROMPT.equals(value)) return Main.prompt(spec, label);
            return value != null ? value : fromEnv;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a Mimecast account; prints the new integration's id.")
    static final class Add extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; }

        @picocli.CommandLine.Mixin Fields fields;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--disabled", description = "Register without collecting yet.")
        boolean disabled;

        @Override
        Integer run(Maillake app) {
            String tenantId = DomainsCommand.tenant(app, tenant).id();
            Integration created = app.integrations().add(tenantId, fields.draft(!disabled, environment(), spec));
            out().println(created.id());
            err().println("added integration '" + created.name() + "' (API " + created.generation().version() + ", "
                    + types(created) + ") to tenant " + tenantId + "; check it with: maillake integration test " + created.id());
            out().flush();
            err().flush();
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an integration; secrets not given are kept.")
    static final class Update extends AppCommand {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @picocli.CommandLine.Mixin Fields fields;

        @Option(names = "--enabled", negatable = true, description = "Enable or disable collection.")
        Boolean enabled;

        @Override
        Integer run(Maillake app) {
            Integration updated = app.integrations().update(id, fields.draft(enabled, environment(), spec));
            out().println(updated.id());
            out().flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove an integration. Events it collected stay in the lake; collection stops.")
    static final class Delete extends AppCommand {
        @Parameters(index = "0", paramLabel = "ID") String id;

        @Override
        Integer run(Maillake app) {
            Integration i = app.integrations().get(id);
            app.integrations().delete(id);
            err().println("deleted integration '" + i.name() + "'; the events it collected stay in the lake");
            err().flush();
            return 0;
        }
    }

    enum Format { table, json }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List integrations with the status of each log type.")
    static final class ListCmd extends AppCommand {
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--tenant", description = "Only this tenant (default: all).")
        String tenant;

        @Override
        Integer run(Maillake app) {
            Integrations integrations = app.integrations();
            List<Integration> all = new ArrayList<>();
            for (var t : app.store().tenants()) {
                if (tenant != null && !t.id().equals(tenant) && !t.name().equals(tenant)) continue;
                all.addAll(app.store().integrations(t.id()));
            }
            if (format == Format.json) {
                // The same document as GET /api/v1/tenants/{t}/integrations, so scripts read one shape.
                LakeStats stats = new LakeStats(app.queries(), app.clock(), () -> app.lake().lastFileSequence());
                List<Views.IntegrationView> views = new ArrayList<>();
                for (Integration i : all) {
                    views.add(Views.IntegrationView.of(i, Views.StreamView.all(integrations.streams(i), stats.last24h(i.tenantId()))));
                }
                out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(views));
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (Integration i : all) {
                    for (StreamStatus s : integrations.streams(i)) {
                        rows.add(List.of(i.id(), i.tenantId(), i.name(), "API " + i.generation().version(), s.logType().id(),
                                s.state().name(), s.lagSeconds() == null ? "-" : s.lagSeconds() + " s", Long.toString(s.events()),
                                s.errorCode() == null ? "" : s.errorCode() + (s.errorFix() == null ? "" : ": " + s.errorFix())));
                    }
                }
                Tables.print(out(), List.of("ID", "TENANT", "NAME", "API", "TYPE", "STATUS", "LAG", "EVENTS", "PROBLEM"), rows, 80);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Preflight: authenticate and read one record of each selected log type; says what to fix in Mimecast.")
    static final class Test extends AppCommand {
        @Parameters(index = "0", paramLabel = "ID") String id;

        @Override
        Integer run(Maillake app) {
            boolean allOk = true;
            for (Integrations.TypeCheck c : app.integrations().test(id)) {
                if (c.ok()) {
                    out().println(c.type().id() + ": OK (" + c.message() + ")");
                } else {
                    allOk = false;
                    out().println(c.type().id() + ": FAILED " + c.code() + ": " + c.message());
                    if (c.fix() != null) out().println("  " + fixLabel(c.code()) + ": " + c.fix());
                }
            }
            out().flush();
            return allOk ? 0 : 1;
        }
    }

    static String types(Integration i) {
        return i.logTypes().stream().sorted().map(LogType::id).collect(Collectors.joining(","));
    }
}
