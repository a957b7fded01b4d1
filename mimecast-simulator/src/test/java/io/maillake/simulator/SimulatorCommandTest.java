package io.maillake.simulator;

import io.maillake.simulator.cli.DurationConverter;
import io.maillake.simulator.cli.SimulatorCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorCommandTest {
    @Test
    void theFirstLineOfOutputIsOneJsonObjectWithTheCredentialsItAccepts() throws Exception {
        SimulatorCommand command = new SimulatorCommand();
        PipedReader reader = new PipedReader(64 * 1024);
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(new PipedWriter(reader), true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = Thread.ofVirtual().start(() -> exit.set(cli.execute("--port", "0", "--seed", "5", "--accounts", "2",
                "--history", "30m", "--rate", "30", "--rate-limit", "100")));
        String first = new java.io.BufferedReader(reader).readLine();
        try {
            JsonNode json = SimHttp.JSON.readTree(first);
            assertThat(new ArrayList<>(json.propertyNames())).containsExactly("baseUrl", "api1", "api2", "accounts");
            assertThat(new ArrayList<>(json.path("api1").propertyNames())).containsExactly("appId", "appKey", "accessKey", "secretKey");
            assertThat(new ArrayList<>(json.path("api2").propertyNames())).containsExactly("clientId", "clientSecret");
            MimecastSimulator sim = command.simulator();
            assertThat(json.path("baseUrl").asString()).isEqualTo(sim.baseUrl().toString()).startsWith("http://127.0.0.1:");
            assertThat(json.path("api1").path("secretKey").asString()).isEqualTo(sim.account(0).api1().secretKey());
            assertThat(json.path("accounts").size()).isEqualTo(2);
            assertThat(sim.config().history()).isEqualTo(Duration.ofMinutes(30));
            assertThat(sim.config().eventsPerMinute(LogType.IMPERSONATION)).isEqualTo(30);

            SimHttp http = new SimHttp(sim);
            assertThat(http.api1(sim.account(0).api1(), LogType.URL, "{}").header("X-RateLimit-Limit")).isEqualTo("100");
        } finally {
            command.stop();
            runner.join(5000);
        }
        assertThat(exit.get()).isZero();
    }

    @Test
    void theSameSeedOnTheCommandLineGivesTheSameCredentials() {
        SimulatorCommand a = new SimulatorCommand();
        SimulatorCommand b = new SimulatorCommand();
        new CommandLine(a).parseArgs("--seed", "9", "--port", "0");
        new CommandLine(b).parseArgs("--seed", "9", "--port", "0");
        List<MimecastSimulator> sims = List.of(MimecastSimulator.start(a.config()), MimecastSimulator.start(b.config()));
        try {
            assertThat(sims.get(0).accounts()).isEqualTo(sims.get(1).accounts());
        } finally {
            sims.forEach(MimecastSimulator::close);
        }
    }

    @Test
    void durationsAcceptShortFormsAndIso8601() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(c.convert("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(c.convert("PT24H")).isEqualTo(Duration.ofHours(24));
        assertThat(c.convert("pt5m")).isEqualTo(Duration.ofMinutes(5));
    }
}
