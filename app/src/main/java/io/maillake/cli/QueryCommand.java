package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.domain.InvalidInputException;
import io.maillake.lake.QueryResult;
import io.maillake.service.Queries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code maillake query "SQL"}: read-only SQL (DuckDB dialect) over the lake. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run read-only SQL (DuckDB dialect) over the lake's email_events table.")
final class QueryCommand extends AppCommand {
    /** Writes into the command's output, which stays open for the caller. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "SQL", description = "One SELECT statement, e.g. \"select log_type, count(*) from email_events group by 1\".")
    String sql;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--max-rows", defaultValue = "10000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "Stop the query after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--tenant", split = ",", description = "Only these tenants' events (default: all).")
    List<String> tenants;

    @Override
    Integer run(Maillake app) {
        if (maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
            throw new InvalidInputException("--max-rows: must be between 1 and " + MAX_ROWS_LIMIT + ", not " + maxRows);
        }
        if (timeout.isNegative() || timeout.isZero()) throw new InvalidInputException("--timeout: must be a positive duration such as PT30S");
        Set<String> scope = tenantIds(app, tenants);
        QueryResult r = app.queries().run(sql, scope, maxRows, timeout);
        switch (format) {
            case table -> {
                List<List<String>> rows = new ArrayList<>();
                for (List<Object> row : r.rows()) rows.add(row.stream().map(QueryCommand::text).toList());
                Tables.print(out(), r.columns().stream().map(QueryResult.Column::name).toList(), rows, 60);
                err().println("(" + r.rows().size() + " rows" + (r.truncated() ? ", more not shown: raise --max-rows" : "")
                        + ", " + r.elapsed().toMillis() + " ms)");
            }
            case csv -> {
                out().println(String.join(",", r.columns().stream().map(c -> csv(c.name())).toList()));
                for (List<Object> row : r.rows()) out().println(String.join(",", row.stream().map(v -> csv(text(v))).toList()));
            }
            case json -> {
                // row by row: the whole result as one text would take several times its size in memory
                try (JsonGenerator g = JSON.createGenerator(out())) {
                    g.writeStartArray();
                    for (List<Object> row : r.rows()) {
                        g.writeStartObject();
                        for (int i = 0; i < r.columns().size(); i++) {
                            g.writeName(r.columns().get(i).name());
                            g.writePOJO(row.get(i));
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                out().println();
            }
        }
        if (format != Format.table && r.truncated()) {
            // stdout holds only the data; the note that some was left out goes beside it
            err().println("maillake: only the first " + r.rows().size() + " rows were written; more not shown: raise --max-rows (up to "
                    + MAX_ROWS_LIMIT + ") or narrow the query");
        }
        out().flush();
        err().flush();
        return 0;
    }

    static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }

    private static final int MAX_ROWS_LIMIT = 1_000_000;

    /** For tests. */
    static final int DEFAULT_MAX_ROWS = Queries.DEFAULT_MAX_ROWS;
}
