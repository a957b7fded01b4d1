package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.InvalidInputException;
import io.maillake.lake.embedded.EmbeddedLake;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maillake export --to DIR}: the lake as hive-partitioned Parquet for other engines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export events to Parquet, hive-partitioned by tenant_id, log_type and day (for Spark, Trino, Athena ...).")
final class ExportCommand extends AppCommand {
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "A new or empty folder.")
    Path to;

    @Option(names = "--tenant", split = ",", description = "Only these tenants (default: all).")
    List<String> tenants;

    @Option(names = "--since", paramLabel = "ISO-8601", description = "Events from this time on (inclusive).")
    String since;

    @Option(names = "--until", paramLabel = "ISO-8601", description = "Events before this time (exclusive).")
    String until;

    @Option(names = "--no-ocsf", description = "Leave out the OCSF JSON column (smaller files).")
    boolean noOcsf;

    @Override
    Integer run(Maillake app) {
        Instant from = CollectCommand.parseTime("--since", since);
        Instant end = CollectCommand.parseTime("--until", until);
        if (from != null && end != null && !from.isBefore(end)) {
            throw new InvalidInputException("--until: must be after --since (" + since + ")");
        }
        EmbeddedLake.ExportResult r = app.lake().export(to, tenantIds(app, tenants), from, end, !noOcsf);
        out().println("exported " + r.rows() + " events to " + r.target() + " (" + r.files() + " files, " + r.bytes() + " bytes)");
        out().flush();
        return 0;
    }
}
