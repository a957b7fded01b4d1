package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.QueryException;
import io.maillake.lake.QueryResult;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.lake.embedded.QueryEngine;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile SQL against the query path, which must stay read-only and keep to the caller's files: writes,
 * ATTACH, COPY, EXPORT, reads of other files (the other tenant's Parquet file, the catalog, the host),
 * extensions, settings, several statements, statements hidden behind comments and strings, and
 * resource exhaustion. Each gets a refusal with a stable code, or runs as the harmless single SELECT it
 * is, or is stopped by the timeout or the memory limit, always within a bounded time; afterwards the
 * lake directory (Parquet files and catalog) is byte-identical, no file appeared anywhere, and the
 * engine still answers with the caller's tenant only.
 */
class HostileQueryFuzzTest {
    private static final StreamKey A = new StreamKey("tenant-a", "int-a", LogType.URL);
    private static final StreamKey B = new StreamKey("tenant-b", "int-b", LogType.URL);
    private static final Set<String> CALLER = Set.of("tenant-a");
    /** Ample for every query that should finish, even on a busy build machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** For the queries that must be stopped by the timeout. */
    private static final Duration SHORT = Duration.ofSeconds(1);
    /** Beyond the timeout: the cancel reaches DuckDB at its next check, and a few steps (parsing, one huge string) cannot be cut. */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private static Path dir;
    private static Path lakeDir;
    private static Path outside;
    private static EmbeddedLake lake;
    private static String otherTenantFile;
    private static Map<String, String> before;

    @BeforeContainer
    static void openLake() throws IOException {
        dir = Files.createTempDirectory("hostile-sql");
        lakeDir = dir.resolve("lake");
        outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.csv"), "a,b\n1,2\n");
        lake = new EmbeddedLake(lakeDir, Clock.systemUTC());
        Instant t = Instant.parse("2026-04-01T12:00:00Z");
        lake.commit(A, clicks(A, 40, t), 0, new StreamCursor(t.plusSeconds(60), t.plusSeconds(60), null, 0));
        lake.commit(B, clicks(B, 25, t), 0, new StreamCursor(t.plusSeconds(60), t.plusSeconds(60), null, 0));
        for (String f : Reliability.fingerprint(lakeDir).keySet()) if (f.contains("tenant-b")) otherTenantFile = lakeDir.resolve(f).toString();
        before = lakeFingerprint();
    }

    @AfterContainer
    static void closeLake() {
        try {
            assertThat(lakeFingerprint()).as("the lake and its catalog are byte-identical").isEqualTo(before);
            assertThat(Reliability.fingerprint(outside).keySet()).containsExactly("secret.csv");
        } finally {
            lake.close();
            Reliability.deleteTree(dir);
        }
    }

    private static List<EmailEvent> clicks(StreamKey s, int n, Instant start) {
        Normaliser.Context ctx = new Normaliser.Context(s.tenantId(), s.integrationId(), MyNetworks.defaults(), start, start);
        OrdinalCounter ordinals = new OrdinalCounter();
        List<EmailEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String raw = "{\"userEmailAddress\":\"u" + i + "@" + s.tenantId() + ".example\",\"url\":\"https://x.example/" + i
                    + "\",\"action\":\"allow\",\"scanResult\":\"clean\",\"date\":\"" + start.plusSeconds(i).toString().replace("Z", "+0000") + "\"}";
            out.add(Normaliser.normalise(LogType.URL, raw, ctx, ordinals));
        }
        return out;
    }

    /** The catalog's WAL index is rewritten by readers; everything else must not change by a single byte. */
    private static Map<String, String> lakeFingerprint() {
        Map<String, String> out = new TreeMap<>(Reliability.fingerprint(lakeDir));
        out.keySet().removeIf(k -> k.endsWith("-shm"));
        return out;
    }

    /** Runs a query as tenant A; returns the refusal code, or "ok". Fails if it takes longer than the timeout allows. */
    private static String outcome(String sql) {
        return outcome(sql, TIMEOUT);
    }

    private static String outcome(String sql, Duration timeout) {
        long start = System.nanoTime();
        String code;
        try {
            QueryResult r = lake.queryEngine().query(sql, CALLER, 100, timeout);
            code = "ok";
            for (List<Object> row : r.rows()) assertThat(String.valueOf(row)).as(sql).doesNotContain("tenant-b");
        } catch (QueryException e) {
            assertThat(e.getMessage()).as(sql).isNotBlank();
            code = e.code();
        } catch (Throwable t) {
            throw new AssertionError("query threw " + t + " for: " + abbreviate(sql), t);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time taken by %s", abbreviate(sql)).isLessThan(timeout.plus(GRACE));
        return code;
    }

    /** The code and message of a refused query. */
    private static String failure(String sql) {
        return failure(sql, TIMEOUT);
    }

    private static String failure(String sql, Duration timeout) {
        assertThat(outcome(sql, timeout)).as(sql).isNotEqualTo("ok");
        try {
            lake.queryEngine().query(sql, CALLER, 100, timeout);
            throw new AssertionError("not refused the second time: " + sql);
        } catch (QueryException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    @Example
    void errorsRaisedWhileAQueryRunsSayWhatWentWrong() {
        assertThat(failure("select cast(recipient as integer) from email_events")).startsWith("query_failed: Conversion Error").contains("INT");
        assertThat(failure("select error('boom')")).contains("boom");
        assertStillServesOnlyTheCaller();
    }

    private static void assertStillServesOnlyTheCaller() {
        QueryResult r = lake.queryEngine().query("select tenant_id, count(*) from email_events group by 1", CALLER, 10, TIMEOUT);
        assertThat(r.rows()).containsExactly(List.of("tenant-a", 40L));
        assertThat(lakeFingerprint()).as("the lake and its catalog are byte-identical").isEqualTo(before);
        assertThat(Reliability.fingerprint(outside).keySet()).as("no file written outside the lake").containsExactly("secret.csv");
    }

    private static void assertRefused(String expectedCode, String... queries) {
        assertRefused(Set.of(expectedCode), queries);
    }

    private static void assertRefused(Set<String> expectedCodes, String... queries) {
        for (String sql : queries) assertThat(outcome(sql)).as(abbreviate(sql)).isIn(expectedCodes);
        assertStillServesOnlyTheCaller();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 160 ? sql : sql.substring(0, 160) + "... (" + sql.length() + " chars)";
    }

    private static String out(String name) {
        return "'" + outside.resolve(name) + "'";
    }

    @Example
    void writesAndCatalogChangesAreRefusedAsReadOnly() {
        assertRefused("read_only",
                "delete from email_events", "update email_events set subject = 'x'", "insert into email_events select * from email_events",
                "create table t as select * from email_events", "create temp table t (a int)", "create view v as select 1",
                "create macro m(a) as a", "create sequence s", "create type mood as enum ('a')", "create schema s",
                "create index i on email_events (subject)", "drop view email_events", "alter view email_events rename to x",
                "truncate email_events", "vacuum", "checkpoint", "force checkpoint", "begin transaction", "commit", "rollback",
                "create secret s (type s3, key_id 'k', secret 's')", "prepare p as select 1", "execute p", "deallocate p",
                "pivot email_events on log_type using count(*)", "set variable x = 1", "create or replace table email_events as select 1");
    }

    @Example
    void attachCopyExportAndImportAreRefusedAndWriteNothing() {
        assertRefused("read_only",
                "attach " + out("x.db"), "attach ':memory:' as m", "attach " + out("x.db") + " (type sqlite)", "detach memory", "use memory",
                "copy (select * from email_events) to " + out("x.csv"), "copy email_events to " + out("x.parquet") + " (format parquet)",
                "copy email_events from " + out("secret.csv"), "export database " + out("export"), "import database " + out("export"));
    }

    @Example
    void readsOfFilesOutsideTheCallersOwnAreForbidden() {
        assertRefused("forbidden",
                "select * from read_text('/etc/passwd')", "select * from read_blob('/etc/hostname')",
                "select * from read_csv(" + out("secret.csv") + ")", "select * from read_csv_auto(" + out("secret.csv") + ")",
                "select * from read_csv([" + out("secret.csv") + "])", "select * from read_json('/etc/passwd')",
                "select * from read_json_objects('/proc/self/environ')", "select * from read_ndjson_objects('/dev/stdin')",
                "select count(*) from read_parquet('" + otherTenantFile + "')",
                "select count(*) from read_parquet('" + lakeDir + "/**/*.parquet')", "select * from parquet_metadata('" + otherTenantFile + "')",
                "select * from parquet_schema('" + otherTenantFile + "')", "select * from read_text('" + lakeDir.resolve("catalog.db") + "')",
                "select * from glob('/*')", "select * from glob('" + lakeDir + "/**')", "select * from read_text('file:///etc/passwd')",
                "select * from read_text('https://example.com/')", "select * from read_parquet('s3://bucket/x.parquet')",
                "select * from read_csv('/etc/pass*')");
        // a path as a table name, table functions that run SQL text, environment: refused, whether as a file access or unknown
        assertRefused(Set.of("forbidden", "invalid_query", "query_failed"), "select * from '" + otherTenantFile + "'", "from '/etc/passwd'", "select getenv('HOME')",
                "select * from query('copy (select 1) to " + out("q.csv").replace("'", "''") + "')",
                "select * from query_table('" + otherTenantFile + "')");
    }

    @Example
    void extensionsAndSettingsCannotBeTouched() {
        assertRefused(Set.of("read_only", "invalid_query"), "install httpfs", "force install httpfs", "load httpfs", "load '/tmp/evil.duckdb_extension'",
                "install httpfs from 'http://example.com'", "set enable_external_access = true", "set allowed_paths = ['/']",
                "set lock_configuration = false", "set memory_limit = '100GB'", "set global threads = 64", "reset memory_limit",
                "reset all", "pragma enable_profiling", "pragma memory_limit = '10GB'", "call pragma_version()", "call enable_logging()");
        // nor read: they name where the lake, its temporary files and the secrets directory lie
        assertRefused("forbidden", "select current_setting('allowed_paths')", "select value from duckdb_settings() where name = 'temp_directory'",
                "select * from read_parquet(current_setting('allowed_paths'))", "select MAIN.Current_Setting('temp_directory')",
                "select * from duckdb_secrets()", "select * from duckdb_temporary_files()", "select * from duckdb_extensions()",
                "select * from duckdb_databases()", "select * from pragma_database_list()",
                "select 1 where exists (select 1 from duckdb_settings() where name = 'memory_limit')");
    }

    @Example
    void resourceExhaustionIsStoppedByTheTimeoutOrTheMemoryLimit() {
        for (String sql : List.of("select count(*) from range(100000000000)",
                "select count(*) from range(1000000) a, range(1000000) b",
                "select count(*) from range(1000000) a join range(1000000) b on a.range % 7 = b.range % 7",
                "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
                "with recursive r(n) as (select 1 union all select n from r) select max(n) from r")) {
            assertThat(outcome(sql, SHORT)).as(sql).isEqualTo("timeout");
        }
        assertStillServesOnlyTheCaller();
        // stopped by the memory limit, and saying so (a value built by one function call is not: see docs/reliability.md)
        for (String sql : List.of("select length(string_agg(repeat('x', 1000), '')) from range(10000000)",
                "select length(list(range)::varchar) from range(100000000)")) {
            // time enough for the memory limit to be what stops it, even on a busy machine
            assertThat(failure(sql, Duration.ofSeconds(30))).as(sql).startsWith("query_failed: Out of Memory Error");
        }
        assertStillServesOnlyTheCaller();
        assertRefused("invalid_query",
                "select " + "(".repeat(100_000) + "1" + ")".repeat(100_000),
                "select " + String.join("+", java.util.Collections.nCopies(20_000, "1")),
                "select " + "[".repeat(5_000) + "1" + "]".repeat(5_000),
                "select * from " + "(select * from ".repeat(400) + "range(1)" + ") t".repeat(400),
                "select length('" + "x".repeat(QueryEngine.MAX_SQL_CHARS) + "')",
                "select " + String.join(" or ", java.util.Collections.nCopies(20_000, "1 = 2")));
        // a large value within bounds is simply answered
        assertThat(outcome("select length(repeat('x', 50000000))")).isEqualTo("ok");
    }

    @Example
    void harmlessReadsStillWork() {
        for (String sql : List.of("select 1", "select 1;", "  select 1  ", "SELECT 1 -- a comment", "select 1 /* ; delete from email_events */",
                "select ';' as s", "select $$; drop view email_events$$", "with x as (select 1) select * from x",
                "from email_events select count(*)", "summarize email_events", "describe email_events", "show tables",
                "select * from pragma_version()", "select * from duckdb_functions() limit 1",
                "values (1), (2)", "select * from email_events limit 3")) {
            assertThat(outcome(sql)).as(sql).isEqualTo("ok");
        }
        assertStillServesOnlyTheCaller();
    }

    /**
     * A harmless SELECT followed, after any separator and comment, by a hostile statement is refused; the same
     * hostile text inside a comment or a string is only text, and the query is the harmless SELECT it is.
     */
    @Property(tries = 400)
    void hostileStatementsCannotHideBehindSeparatorsCommentsOrStrings(@ForAll("disguised") Disguised q) {
        String code = outcome(q.sql());
        if (q.hidden()) assertThat(code).as(q.sql()).isIn("ok", "query_failed");
        else assertThat(code).as(q.sql()).isIn("read_only", "invalid_query");
        net.jqwik.api.statistics.Statistics.collect(q.hidden() ? "hidden in a comment or string" : "a second statement", code);
    }

    @Example
    void nothingChangedAfterTheDisguisedStatements() {
        assertStillServesOnlyTheCaller();
    }

    record Disguised(String sql, boolean hidden) { }

    @Provide
    Arbitrary<Disguised> disguised() {
        return Arbitraries.randomValue(HostileQueryFuzzTest::disguise);
    }

    private static final String[] HARMLESS = {"select 1", "SELECT count(*) FROM email_events", "from email_events select subject limit 1",
            "with x as (select 1 as a) select a from x", "select 'a;b' as s", "(select 1)", "select 1 union all select 2"};
    private static final String[] HOSTILE = {"delete from email_events", "drop view email_events", "copy (select 1) to 'PATH'",
            "attach 'PATH' as x", "export database 'PATH'", "install httpfs", "load httpfs", "set enable_external_access = true",
            "pragma enable_profiling", "create table t as select 1", "insert into email_events select * from email_events",
            "reset all", "set allowed_paths = ['/']", "call enable_logging()", "checkpoint", "select 1"};
    private static final String[] SEPARATORS = {";", "; ", ";\n", " ;\t", ";;", "; -- x\n", ";/* x */", "/* ; */;", ";\r\n", "\n;\n"};

    private static Disguised disguise(Random r) {
        String harmless = HARMLESS[r.nextInt(HARMLESS.length)];
        String hostile = HOSTILE[r.nextInt(HOSTILE.length)].replace("PATH", outside.resolve("p" + r.nextInt(1000)).toString());
        if (r.nextBoolean()) hostile = hostile.toUpperCase(java.util.Locale.ROOT).replace(outside.toString().toUpperCase(java.util.Locale.ROOT), outside.toString());
        return switch (r.nextInt(6)) {
            case 0 -> new Disguised(harmless + " /* " + hostile.replace("*/", "") + " */", true);
            case 1 -> new Disguised(harmless + " -- " + hostile + "\n", true);
            case 2 -> new Disguised("select '" + hostile.replace("'", "''") + "' as s", true);
            case 3 -> new Disguised("select $x$" + hostile + "$x$ as s", true);
            case 4 -> new Disguised("/* " + harmless + " */ " + hostile, hostile.equalsIgnoreCase("select 1"));
            default -> new Disguised(harmless + SEPARATORS[r.nextInt(SEPARATORS.length)] + hostile
                    + (r.nextBoolean() ? "" : SEPARATORS[r.nextInt(SEPARATORS.length)]), false);
        };
    }
}
