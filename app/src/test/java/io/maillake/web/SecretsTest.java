package io.maillake.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.auth.Role;
import io.maillake.simulator.MimecastSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Secrets are write-only: after integrations were added through the API and the console, tested,
 * collected, edited with bad input and shown on every page and endpoint, no response, page or log
 * line contains any of their keys. Session ids and API tokens are stored only hashed.
 */
class SecretsTest {
    @TempDir static Path dir;
    static MimecastSimulator sim;
    static Server server;
    static Client admin;
    static PrintStream originalErr;
    static PrintStream originalOut;
    static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(new Tee(logs, originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(logs, originalOut), true, StandardCharsets.UTF_8));
        sim = Sims.start(1);
        server = new Server(dir);
        server.user("ada", Role.ADMIN, Set.of("default"));
        admin = server.loggedIn("ada");
        var v1 = sim.account(0).api1();
        var v2 = sim.account(0).api2();
        secrets.addAll(List.of(v1.appKey(), v1.accessKey(), v1.secretKey(), v2.clientSecret()));
    }

    @AfterAll
    static void stop() {
        server.close();
        sim.close();
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    static JsonNode json(Client.Response r) {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void noSecretAppearsInAnyResponsePageOrLogLine() throws Exception {
        var v1 = sim.account(0).api1();
        var v2 = sim.account(0).api2();
        String wrongSecret = "V3JvbmdTZWNyZXRLZXlGb3JUZXN0aW5nT25seQ==";
        String badFormatSecret = "not base64 but a s3cret!";
        secrets.add(wrongSecret);
        secrets.add(badFormatSecret);

        // API 1.0 through the API
        String v1Id = json(admin.postJson("/api/v1/tenants/default/integrations", "{\"name\":\"Keys\",\"baseUrl\":\"" + sim.baseUrl()
                + "\",\"appId\":\"" + v1.appId() + "\",\"appKey\":\"" + v1.appKey() + "\",\"accessKey\":\"" + v1.accessKey()
                + "\",\"secretKey\":\"" + v1.secretKey() + "\",\"types\":[\"url\",\"impersonation\",\"attachment\"]}")).get("id").asString();
        // API 2.0 through the console form (which tests the connection at once)
        admin.post("/t/default/networks", Map.of("domains", "example.com", "cidrs", "10.0.0.0/8"));
        Map<String, Object> form = new HashMap<>(Map.of("name", "Client credentials", "baseUrl", sim.baseUrl().toString(), "generation", "2",
                "clientId", v2.clientId(), "clientSecret", v2.clientSecret(), "types", List.of("url", "attachment")));
        Client.Response created = admin.post("/t/default/integrations", form);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).contains("Test connection");
        // a wrong secret, to produce failures and their messages
        String wrongId = json(admin.postJson("/api/v1/tenants/default/integrations", "{\"name\":\"Wrong\",\"baseUrl\":\"" + sim.baseUrl()
                + "\",\"appId\":\"" + v1.appId() + "\",\"appKey\":\"" + v1.appKey() + "\",\"accessKey\":\"" + v1.accessKey()
                + "\",\"secretKey\":\"" + wrongSecret + "\",\"types\":[\"url\"]}")).get("id").asString();
        assertThat(json(admin.postJson("/api/v1/integrations/" + wrongId + "/test", null)).get("ok").asBoolean()).isFalse();
        // bad input carrying a secret-like value, through the API and the form
        Client.Response bad = admin.json("PATCH", "/api/v1/integrations/" + v1Id, "{\"secretKey\":\"" + badFormatSecret + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        Client.Response badForm = admin.post("/t/default/integrations/" + v1Id, Map.of("name", "Keys", "baseUrl", sim.baseUrl().toString(),
                "generation", "1", "appId", v1.appId(), "secretKey", badFormatSecret, "types", "url"));
        assertThat(badForm.status()).isEqualTo(400);
        assertThat(badForm.body()).contains("error-secretKey");

        Sims.collect(server.app);

        String clientId = json(admin.get("/api/v1/tenants/default/integrations")).valueStream()
                .filter(i -> i.get("name").asString().equals("Client credentials")).findFirst().orElseThrow().get("id").asString();
        for (String id : List.of(v1Id, clientId, wrongId)) {
            admin.get("/api/v1/integrations/" + id);
            admin.get("/api/v1/integrations/" + id + "/streams");
            admin.get("/api/v1/integrations/" + id + "/streams/url/history");
            admin.postJson("/api/v1/integrations/" + id + "/test", null);
            admin.get("/t/default/integrations/" + id);
            admin.get("/t/default/integrations/" + id + "/edit");
            admin.get("/t/default/integrations/" + id + "/delete");
            admin.post("/t/default/integrations/" + id + "/test", Map.of());
        }
        for (String path : List.of("/api/v1/tenants/default/integrations", "/api/v1/status", "/metrics", "/api/v1/me", "/api/v1/tenants",
                "/t/default/integrations", "/t/default/networks", "/t/default/search?q=" + Client.enc("select * from email_events limit 200"),
                "/t/default/search.csv?q=" + Client.enc("select * from email_events limit 200"), "/account", "/users", "/api/docs")) {
            assertThat(admin.get(path).status()).as(path).isEqualTo(200);
        }
        admin.postJson("/api/v1/query", "{\"sql\":\"select raw, ocsf from email_events limit 500\"}");

        org.slf4j.LoggerFactory.getLogger(SecretsTest.class).warn("log capture check");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).as("log lines are captured").contains("log capture check");
        String everything = String.join("\n", admin.seen) + "\n" + log;
        assertThat(admin.seen).hasSizeGreaterThan(30);
        for (String s : secrets) assertThat(everything).as("a secret leaked").doesNotContain(s);
        assertThat(json(admin.get("/api/v1/integrations/" + v1Id)).get("secretKeySet").asBoolean()).isTrue();
    }

    @Test
    void sessionIdsAndApiTokensAreStoredOnlyAsHashes() throws Exception {
        Client c = server.loggedIn("ada");
        String session = c.cookie("maillake_session");
        String token = json(c.postJson("/api/v1/me/tokens", "{\"name\":\"hash check\"}")).get("token").asString();
        assertThat(token).startsWith("mlk_");
        byte[] db = readAll(dir);
        String text = new String(db, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(session).doesNotContain(token.substring(4)).doesNotContain(Server.PASSWORD);
        assertThat(c.get("/api/v1/me/tokens").body()).doesNotContain(token);
    }

    private static byte[] readAll(Path root) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith("state.db"))::iterator) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }

    /** Writes to two streams. */
    static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
