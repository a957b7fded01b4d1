package io.maillake.cli;

import io.maillake.Maillake;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of the commands that work on a data directory. Failures reach {@link Errors}, which prints them clearly. */
abstract class AppCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Opens the data directory for the duration of {@link #run}. */
    @Override
    public final Integer call() throws Exception {
        java.nio.file.Path dir = Main.dataDir(spec);
        if (!mayCreateDataDir() && !java.nio.file.Files.isDirectory(dir)) {
            throw new io.maillake.domain.InvalidInputException(java.util.List.of("--data-dir: there is no Maillake data directory at "
                    + dir.toAbsolutePath() + "; check --data-dir or MAILLAKE_DATA_DIR (serve, demo, integration add and domains set create one)"));
        }
        try (Maillake app = Maillake.open(dir, environment(), Clock.systemUTC())) {
            return run(app);
        }
    }

    /**
     * Whether this command may start a new data directory. Commands that only read or change what exists refuse
     * a directory that is not there, so a mistyped {@code --data-dir} is an error rather than an empty answer.
     */
    boolean mayCreateDataDir() { return false; }

    abstract Integer run(Maillake app) throws Exception;

    /** The environment the data directory is opened with. */
    java.util.Map<String, String> environment() {
        return Main.environment(spec);
    }

    /** The ids of the tenants named (by id or name); null for none named, meaning every tenant. */
    static java.util.Set<String> tenantIds(Maillake app, java.util.List<String> idsOrNames) {
        if (idsOrNames == null) return null;
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String t : idsOrNames) ids.add(DomainsCommand.tenant(app, t.strip()).id());
        return ids;
    }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    /** Keeps {@code @ParentCommand} wiring available to subclasses that need the root. */
    @ParentCommand Object parent;
}
