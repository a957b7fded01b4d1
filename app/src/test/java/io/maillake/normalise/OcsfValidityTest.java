package io.maillake.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.mimecast.LogType;
import io.maillake.ocsf.OcsfValidator;
import io.maillake.simulator.MimecastSimulator;
import io.maillake.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Every OCSF event Maillake emits is valid against the OCSF 1.7.0 schema files, including its profiles. */
class OcsfValidityTest {
    static final OcsfValidator VALIDATOR = OcsfValidator.load(Path.of("..", "testdata", "ocsf-schema-1.7.0")).strictProfiles();

    static Stream<GoldenRecords.Golden> golden() {
        return GoldenRecords.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void everyGoldenRecordsEventIsValidWithoutWarnings(GoldenRecords.Golden g) {
        ObjectNode ocsf = Ocsf.node(NormaliserGoldenTest.normalise(g));
        OcsfValidator.Result result = VALIDATOR.check(ocsf);
        assertThat(result.violations()).as(ocsf.toPrettyString()).isEmpty();
        assertThat(result.warnings()).as(ocsf.toPrettyString()).isEmpty();
        assertThat(ocsf.get("raw_data").asString()).isEqualTo(g.raw());
    }

    @Test
    void aRecordWithoutAReadableTimeIsLabelledAsTakingItsWindowsTime() {
        Instant windowEnd = Instant.parse("2026-06-01T09:00:00Z");
        Normaliser.Context ctx = new Normaliser.Context("t", "i", MyNetworks.defaults(), windowEnd, windowEnd.minusSeconds(1));
        for (String raw : new String[] {"{\"url\":\"https://a.example/\",\"userEmailAddress\":\"u@a.example\"}",
                "{\"url\":\"https://a.example/\",\"date\":\"garbage\"}", "{\"url\":\"https://a.example/\",\"date\":null}"}) {
            EmailEvent e = Normaliser.normalise(LogType.URL, raw, ctx, new OrdinalCounter());
            ObjectNode ocsf = Ocsf.node(e);
            assertThat(e.time()).isEqualTo(windowEnd.minusSeconds(1));
            assertThat(ocsf.at("/metadata/labels").toString()).as(raw).contains(Ocsf.TIME_FROM_WINDOW);
            assertThat(VALIDATOR.validate(ocsf)).as(raw).isEmpty();
        }
        EmailEvent dated = Normaliser.normalise(LogType.URL, "{\"url\":\"https://a.example/\",\"date\":\"2026-06-01T08:12:00+0000\"}",
                ctx, new OrdinalCounter());
        assertThat(Ocsf.node(dated).at("/metadata/labels").toString()).doesNotContain(Ocsf.TIME_FROM_WINDOW);
    }

    @Test
    void everyEventOfThreeSimulatedDaysIsValid() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        try (MimecastSimulator sim = MimecastSimulator.start(SimulatorConfig.builder().port(0).seed(99)
                .history(Duration.ofDays(3)).duplicateRate(0.02).clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build())) {
            MyNetworks networks = MyNetworks.parse(sim.account(0).domains(), MyNetworks.PRIVATE_RANGES);
            Normaliser.Context ctx = new Normaliser.Context("t", "i", networks, now, now);
            int checked = 0;
            for (LogType type : LogType.values()) {
                OrdinalCounter ordinals = new OrdinalCounter();
                for (String raw : sim.groundTruth(0, io.maillake.simulator.LogType.valueOf(type.name()), now.minus(Duration.ofDays(3)), now)) {
                    EmailEvent event = Normaliser.normalise(type, raw, ctx, ordinals);
                    List<String> violations = VALIDATOR.validate(Ocsf.node(event));
                    assertThat(violations).as(raw).isEmpty();
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(50_000);
        }
    }
}
