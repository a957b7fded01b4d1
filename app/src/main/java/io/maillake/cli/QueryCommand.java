package io.maillake.cli;

import io.maillake.Maillake;
import io.maillake.lake.QueryResult;
import io.maillake.service.Queries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code maillake query "SQL"}: read-only SQL (DuckDB dialect) over the lake. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run read-only SQL (DuckDB dialect) over the lake's email_events table.")
final class QueryCommand extends AppCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        Set<String> scope = tenants == null ? null : Set.copyOf(tenants);
        QueryResult r = app.queries().run(sql, scope, Math.max(1, Math.min(maxRows, 1_000_000)), timeout);
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
                ArrayNode list = JSON.createArrayNode();
                for (List<Object> row : r.rows()) {
                    ObjectNode o = list.addObject();
                    for (int i = 0; i < r.columns().size(); i++) o.set(r.columns().get(i).name(), JSON.valueToTree(row.get(i)));
                }
                out().println(list.toString());
            }
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

    /** For tests. */
    static final int DEFAULT_MAX_ROWS = Queries.DEFAULT_MAX_ROWS;
}
