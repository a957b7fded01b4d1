package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.detect.Rule;
import io.maillake.detect.Rules;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code maillake rules list|validate|add|remove|enable|disable}: the detection rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Detection rules: built-in and your own (format: docs/detections.md).",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Validate.class, RulesCommand.Add.class, RulesCommand.Remove.class,
                RulesCommand.Enable.class, RulesCommand.Disable.class})
final class RulesCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Problems of a rule file name its YAML keys ({@code name:}, {@code followed_by.where:}), not command-line options. */
    static Rule ruleFile(Path file, java.util.function.Supplier<Rule> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            throw new Errors.FileProblems(file + " is not a valid rule", e.problems());
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("FILE: cannot read " + file + ": " + e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the rules of a tenant, with MITRE techniques and whether each is enabled.")
    static final class ListRules extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; } // the built-in rules are there before any data

        enum Format { table, json }

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        Integer run(Maillake app) {
            Tenant t = DomainsCommand.tenant(app, tenant);
            List<Rules.RuleView> views = app.rules().list(t.id());
            if (format == Format.json) {
                ArrayNode list = JSON.createArrayNode();
                for (Rules.RuleView v : views) {
                    ObjectNode o = list.addObject();
                    o.put("id", v.rule().id()).put("name", v.rule().name()).put("severity", v.rule().severity().id())
                            .put("enabled", v.enabled()).put("built_in", v.rule().builtIn()).put("description", v.rule().description());
                    o.set("mitre", JSON.valueToTree(v.rule().mitre()));
                    if (v.lastFailure() != null) o.put("last_failure", v.lastFailure());
                }
                out().println(list.toString());
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (Rules.RuleView v : views) {
                    rows.add(List.of(v.rule().id(), v.rule().severity().id(), String.join(",", v.rule().mitre()),
                            v.enabled() ? "on" : "off", v.rule().builtIn() ? "built-in" : "own",
                            v.lastFailure() == null ? v.rule().name() : v.rule().name() + " | FAILED: " + v.lastFailure()));
                }
                Tables.print(out(), List.of("ID", "SEVERITY", "MITRE", "ENABLED", "ORIGIN", "NAME"), rows, 120);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a rule file: parse it and dry-run its SQL through the read-only query engine. Changes nothing.")
    static final class Validate extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; }

        @Parameters(index = "0", paramLabel = "FILE", description = "A rule file (YAML).")
        Path file;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant the rule would belong to (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = DomainsCommand.tenant(app, tenant);
            Rule r = ruleFile(file, () -> app.rules().validate(read(file), t.id()));
            out().println("valid: " + r.id() + " (" + r.severity().id() + ", " + String.join(", ", r.mitre()) + "): " + r.name());
            if (app.rules().builtIn().stream().anyMatch(b -> b.id().equals(r.id()))) {
                out().println("note: '" + r.id() + "' is a built-in rule's id: `rules add` takes a tenant's own rule only under another id");
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add (or replace) one of a tenant's own rules from a file, after validating it. It evaluates events that land from now on.")
    static final class Add extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; }

        @Parameters(index = "0", paramLabel = "FILE", description = "A rule file (YAML).")
        Path file;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = DomainsCommand.tenant(app, tenant);
            Rule r = ruleFile(file, () -> app.rules().save(t.id(), read(file)));
            out().println("saved: " + r.id() + " for tenant " + t.name());
            out().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one of a tenant's own rules (its detections stay).")
    static final class Remove extends AppCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Override
        Integer run(Maillake app) {
            Tenant t = DomainsCommand.tenant(app, tenant);
            if (!app.rules().delete(t.id(), id)) throw new InvalidInputException("id: tenant " + t.name() + " has no own rule '" + id + "'");
            out().println("removed: " + id);
            out().flush();
            return 0;
        }
    }

    /** Enables or disables one rule for one tenant. */
    abstract static class Toggle extends AppCommand {
        @Override boolean mayCreateDataDir() { return true; }

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--tenant", defaultValue = "default", description = "Tenant id or name (default: ${DEFAULT-VALUE}).")
        String tenant;

        abstract boolean enable();

        @Override
        Integer run(Maillake app) {
            Tenant t = DomainsCommand.tenant(app, tenant);
            app.rules().setEnabled(t.id(), id, enable());
            out().println((enable() ? "enabled: " : "disabled: ") + id + " for tenant " + t.name());
            out().flush();
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a rule for a tenant.")
    static final class Enable extends Toggle {
        @Override
        boolean enable() { return true; }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a rule for a tenant.")
    static final class Disable extends Toggle {
        @Override
        boolean enable() { return false; }
    }
}
