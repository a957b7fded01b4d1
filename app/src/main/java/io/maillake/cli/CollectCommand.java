package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.collect.CollectSettings;
import io.maillake.collect.Collector;
import io.maillake.collect.RunOutcome;
import io.maillake.domain.InvalidInputException;
import io.maillake.domain.StreamState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maillake collect --once [--since ISO-8601]}: bring every enabled stream up to date, then report. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Poll every enabled stream until caught up and print a summary per stream; exits non-zero if a stream ends in error.")
final class CollectCommand extends AppCommand {
    @Option(names = "--once", required = true, description = "Collect until caught up, then exit (use `serve` to collect continuously).")
    boolean once;

    @Option(names = "--since", paramLabel = "ISO-8601", description = "Where streams that never ran start, e.g. 2026-11-01T00:00:00Z "
            + "(default: 24 hours ago).")
    String since;

    @Option(names = "--look-back", paramLabel = "DURATION", description = "How far back streams that never ran start, e.g. PT48H (default PT24H).")
    Duration lookBack;

    @Override
    Integer run(Maillake app) {
        Instant start = parseTime("--since", since);
        if (start != null && start.isAfter(Instant.now())) {
            throw new InvalidInputException("--since: '" + since + "' is in the future; give a time in the past");
        }
        if (lookBack != null && (lookBack.isNegative() || lookBack.isZero())) {
            throw new InvalidInputException("--look-back: must be a positive duration such as PT48H");
        }
        CollectSettings settings = app.config().collectSettings();
        if (lookBack != null) settings = settings.withLookBack(lookBack);
        ProgressPrinter progress = new ProgressPrinter(err());
        List<Collector.StreamReport> reports;
        try (Collector collector = app.collector(settings)) {
            reports = collector.collectOnce(start, progress);
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> details = new ArrayList<>();
        boolean failed = false;
        for (Collector.StreamReport r : reports) {
            failed |= r.ending() == RunOutcome.Ending.FAILED || r.status().state() == StreamState.ERROR;
            String stream = r.integration().name() + "/" + r.type().id();
            String problem = "";
            if (r.skippedBecause() != null) {
                problem = "skipped: " + r.skippedBecause();
            } else if (r.status().errorCode() != null) {
                problem = r.status().errorCode();
                details.add(stream + ": " + r.status().errorMessage());
                if (r.status().errorFix() != null) {
                    details.add("  " + IntegrationCommand.fixLabel(r.status().errorCode()) + ": " + r.status().errorFix());
                }
            }
            rows.add(List.of(r.integration().name(), r.type().id(), r.status().state().name(), Long.toString(r.events()),
                    Long.toString(r.status().events()), Long.toString(r.calls()),
                    r.status().lagSeconds() == null ? "-" : r.status().lagSeconds() + " s", problem));
        }
        if (reports.isEmpty()) {
            err().println("maillake: no enabled integration; add one with: maillake integration add --help");
        }
        Tables.print(out(), List.of("INTEGRATION", "TYPE", "STATUS", "NEW EVENTS", "TOTAL", "CALLS", "LAG", "PROBLEM"), rows, 80);
        if (!details.isEmpty()) {
            out().println();
            details.forEach(out()::println);
        }
        out().flush();
        return failed ? Errors.FAILED : 0;
    }

    /** An ISO-8601 instant, offset date-time or (UTC) date given for {@code option}; null when not given. */
    static Instant parseTime(String option, String since) {
        if (since == null) return null;
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(since).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(since).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new InvalidInputException(option + ": '" + since + "' is not an ISO-8601 time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01");
                }
            }
        }
    }

    /** One line per stream on stderr, at most every few seconds: where it is and how many events it landed. */
    static final class ProgressPrinter implements Collector.Progress {
        private final PrintWriter err;
        private final Map<String, Long> lastPrinted = new ConcurrentHashMap<>();

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        /** Whether a line of this kind is due: at most one every {@code seconds}. */
        private boolean due(String key, int seconds) {
            long now = System.nanoTime();
            Long last = lastPrinted.get(key);
            if (last != null && now - last < seconds * 1_000_000_000L) return false;
            lastPrinted.put(key, now);
            return true;
        }

        @Override
        public void update(io.maillake.domain.Integration integration, io.maillake.mimecast.LogType type,
                           io.maillake.domain.StreamCursor cursor, long events) {
            if (!due(integration.id() + type, 3)) return;
            Instant position = cursor.active() != null ? cursor.active().from() : cursor.leadTo();
            synchronized (err) {
                err.println("  " + integration.name() + "/" + type.id() + ": " + events + " events landed"
                        + (position == null ? "" : ", at " + position) + (cursor.active() != null ? " (window in progress)" : ""));
                err.flush();
            }
        }

        @Override
        public void retrying(io.maillake.domain.Integration integration, io.maillake.mimecast.LogType type,
                             io.maillake.mimecast.MimecastException failure, int attempt, Duration wait) {
            if (!due("retry " + integration.id() + type, 10)) return;
            synchronized (err) {
                err.println("  " + integration.name() + "/" + type.id() + ": " + failure.getMessage() + "; attempt " + attempt
                        + ", trying again in " + Math.max(1, wait.toSeconds()) + " s");
                err.flush();
            }
        }
    }
}
