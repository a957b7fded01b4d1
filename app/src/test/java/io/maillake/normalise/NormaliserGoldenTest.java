package io.maillake.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each golden record normalises to exactly the row beside it. Run with {@code -Dgolden.update=true}
 * to rewrite the expected rows after a deliberate mapping change, then review the diff.
 */
class NormaliserGoldenTest {
    static final Instant INGESTED = Instant.parse("2026-11-01T00:00:00Z");
    static final Normaliser.Context CONTEXT = new Normaliser.Context("tenant-golden", "integration-golden",
            MyNetworks.parse(List.of("example.com"), MyNetworks.PRIVATE_RANGES), INGESTED, INGESTED);

    static Stream<GoldenRecords.Golden> golden() {
        List<GoldenRecords.Golden> all = GoldenRecords.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        return all.stream();
    }

    static EmailEvent normalise(GoldenRecords.Golden g) {
        return Normaliser.normalise(g.type(), g.raw(), CONTEXT, new OrdinalCounter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void normalisesToTheExpectedRow(GoldenRecords.Golden g) throws IOException {
        EmailEvent event = normalise(g);
        String actual = RecordView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(row(event)) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(g.expectedRow(), actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(g.expectedRow())).as("expected row file %s", g.expectedRow()).isTrue();
        assertThat(actual).isEqualTo(GoldenRecords.read(g.expectedRow()));
        assertThat(event.raw()).as("raw is kept byte for byte").isEqualTo(g.raw());
    }

    /** Every column except {@code raw}, which the test compares to the golden input itself. */
    static ObjectNode row(EmailEvent e) {
        ObjectNode o = RecordView.JSON.createObjectNode();
        o.put("event_uid", e.eventUid());
        o.put("time", e.time().toString());
        o.put("ingested_at", e.ingestedAt().toString());
        o.put("tenant_id", e.tenantId());
        o.put("integration_id", e.integrationId());
        o.put("log_type", e.logType().id());
        o.put("class_uid", e.classUid());
        o.put("activity_id", e.activityId());
        o.put("action_id", e.actionId());
        o.put("disposition_id", e.dispositionId());
        o.put("severity_id", e.severityId());
        o.put("direction", e.direction().id());
        for (String[] kv : new String[][] {
                {"sender", e.sender()}, {"recipient", e.recipient()}, {"subject", e.subject()}, {"message_id", e.messageId()},
                {"url", e.url()}, {"file_name", e.fileName()}, {"file_type", e.fileType()}, {"file_sha256", e.fileSha256()},
                {"src_ip", e.srcIp()}, {"verdict", e.verdict()}, {"action", e.action()}, {"policy", e.policy()}}) {
            if (kv[1] == null) o.putNull(kv[0]);
            else o.put(kv[0], kv[1]);
        }
        return o;
    }
}
