package io.maillake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.Maillake;
import io.maillake.domain.StreamKey;
import io.maillake.mimecast.LogType;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users type it, against the simulator; output and exit codes as scripts see them. */
class CliTest {
    private static final Map<String, String> ENV = Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true");

    @TempDir Path dir;
    private MimecastSimulator sim;

    record Run(int exit, String out, String err) { }

    @BeforeEach
    void start() {
        sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(17).history(Duration.ofHours(2)).build());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Run run(Map<String, String> env, String... args) {
        return runWithInput(env, null, args);
    }

    /** Runs with {@code input} as what a prompt reads. */
    private Run runWithInput(Map<String, String> env, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env, input == null ? null
                : new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(ENV, args);
    }

    private String addApi1(String name) {
        var c = sim.account(0).api1();
        Run r = run("integration", "add", "--name", name, "--base-url", sim.baseUrl().toString(), "--types", "url,attachment",
                "--app-id", c.appId(), "--app-key", c.appKey(), "--access-key", c.accessKey(), "--secret-key", c.secretKey());
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    private String addApi2(String name, Map<String, String> env) {
        Run r = run(env, "integration", "add", "--name", name, "--base-url", sim.baseUrl().toString(), "--types", "impersonation",
                "--client-id", sim.account(0).api2().clientId());
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    @Test
    void addingWithBadFieldsNamesEachOptionAndWhatIsExpectedAndSavesNothing() {
        Run r = run("integration", "add", "--name", "x", "--base-url", "ftp://nowhere", "--types", "url,clicks",
                "--app-id", "not-a-guid", "--app-key", "also-not", "--access-key", "has space", "--secret-key", "###");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nothing was changed", "--base-url: must start with http:// or https://",
                "--types: 'clicks' is not a log type", "--app-id: must be a GUID", "--app-key: must be a GUID",
                "--access-key: must be the access key", "--secret-key: must be the secret key");
        assertThat(run("integration", "list", "--format", "json").out().trim()).isEqualTo("[ ]");
    }

    @Test
    void refusesANonMimecastBaseUrlUnlessInsecureUrlsAreAllowed() {
        Run r = run(Map.of(), "integration", "add", "--name", "x", "--base-url", sim.baseUrl().toString(), "--types", "url",
                "--client-id", "id", "--client-secret", "secret");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--base-url: must start with https://", "MAILLAKE_ALLOW_INSECURE_BASE_URL");
    }

    @Test
    void aMistypedDataDirectoryIsAnErrorForCommandsThatReadAndCreatesNothing() {
        Path typo = dir.resolve("maillake-dta");
        for (String[] args : List.of(new String[] {"query", "select count(*) from email_events"}, new String[] {"integration", "list"},
                new String[] {"collect", "--once"}, new String[] {"domains", "show"})) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine(ENV, null);
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            List<String> all = new ArrayList<>(List.of("--data-dir", typo.toString()));
            all.addAll(List.of(args));
            assertThat(cli.execute(all.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).contains("--data-dir: there is no Maillake data directory at " + typo, "MAILLAKE_DATA_DIR");
            assertThat(typo).doesNotExist();
        }
    }

    @Test
    void addsIntegrationsPrintingOnlyTheirIdsAndNeverShowsASecret() {
        String v1 = addApi1("v1");
        // the shell still exports the API 1.0 secret key: it does not count for an API 2.0 integration
        String v2 = addApi2("v2", Map.of("MAILLAKE_ALLOW_INSECURE_BASE_URL", "true",
                "MAILLAKE_CLIENT_SECRET", sim.account(0).api2().clientSecret(), "MAILLAKE_SECRET_KEY", sim.account(0).api1().secretKey()));

        assertThat(v1).matches("[a-z0-9]{12}");
        assertThat(v2).matches("[a-z0-9]{12}").isNotEqualTo(v1);
        Run list = run("integration", "list", "--format", "json");
        assertThat(list.out()).contains(v1, v2, "\"secretKeySet\" : true", "\"clientSecretSet\" : true", "\"apiVersion\" : \"1.0\"",
                        "\"tenantId\" : \"default\"", sim.account(0).api1().appId())
                .doesNotContain(sim.account(0).api1().secretKey(), sim.account(0).api1().accessKey(),
                        sim.account(0).api1().appKey(), sim.account(0).api2().clientSecret());
        assertThat(run("integration", "list").out()).contains("v1", "v2", "PENDING");
    }

    @Test
    void testSaysOkPerLogTypeOrWhatToFixInMimecast() {
        String id = addApi1("v1");
        Run ok = run("integration", "test", id);
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("url: OK", "attachment: OK");

        sim.faults().denyPermission(0, io.maillake.simulator.LogType.ATTACHMENT);
        Run denied = run("integration", "test", id);
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.out()).contains("url: OK", "attachment: FAILED permission_missing",
                "fix in Mimecast: Grant the permission 'Monitoring | Attachment Protection | Read'");
    }

