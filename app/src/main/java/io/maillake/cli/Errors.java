package io.maillake.cli;

import io.maillake.domain.InvalidInputException;
import io.maillake.lake.QueryException;
import io.maillake.store.StoreException;
import io.maillake.store.secrets.SecretsException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns failures into messages a user can act on and exit codes scripts can test: 2 for input that
 * cannot be accepted (as for usage errors), 1 for everything else. No stack traces for expected
 * failures; the field names are shown as the command line's option names.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    static final int INVALID_INPUT = 2;
    static final int FAILED = 1;

    /** Model field names as the CLI spells them. */
    private static final Map<String, String> OPTION_NAMES = Map.ofEntries(
            Map.entry("name", "--name"), Map.entry("description", "--description"), Map.entry("baseUrl", "--base-url"),
            Map.entry("appId", "--app-id"), Map.entry("appKey", "--app-key"), Map.entry("accessKey", "--access-key"),
            Map.entry("secretKey", "--secret-key"), Map.entry("clientId", "--client-id"),
            Map.entry("clientSecret", "--client-secret"), Map.entry("types", "--types"), Map.entry("domains", "--domain"),
            Map.entry("cidrs", "--cidr"), Map.entry("tenant", "--tenant"), Map.entry("credentials", "credentials"),
            Map.entry("id", "ID"), Map.entry("to", "--to"), Map.entry("url", "--url"), Map.entry("minSeverity", "--min-severity"),
            Map.entry("secret", "--secret"));

    /** Problems in a file the user gave (a rule): printed with the file's own key names, not option names. */
    static final class FileProblems extends RuntimeException {
        final java.util.List<String> problems;

        FileProblems(String what, java.util.List<String> problems) {
            super(what);
            this.problems = java.util.List.copyOf(problems);
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        switch (e) {
            case FileProblems file -> {
                err.println("maillake: " + file.getMessage() + "; nothing was changed:");
                for (String problem : file.problems) err.println("  " + problem);
                err.flush();
                return INVALID_INPUT;
            }
            case InvalidInputException invalid -> {
                err.println("maillake: nothing was changed:");
                for (String problem : invalid.problems()) err.println("  " + cliName(problem));
                err.flush();
                return INVALID_INPUT;
            }
            case QueryException q -> {
                err.println("maillake: query " + q.code() + ": " + q.getMessage());
                err.flush();
                return q.code().equals("query_failed") || q.code().equals("timeout") ? FAILED : INVALID_INPUT;
            }
            case SecretsException s -> {
                err.println("maillake: " + s.getMessage());
                err.flush();
                return FAILED;
            }
            case StoreException s -> {
                err.println("maillake: " + s.getMessage());
                err.flush();
                return FAILED;
            }
            default -> {
                err.println("maillake: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                e.printStackTrace(err);
                err.flush();
                return FAILED;
            }
        }
    }

    static String cliName(String problem) {
        String field = InvalidInputException.fieldOf(problem);
        String option = OPTION_NAMES.get(field);
        return option == null ? problem : option + problem.substring(field.length());
    }
}
