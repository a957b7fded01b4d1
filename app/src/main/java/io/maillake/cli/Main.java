package io.maillake.cli;

import io.maillake.simulator.cli.SimulatorCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code maillake}: one entry point for every command (DESIGN.md, "Command line"). */
@Command(name = "maillake", mixinStandardHelpOptions = true, version = "Maillake 0.1.0",
        description = "Mimecast threat-protection logs into a security data lake, normalised to OCSF.",
        subcommands = {ServeCommand.class, DemoCommand.class, IntegrationCommand.class, DomainsCommand.class, CollectCommand.class, QueryCommand.class, ExportCommand.class, DetectCommand.class, RulesCommand.class,
                SimulatorCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static final String DATA_DIR_ENV = "MAILLAKE_DATA_DIR";

    /** The process environment; tests give their own. */
    private final java.util.Map<String, String> env;

    Main(java.util.Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where Maillake keeps its state and lake (default ./maillake-data, or $" + DATA_DIR_ENV + ").")
    Path dataDir;

    /** The data directory of the command line {@code spec} belongs to. */
    static Path dataDir(picocli.CommandLine.Model.CommandSpec spec) {
        return root(spec).dataDir();
    }

    /** The environment of the command line {@code spec} belongs to. */
    static java.util.Map<String, String> environment(picocli.CommandLine.Model.CommandSpec spec) {
        return root(spec).env;
    }

    private static Main root(picocli.CommandLine.Model.CommandSpec spec) {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) root = root.getParent();
        return (Main) root.getCommand();
    }

    /** The data directory: the option, else the environment, else {@code ./maillake-data}. */
    Path dataDir() {
        if (dataDir != null) return dataDir;
        String fromEnv = env.get(DATA_DIR_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "maillake-data");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** A command line that sees {@code env} as its environment. */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        return new CommandLine(new Main(env)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new Errors());
    }
}
