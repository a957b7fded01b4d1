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
        subcommands = {ServeCommand.class, DemoCommand.class, IntegrationCommand.class, DomainsCommand.class, CollectCommand.class, QueryCommand.class, ExportCommand.class, DetectCommand.class, RulesCommand.class, WebhookCommand.class,
                SimulatorCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static final String DATA_DIR_ENV = "MAILLAKE_DATA_DIR";

    /** The process environment; tests give their own. */
    private final java.util.Map<String, String> env;
    /** Where prompted values are read from when no terminal is at hand; null: standard input. */
    private final java.io.InputStream input;
    private java.io.BufferedReader lines;

    Main(java.util.Map<String, String> env) {
        this(env, null);
    }

    Main(java.util.Map<String, String> env, java.io.InputStream input) {
        this.env = env;
        this.input = input;
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

    /**
     * Asks for a value the command line left open (a secret): on a terminal without echo; otherwise one line of
     * standard input, the prompt on stderr, so that stdout carries only the command's result. Null at end of input.
     */
    static String prompt(picocli.CommandLine.Model.CommandSpec spec, String label) {
        Main root = root(spec);
        java.io.Console console = System.console();
        if (root.input == null && console != null && isTerminal(console)) {
            char[] value = console.readPassword("%s: ", label);
            return value == null ? null : new String(value);
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.print(label + ": ");
        err.flush();
        try {
            if (root.lines == null) {
                root.lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                        root.input != null ? root.input : System.in, java.nio.charset.StandardCharsets.UTF_8));
            }
            String line = root.lines.readLine();
            err.println();
            return line == null ? null : line.strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + label + " from standard input", e);
        }
    }

    /** On 22 and later a console exists even when input or output is redirected; it then says it is no terminal. */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // 21: there is a console only on a terminal
        }
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
        return commandLine(env, null);
    }

    /** A command line that sees {@code env} as its environment and reads prompted values from {@code input}. */
    static CommandLine commandLine(java.util.Map<String, String> env, java.io.InputStream input) {
        return new CommandLine(new Main(env, input)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new Errors());
    }
}