    @Test
    void collectOnceLandsEventsReportsEachStreamAndQueriesReadThem() {
        addApi1("v1");
        Run collect = run("collect", "--once");
        assertThat(collect.exit()).as(collect.err()).isZero();
        assertThat(collect.out()).contains("v1", "url", "attachment", "CONNECTED");

        Run csv = run("query", "select log_type, count(*) as n from email_events group by 1 order by 1", "--format", "csv");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out().lines().toList()).first().isEqualTo("log_type,n");
        assertThat(csv.out()).contains("attachment,", "url,");
        Run json = run("query", "select count(*) as n from email_events where log_type = 'url'", "--format", "json");
        assertThat(json.out()).startsWith("[{\"n\":");
    }

    @Test
    void collectOnceExitsNonZeroWhenAStreamEndsInError() {
        addApi1("v1");
        sim.faults().expireBinding(0);
        Run r = run("collect", "--once");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR", "binding_expired", "Never Expire");
    }

    @Test
    void queryRefusesWritesWithAClearMessage() {
        Run r = run("query", "delete from email_events");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("only SELECT queries are allowed");
    }

    @Test
    void promptedSecretsAreReadFromInputWhileStdoutCarriesOnlyTheNewId() {
        var c = sim.account(0).api1();
        Run r = runWithInput(ENV, c.accessKey() + "\n" + c.secretKey() + "\n", "integration", "add", "--name", "prompted",
                "--base-url", sim.baseUrl().toString(), "--types", "url", "--app-id", c.appId(), "--app-key", c.appKey(),
                "--access-key", "--secret-key");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).matches("[a-z0-9]+");
        assertThat(r.err()).contains("--access-key (API 1.0 access key): ", "--secret-key (API 1.0 secret key, base64): ")
                .doesNotContain(c.secretKey(), c.accessKey());
        Run test = run("integration", "test", r.out().trim());
        assertThat(test.exit()).as(test.out() + test.err()).isZero();

        Run noInput = runWithInput(ENV, "", "integration", "add", "--name", "empty", "--base-url", sim.baseUrl().toString(),
                "--types", "url", "--app-id", c.appId(), "--app-key", c.appKey(), "--access-key", c.accessKey(), "--secret-key");
        assertThat(noInput.exit()).isEqualTo(2);
        assertThat(noInput.err()).contains("--secret-key");
        assertThat(noInput.out()).isEmpty();
    }

    @Test
    void aBaseUrlRefusedAfterTheFactIsFixedInMaillakeNotInMimecast() {
        String id = addApi1("v1");
        Run strict = run(Map.of(), "integration", "test", id); // the simulator's http:// URL, now without the switch
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).contains("FAILED invalid_configuration", "fix in Maillake: Edit the integration",
                "maillake integration update " + id).doesNotContain("fix in Mimecast");
    }

    @Test
    void queryChecksItsOptionsAndCallsAnUnknownNameInvalidInput() {
        assertThat(run("query", "select 1", "--max-rows", "0").err()).contains("--max-rows: must be between 1 and 1000000, not 0");
        assertThat(run("query", "select 1", "--max-rows", "-5").exit()).isEqualTo(2);
        for (String format : new String[] {"csv", "json"}) {
            Run cut = run("query", "select * from range(5)", "--max-rows", "3", "--format", format);
            assertThat(cut.exit()).isZero();
            assertThat(cut.err()).as(format).contains("only the first 3 rows were written", "raise --max-rows");
            assertThat(run("query", "select * from range(3)", "--max-rows", "3", "--format", format).err()).as(format).isEmpty();
        }
        assertThat(run("query", "select 1", "--timeout", "PT0S").err()).contains("--timeout: must be a positive duration");
        Run tenant = run("query", "select 1", "--tenant", "nosuch");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).contains("--tenant: there is no tenant 'nosuch'");
        assertThat(run("query", "select count(*) from email_events", "--tenant", "default").exit()).isZero();
        Run unknown = run("query", "select * from nosuchtable");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("invalid_query", "nosuchtable");
    }

    @Test
    void queryAsJsonIsOneArrayHoldingEveryRowWithItsTypes() throws Exception {
        addApi1("v1");
        assertThat(run("collect", "--once").exit()).isZero();
        long n = Long.parseLong(run("query", "select count(*) from email_events", "--format", "csv").out().lines().toList().get(1));
        Run json = run("query", "select event_uid, time, action_id, raw from email_events order by event_uid", "--format", "json",
                "--max-rows", "1000000");
        assertThat(json.exit()).as(json.err()).isZero();
        var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isEqualTo(n).isGreaterThan(1000);
        var first = rows.get(0);
        assertThat(first.get("event_uid").asString()).matches("[0-9a-f]{32}");
        assertThat(first.get("time").asString()).endsWith("Z");
        assertThat(first.get("action_id").isNumber()).isTrue();
        assertThat(first.get("raw").asString()).startsWith("{");
    }

    @Test
    void timeOptionsNameTheOptionThatIsWrong() {
        Run until = run("export", "--to", dir.resolve("out").toString(), "--until", "bogus");
        assertThat(until.exit()).isEqualTo(2);
        assertThat(until.err()).contains("--until: 'bogus' is not an ISO-8601 time");
        Run order = run("export", "--to", dir.resolve("out").toString(), "--since", "2026-11-02", "--until", "2026-11-01");
        assertThat(order.err()).contains("--until: must be after --since");
        Run future = run("collect", "--once", "--since", "2099-01-01T00:00:00Z");
        assertThat(future.exit()).isEqualTo(2);
        assertThat(future.err()).contains("--since: '2099-01-01T00:00:00Z' is in the future");
        assertThat(run("export", "--to", dir.resolve("out2").toString(), "--tenant", "nosuch").err())
                .contains("--tenant: there is no tenant 'nosuch'");
    }

    @Test
    void aTenantsWebhookIsSetShownTestedAndRemovedFromTheCommandLine() {
        try (io.maillake.testing.WebhookReceiver receiver = io.maillake.testing.WebhookReceiver.start()) {
            Map<String, String> env = Map.of("MAILLAKE_WEBHOOK_ALLOW_LOOPBACK", "true", "MAILLAKE_WEBHOOK_SECRET", "a-signing-secret-of-32-characters");
            assertThat(run(env, "webhook", "show").out()).contains("has no webhook");
            Run bad = run(env, "webhook", "set", "--url", "http://soar.example.com/in", "--min-severity", "urgent");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--url: must start with https://", "--min-severity: expected one of");
            Run set = run(env, "webhook", "set", "--url", receiver.url("/in?token=T0KEN"), "--min-severity", "high");
            assertThat(set.exit()).as(set.err()).isZero();
            assertThat(set.out()).contains("created the webhook of tenant Default", "signed", "severity high").doesNotContain("T0KEN");
            assertThat(run(env, "webhook", "show").out()).contains("enabled, signed", "0 pending").doesNotContain("T0KEN", "a-signing-secret");
            Run test = run(env, "webhook", "test");
            assertThat(test.exit()).isZero();
            assertThat(test.out()).startsWith("delivered (HTTP 200)");
            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signedWith("a-signing-secret-of-32-characters")).isTrue());
            receiver.otherwise(503);
            Run failing = run(env, "webhook", "test");
            assertThat(failing.exit()).isEqualTo(1);
            assertThat(failing.out()).contains("not delivered (HTTP 503)");
            assertThat(run(env, "webhook", "remove").out()).contains("removed the webhook");
            assertThat(run(env, "webhook", "remove").exit()).isEqualTo(2);
        }
    }

    @Test
    void domainsAreCheckedAndShown() {
        Run bad = run("domains", "set", "--domain", "example..com", "--cidr", "10.0.0.0/33");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--domain: 'example..com' is not a domain name", "--cidr: '10.0.0.0/33' has a prefix longer");
        assertThat(run("domains", "show").out()).contains("not stated yet", "10.0.0.0/8");

        Run ok = run("domains", "set", "--domain", "Example.COM", "--cidr", "203.0.113.0/24");
        assertThat(ok.exit()).isZero();
        assertThat(run("domains", "show").out()).contains("domains: example.com", "203.0.113.0/24", "10.0.0.0/8")
                .doesNotContain("not stated yet");

        Run forgot = run("domains", "set");
        assertThat(forgot.exit()).as("set without values does not silently empty the list").isEqualTo(2);
        assertThat(forgot.err()).contains("--none");
        assertThat(run("domains", "show").out()).contains("domains: example.com");
        assertThat(run("domains", "set", "--none").exit()).isZero();
        assertThat(run("domains", "show").out()).doesNotContain("example.com").contains("10.0.0.0/8");
    }

    @Test
    void collectOnceSkipsAStreamAnotherProcessIsCollectingAndSaysWho() {
        String id = addApi1("v1");
        try (Maillake other = Maillake.open(dir, ENV, Clock.systemUTC())) {
            assertThat(other.store().tryLease(new StreamKey("default", id, LogType.URL), "4242@elsewhere/abc", Duration.ofMinutes(1))).isTrue();
            Run r = run("collect", "--once");
            assertThat(r.out()).contains("skipped: collected by 4242@elsewhere/abc");
            assertThat(r.out().lines().filter(l -> l.contains("attachment"))).allMatch(l -> l.contains("CONNECTED"));
            assertThat(run("query", "select count(*) from email_events").exit()).isZero();
        }
    }
}
