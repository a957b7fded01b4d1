package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    private static final Instant FROM = Instant.parse("2025-01-06T09:05:00.750Z");
    private static final Instant TO = Instant.parse("2025-01-06T10:05:00Z");

    @Test
    void writesTheFirstPageRequestWithPlusZeroOffsetDatesAndWholeSeconds() {
        String body = new String(RequestBodies.logs(LogQuery.window(LogType.URL, FROM, TO), null), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"meta\":{\"pagination\":{\"pageSize\":500}},\"data\":[{\"from\":\"2025-01-06T09:05:00+0000\","
                + "\"to\":\"2025-01-06T10:05:00+0000\",\"oldestFirst\":true}]}");
    }

    @Test
    void resendsTheFiltersWithThePageToken() {
        LogQuery q = LogQuery.window(LogType.URL, FROM, TO).withPageSize(100).withRoute("inbound").withScanResult("malicious");
        String body = new String(RequestBodies.logs(q, "abc=="), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"meta\":{\"pagination\":{\"pageSize\":100,\"pageToken\":\"abc==\"}},\"data\":[{\"from\":\"2025-01-06T09:05:00+0000\","
                + "\"to\":\"2025-01-06T10:05:00+0000\",\"oldestFirst\":true,\"route\":\"inbound\",\"scanResult\":\"malicious\"}]}");
    }

    @Test
    void sendsOnlyTheFiltersEachEndpointKnows() {
        LogQuery base = LogQuery.window(LogType.ATTACHMENT, FROM, TO).withRoute("internal").withResult("malicious").withScanResult("clean");
        assertThat(new String(RequestBodies.logs(base, null), StandardCharsets.UTF_8))
                .contains("\"route\":\"internal\"", "\"result\":\"malicious\"").doesNotContain("scanResult");
        LogQuery imp = LogQuery.window(LogType.IMPERSONATION, FROM, TO).withRoute("inbound").withTaggedMalicious(true);
        assertThat(new String(RequestBodies.logs(imp, null), StandardCharsets.UTF_8))
                .contains("\"taggedMalicious\":true").doesNotContain("route");
    }
}
