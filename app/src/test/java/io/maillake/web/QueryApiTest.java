package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import io.maillake.simulator.MimecastSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The query endpoint is read-only SQL: no writes, no files, no network, no settings; bounded rows and time. */
class QueryApiTest {
    @TempDir static Path dir;
    static MimecastSimulator sim;
    static Server server;
    static Client analyst;

    @BeforeAll
    static void start() throws Exception {
        sim = Sims.start(1);
        server = new Server(dir);
        server.user("ann", Role.ANALYST, Set.of("default"));
        server.api2("default", "Query source", sim, 0);
        Sims.collect(server.app);
        Files.writeString(dir.resolve("outside.csv"), "a,b\n1,2\n");
        analyst = server.loggedIn("ann");
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
    }

    static Client.Response query(String sql) {
        return analyst.postJson("/api/v1/query", Json.write(java.util.Map.of("sql", sql)));
    }

    static String code(Client.Response r) {
        return Json.MAPPER.readTree(r.body()).get("error").get("code").asString();
    }

    @Test
    void aSelectReturnsColumnsAndRows() {
        Client.Response r = query("select log_type, count(*) as n from email_events group by 1 order by 1");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("columns").get(1).get("name").asString()).isEqualTo("n");
        assertThat(body.get("rows")).hasSize(3);
        assertThat(body.get("truncated").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert into email_events (event_uid) values ('x')", "delete from email_events", "drop view email_events",
            "create table t as select 1", "copy (select 1) to '/tmp/maillake-copy.csv'", "attach '/tmp/x.duckdb' as x",
            "select 1; delete from email_events", "install httpfs", "pragma version"})
    void writesAndOtherStatementsAreRefused(String sql) {
        Client.Response r = query(sql);
        assertThat(r.status()).as(sql).isEqualTo(400);
        assertThat(code(r)).as(sql).isIn("read_only", "invalid_query");
        assertThat(Files.exists(Path.of("/tmp/maillake-copy.csv"))).isFalse();
    }

    @Test
    void filesOutsideTheTenantsEventsCannotBeRead() {
        for (String sql : new String[] {"select * from read_csv('/etc/passwd')", "select * from read_csv('" + dir.resolve("outside.csv") + "')",
                "select * from read_text('/etc/hostname')", "select * from read_parquet('" + dir.resolve("lake") + "/**/*.parquet')",
                "select * from glob('/etc/*')"}) {
            Client.Response r = query(sql);
            assertThat(r.status()).as(sql).isIn(400, 403, 422);
            assertThat(r.body()).as(sql).doesNotContain("root:");
        }
    }

    @Test
    void theNetworkCannotBeReached() {
        for (String sql : new String[] {"select * from read_json('http://127.0.0.1:" + server.port + "/healthz')",
                "select * from read_csv('https://example.com/x.csv')"}) {
            Client.Response r = query(sql);
            assertThat(r.status()).as(sql).isIn(400, 403, 422);
            assertThat(r.body()).doesNotContain("\"status\":\"ok\"");
        }
    }

    @Test
    void settingsCannotBeChanged() {
        assertThat(query("set enable_external_access = true").status()).isEqualTo(400);
        assertThat(query("select current_setting('enable_external_access')").body()).doesNotContain("true");
    }

    @Test
    void rowsAreLimitedAndTheResultSaysSo() {
        Client.Response r = analyst.postJson("/api/v1/query", "{\"sql\":\"select * from range(100000)\",\"maxRows\":50}");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("rows")).hasSize(50);
        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(analyst.postJson("/api/v1/query", "{\"sql\":\"select 1\",\"maxRows\":100000}").status()).isEqualTo(400);
        Client.Response notText = analyst.postJson("/api/v1/query", "{\"sql\":123}");
        assertThat(notText.status()).isEqualTo(400);
        assertThat(notText.body()).contains("invalid_json", "'sql'");
    }

    @Test
    void aQueryThatRunsTooLongIsStopped() {
        long start = System.nanoTime();
        Client.Response r = analyst.postJson("/api/v1/query",
                "{\"sql\":\"select count(*) from range(100000000) a, range(100000) b where a.range * b.range = 7\",\"timeoutSeconds\":1}");
        assertThat(r.status()).isEqualTo(408);
        assertThat(code(r)).isEqualTo("timeout");
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(20);
    }

    @Test
    void resultsComeAsCsvWhenAsked() {
        Client.Response r = analyst.send(analyst.builder("/api/v1/query").header("Content-Type", "application/json")
                .header("X-CSRF-Token", analyst.csrf).header("Accept", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"select 'a,b' as x, '=cmd()' as y, ' =1' as z, 'a=1' as w\"}")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        assertThat(r.body()).isEqualTo("x,y,z,w\r\n\"a,b\",'=cmd(),' =1,a=1\r\n");
    }
}
