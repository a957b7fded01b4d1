package io.maillake.lake.embedded;

import io.maillake.domain.Direction;
import io.maillake.lake.LakeFile;
import io.maillake.lake.LakeSchema;
import io.maillake.lake.QueryException;
import io.maillake.lake.QueryResult;
import io.maillake.lake.QueryScope;
import io.maillake.lake.VirtualTable;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.Ocsf;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs analysts' SQL (DuckDB dialect) over the lake, read-only. Each query gets a fresh in-memory
 * DuckDB that sees exactly the caller's tenants' files through the {@code email_events} view, and
 * is locked down before the query runs: no file access beyond those files, no network, no
 * extensions, no configuration changes, bounded memory and time. Only one SELECT statement is
 * accepted, so nothing can be written, attached, copied or installed.
 */
public final class QueryEngine {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-timeout");
        t.setDaemon(true);
        return t;
    });

    /** Memory one query may use; larger sorts and joins fail with a clear error instead of exhausting the host. */
    public static final String MEMORY_LIMIT = "256MB";
    /**
     * Longest query text accepted. The timeout stops a query while it runs but not while DuckDB parses and plans it,
     * which grows faster than the text: 100,000 characters of {@code OR} terms or {@code UNION ALL}s plan in a few
     * seconds, 400,000 in minutes (docs/reliability.md). Real queries, even with long lists of indicators, are far shorter.
     */
    public static final int MAX_SQL_CHARS = 100_000;
    /**
     * What DuckDB's JDBC driver (2.0.0.1) says, with results streamed, for any error raised while the query runs
     * (out of memory, a failed cast, error()): the engine's own message is lost, so such a query is run again
     * without streaming to learn it.
     */
    private static final String STREAM_ERROR_HIDDEN = "Invalid Input Error: Invalid result set";

    private final LakeCatalog catalog;
    private final Path lakeDir;
    private final List<VirtualTable> tables;

    QueryEngine(LakeCatalog catalog, Path lakeDir, List<VirtualTable> tables) {
        this.catalog = catalog;
        this.lakeDir = lakeDir;
        this.tables = tables;
    }

    /**
     * @param tenants the tenants whose events the query may see; null for all (operators only)
     * @throws QueryException for a query that is refused, invalid, fails or times out
     */
    public QueryResult query(String sql, Set<String> tenants, int maxRows, Duration timeout) {
        return query(sql, QueryScope.tenants(tenants), maxRows, timeout);
    }

    /**
     * @throws QueryException for a query that is refused, invalid, fails or times out
     */
    public QueryResult query(String sql, QueryScope scope, int maxRows, Duration timeout) {
        if (sql != null && sql.length() > MAX_SQL_CHARS) {
            throw new QueryException("invalid_query", "the query is longer than " + MAX_SQL_CHARS + " characters; shorten it");
        }
        return queryGenerated(sql, scope, maxRows, timeout);
    }

    /**
     * {@link #query} for SQL Maillake writes itself around parts that were checked when they were saved (a rule's
     * conditions): without the length limit, which is there for text that comes straight from users. The detection
     * engine's look-ups of evidence by event id carry thousands of ids.
     */
    public QueryResult queryGenerated(String sql, QueryScope scope, int maxRows, Duration timeout) {
        try {
            return runScoped(sql, scope, maxRows, timeout);
        } catch (QueryException e) {
            // the database names the lake's files in some errors: where the data directory lies is not the caller's business
            String where = lakeDir.toAbsolutePath().toString();
            if (e.getMessage() == null || !e.getMessage().contains(where)) throw e;
            throw new QueryException(e.code(), e.getMessage().replace(where, "<lake>"));
        }
    }

    private QueryResult runScoped(String sql, QueryScope scope, int maxRows, Duration timeout) {
        if (sql == null || sql.isBlank()) throw new QueryException("invalid_query", "the query is empty");
        long start = System.nanoTime();
        Prepared prepared = null;
        try {
            prepared = prepared(scope);
            try (Connection c = ((org.duckdb.DuckDBConnection) prepared.db).duplicate()) {
                fillNamed(c, sql, scope.tenants());
                requireSingleSelect(c, sql);
                return run(c, sql, maxRows, timeout, start);
            }
        } catch (ReasonHidden hidden) {
            return again(sql, scope, maxRows, timeout, start);
        } catch (SQLException e) {
            throw new QueryException("query_failed", "cannot run the query: " + firstLine(e.getMessage()));
        } finally {
            if (prepared != null) prepared.release();
        }
    }

    /**
     * Runs a query whose streamed run failed without a reason once more, its result not streamed, within what is
     * left of its time, so the error says what went wrong (it usually comes again at once). Not streaming means the
     * result is built whole, which the memory limit bounds.
     */
    private QueryResult again(String sql, QueryScope scope, int maxRows, Duration timeout, long start) {
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        if (left.toMillis() <= 0) throw new QueryException("timeout", "the query ran longer than " + timeout.toSeconds() + " s and was stopped");
        try (Connection c = DuckDbs.inMemory(false, spillDir())) {
            prepare(c, files(scope), scope.tenants());
            fillNamed(c, sql, scope.tenants());
            return run(c, sql, maxRows, left, start);
        } catch (QueryException e) {
            if (e.code().equals("timeout")) throw new QueryException("timeout", "the query ran longer than " + timeout.toSeconds() + " s and was stopped");
            throw e;
        } catch (ReasonHidden stillHidden) {
            throw new QueryException("query_failed", "the query failed while running; the database gives no reason");
        } catch (SQLException e) {
            throw new QueryException("query_failed", "cannot run the query: " + firstLine(e.getMessage()));
        }
    }

    /** A streamed query failed and the driver kept the reason to itself. */
    private static final class ReasonHidden extends SQLException {
        ReasonHidden() { super("the reason of the failure was lost"); }
    }

    /**
     * A locked-down database whose {@code email_events} view covers the scope's files. Whole-lake
     * scopes are prepared once per tenant set and reused until the catalog changes (preparing takes
     * tens of milliseconds); narrower scopes get a database of their own.
     */
    private Prepared prepared(QueryScope scope) throws SQLException {
        if (!scope.wholeLake()) return open(scope, -1, false);
        long generation = catalog.generation();
        String key = scope.tenants() == null ? "*" : String.join("\u0000", new java.util.TreeSet<>(scope.tenants()));
        synchronized (cache) {
            Prepared p = cache.get(key);
            if (p != null && p.generation == generation) {
                p.users.incrementAndGet();
                return p;
            }
            if (p != null) p.retire();
            Prepared fresh = open(scope, generation, true);
            cache.put(key, fresh);
            fresh.users.incrementAndGet();
            return fresh;
        }
    }

    private Prepared open(QueryScope scope, long generation, boolean shared) throws SQLException {
        Set<String> tenants = scope.tenants();
        List<LakeFile> files = files(scope);
        Connection c = DuckDbs.inMemory(true, spillDir());
        try {
            prepare(c, files, tenants);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        Prepared p = new Prepared(c, generation);
        if (!shared) {
            p.users.incrementAndGet();
            p.retire();
        }
        return p;
    }

    /** The live files of the scope's tenants and sequence numbers that may hold events of its time range. */
    private List<LakeFile> files(QueryScope scope) {
        return catalog.liveFiles(scope.tenants(), scope.afterFileSeq(), scope.upToFileSeq(),
                scope.from() == null ? Long.MIN_VALUE : scope.from().getEpochSecond(),
                scope.to() == null ? Long.MAX_VALUE : scope.to().getEpochSecond());
    }

    /** A prepared database, closed when retired and no query uses it. */
    private static final class Prepared {
        final Connection db;
        final long generation;
        final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean retired;

        Prepared(Connection db, long generation) {
            this.db = db;
            this.generation = generation;
        }

        void retire() {
            retired = true;
            if (users.get() == 0) closeQuietly();
        }

        void release() {
            if (users.decrementAndGet() == 0 && retired) closeQuietly();
        }

        private void closeQuietly() {
            try {
                db.close();
            } catch (SQLException ignored) {
                // an in-memory database: nothing to lose
            }
        }
    }

    /** Prepared whole-lake databases by tenant set; a handful at most (one per distinct set of tenants in use). */
    private final java.util.LinkedHashMap<String, Prepared> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Prepared> eldest) {
            if (size() <= 16) return false;
            eldest.getValue().retire();
            return true;
        }
    };

    /** Where a query that outgrows its memory spills. */
    private Path spillDir() {
        return lakeDir.resolve(".staging").resolve("query-tmp");
    }

    private void prepare(Connection c, List<LakeFile> files, Set<String> tenants) throws SQLException {
        registerOcsf(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            String source;
            if (files.isEmpty()) {
                s.execute("CREATE TABLE empty_events (" + LakeSchema.ddl() + ")");
                source = "empty_events";
            } else {
                source = "read_parquet([" + files.stream().map(f -> DuckDbs.literal(lakeDir.resolve(f.path()).toString()))
                        .collect(Collectors.joining(", ")) + "])";
            }
            String tenantFilter = tenants == null ? "" : " WHERE tenant_id IN (" + (tenants.isEmpty() ? "NULL"
                    : tenants.stream().map(DuckDbs::literal).collect(Collectors.joining(", "))) + ")";
            s.execute("CREATE VIEW email_events AS SELECT " + LakeSchema.namesWithOcsf(LakeSchema.OCSF_EXPRESSION + "::JSON")
                    + " FROM " + source + tenantFilter);
            String allowed = files.stream().map(f -> DuckDbs.literal(lakeDir.resolve(f.path()).toString()))
                    .collect(Collectors.joining(", "));
            s.execute("SET allowed_paths = [" + allowed + "]");
            s.execute("SET allowed_directories = []");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        }
    }

    /**
     * Creates and fills the virtual tables the query names, as temporary tables of this query's connection only. A
     * table the query text does not mention is not filled: with tens of thousands of detections, filling costs far
     * more than most queries. (A mention in a string or a comment only costs that time.)
     */
    private void fillNamed(Connection c, String sql, Set<String> tenants) throws SQLException {
        String lower = sql.toLowerCase(java.util.Locale.ROOT);
        for (VirtualTable t : tables) {
            if (lower.contains(t.name().toLowerCase(java.util.Locale.ROOT))) fill(c, t, tenants);
        }
    }

    /** Creates and fills a virtual table through DuckDB's appender (a JDBC batch insert manages a few thousand rows/s). */
    private static void fill(Connection c, VirtualTable t, Set<String> tenants) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + t.name() + " (" + t.columns().stream().map(col -> "\"" + col.name() + "\" " + col.type())
                    .collect(Collectors.joining(", ")) + ")");
        }
        try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", t.name())) {
            for (List<Object> row : t.rows(tenants)) {
                a.beginRow();
                for (Object v : row) {
                    switch (v) {
                        case null -> a.appendNull();
                        case java.time.Instant instant -> a.append(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                        case List<?> list -> a.append(list);
                        case String text -> a.append(text);
                        case Integer i -> a.append(i.intValue());
                        case Long l -> a.append(l.longValue());
                        case Boolean b -> a.append(b.booleanValue());
                        default -> throw new IllegalArgumentException("virtual table " + t.name() + ": unsupported value " + v.getClass());
                    }
                }
                a.endRow();
            }
        }
    }

    /** Accepts exactly one SELECT (or WITH ... SELECT) statement, using DuckDB's own parser. */
    private static void requireSingleSelect(Connection c, String sql) throws SQLException {
        JsonNode parsed;
        try (PreparedStatement p = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            p.setString(1, sql);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                parsed = JSON.readTree(rs.getString(1));
            } catch (tools.jackson.core.JacksonException tooDeep) {
                // DuckDB parsed it, but its syntax tree is deeper than the JSON reader's nesting limit (500)
                throw new QueryException("invalid_query", "the query is nested too deeply; simplify it");
            }
        }
        if (parsed.path("error").asBoolean(false)) {
            String message = parsed.path("error_message").asString("");
            if (message.contains("Only SELECT")) {
                throw new QueryException("read_only", "only SELECT queries are allowed: the lake is read-only here");
            }
            throw new QueryException("invalid_query", "the query is not valid SQL: " + firstLine(message));
        }
        if (parsed.path("statements").size() != 1) {
            throw new QueryException("invalid_query", "send exactly one SQL statement");
        }
        String denied = deniedFunction(parsed);
        if (denied != null) {
            throw new QueryException("forbidden", "the function " + denied + " is not available here: it shows the server's own settings and files");
        }
    }

    /**
     * Functions that read the database's configuration (where the lake and temporary files lie, the secrets
     * directory): settings cannot be changed here, but where the data sits is not the caller's business either.
     */
    private static final java.util.Set<String> DENIED_FUNCTIONS = java.util.Set.of("current_setting", "duckdb_settings",
            "duckdb_secrets", "which_secret", "duckdb_temporary_files", "duckdb_extensions", "duckdb_databases",
            "pragma_database_list", "duckdb_log", "duckdb_logs");

    /** The first function of the syntax tree that {@link #DENIED_FUNCTIONS} names, or null. */
    private static String deniedFunction(JsonNode node) {
        if (node.isObject()) {
            JsonNode name = node.get("function_name");
            if (name != null && name.isString() && DENIED_FUNCTIONS.contains(name.asString().toLowerCase(java.util.Locale.ROOT))) {
                return name.asString();
            }
        }
        for (JsonNode child : node) {
            String found = deniedFunction(child);
            if (found != null) return found;
        }
        return null;
    }

    private static QueryResult run(Connection c, String sql, int maxRows, Duration timeout, long start) throws SQLException {
        try (Statement s = c.createStatement()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> cancel = TIMER.schedule(() -> {
                timedOut.set(true);
                try {
                    s.cancel();
                } catch (SQLException ignored) {
                    // the statement finished at the same moment
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<QueryResult.Column> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(new QueryResult.Column(md.getColumnName(i), md.getColumnTypeName(i)));
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) row.add(value(rs.getObject(i)));
                    rows.add(row);
                }
                return new QueryResult(columns, rows, truncated, Duration.ofNanos(System.nanoTime() - start));
            } catch (SQLException e) {
                if (timedOut.get()) throw new QueryException("timeout", "the query ran longer than " + timeout.toSeconds() + " s and was stopped");
                String message = firstLine(e.getMessage());
                if (message.equals(STREAM_ERROR_HIDDEN)) throw new ReasonHidden();
                if (message.contains("Permission Error") || message.contains("disabled by configuration")) {
                    throw new QueryException("forbidden", "the query tried to reach files, the network or settings: " + message);
                }
                throw failure(message, sql);
            } finally {
                cancel.cancel(false);
            }
        }
    }

    /** Query values as plain Java values: text, numbers, booleans, ISO timestamps, lists. */
    /** A query that failed while running: the query's own fault (a name that does not exist, a wrong type) or not. */
    static QueryException failure(String message, String sql) {
        if (message.startsWith("Binder Error") || message.startsWith("Catalog Error") || message.startsWith("Parser Error")) {
            return new QueryException("invalid_query", message);
        }
        if (message.startsWith("Out of Memory Error")) {
            String lower = sql.toLowerCase(java.util.Locale.ROOT);
            String json = lower.contains("json") || lower.contains("->") ? "; each JSON extraction parses raw again and keeps "
                    + "its own buffers: take several fields in one call, json_extract_string(raw, ['$.a', '$.b']), or use the "
                    + "table's columns" : "";
            return new QueryException("query_failed", message + " (a query may use up to " + MEMORY_LIMIT
                    + "; narrow it with a time range or fewer columns, or split it" + json + ")");
        }
        return new QueryException("query_failed", message);
    }

    private static Object value(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) return v;
        if (v instanceof Timestamp t) return t.toLocalDateTime().atOffset(ZoneOffset.UTC).toInstant().toString();
        if (v instanceof LocalDateTime t) return t.atOffset(ZoneOffset.UTC).toInstant().toString();
        if (v instanceof Array a) {
            Object array = a.getArray();
            List<Object> out = new ArrayList<>();
            if (array instanceof Object[] items) for (Object item : items) out.add(value(item));
            return out;
        }
        if (v instanceof Object[] items) return Arrays.stream(items).map(String::valueOf).toList();
        return v.toString();
    }

    /**
     * {@code maillake_ocsf(...)}: the OCSF event of a stored row, built by the same code that
     * normalised it (see {@link Ocsf}).
     */
    static void registerOcsf(Connection c) throws SQLException {
        DuckDBFunctions.scalarFunction()
                .withName("maillake_ocsf")
                .withParameters(DuckDBColumnType.VARCHAR, DuckDBColumnType.VARCHAR, DuckDBColumnType.VARCHAR,
                        DuckDBColumnType.TIMESTAMP, DuckDBColumnType.TIMESTAMP, DuckDBColumnType.VARCHAR,
                        DuckDBColumnType.VARCHAR, DuckDBColumnType.VARCHAR)
                .withReturnType(DuckDBColumnType.VARCHAR)
                .withVectorizedFunction((in, out) -> {
                    for (long row = 0; row < in.rowCount(); row++) {
                        String type = in.vector(0).getString(row);
                        String raw = in.vector(1).getString(row);
                        if (type == null || raw == null || LogType.fromId(type).isEmpty()) {
                            out.setNull(row);
                            continue;
                        }
                        try {
                            var event = Normaliser.restore(LogType.fromId(type).get(), raw, in.vector(2).getString(row),
                                    in.vector(3).getLocalDateTime(row).toInstant(ZoneOffset.UTC),
                                    in.vector(4).getLocalDateTime(row).toInstant(ZoneOffset.UTC),
                                    in.vector(5).getString(row), in.vector(6).getString(row),
                                    directionOf(in.vector(7).getString(row)));
                            out.setString(row, Ocsf.json(event));
                        } catch (RuntimeException e) {
                            out.setNull(row);
                        }
                    }
                })
                .register(c);
    }

    private static Direction directionOf(String id) {
        for (Direction d : Direction.values()) if (d.id().equals(id)) return d;
        return Direction.UNKNOWN;
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
