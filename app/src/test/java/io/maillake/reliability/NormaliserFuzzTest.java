package io.maillake.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.QueryResult;
import io.maillake.lake.QueryScope;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.mimecast.LogType;
import io.maillake.normalise.MalformedRecordException;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.Ocsf;
import io.maillake.normalise.OrdinalCounter;
import io.maillake.ocsf.OcsfValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the normaliser with records of every shape (see {@link FuzzJson}): any JSON object normalises
 * without throwing, for every log type; its OCSF event is valid against the OCSF 1.7.0 schema files and
 * the same whether built at ingest or derived when read; {@code raw} and {@code raw_data} are the record
 * exactly; the event uid does not depend on spacing, member order or escaping. Anything that is not a
 * JSON object is refused with {@link MalformedRecordException}. Records then go through the lake and
 * come back exactly, each with its OCSF event.
 */
class NormaliserFuzzTest {
    private static final OcsfValidator VALIDATOR = OcsfValidator.load(Path.of("..", "testdata", "ocsf-schema-1.7.0")).strictProfiles();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-04-01T12:30:00Z");
    private static final MyNetworks NETWORKS = MyNetworks.parse(List.of("example.com", "corp.example.org"),
            List.of("10.0.0.0/8", "2001:db8::/32", "203.0.113.0/24"));
    private static final Normaliser.Context CTX = new Normaliser.Context("tenant-f", "int-f", NETWORKS, NOW, NOW.minusSeconds(1));

    private static Path dir;
    private static EmbeddedLake lake;
    private static long version;

    record Fuzzed(LogType type, String raw) {
        @Override public String toString() {
            return type + " " + (raw.length() > 800 ? raw.substring(0, 800) + "... (" + raw.length() + " chars)" : raw);
        }
    }

    @BeforeContainer
    static void openLake() throws IOException {
        dir = Files.createTempDirectory("normaliser-fuzz");
        lake = new EmbeddedLake(dir.resolve("lake"), Clock.systemUTC());
    }

    @AfterContainer
    static void closeLake() throws IOException {
        lake.close();
        Reliability.deleteTree(dir);
    }

    @Property(tries = 1200)
    void anyJsonObjectNormalisesToAValidOcsfEventThatKeepsTheRawRecordExactly(@ForAll("records") Fuzzed f) {
        EmailEvent event = Normaliser.normalise(f.type(), f.raw(), CTX, new OrdinalCounter());
        assertThat(event.raw()).isEqualTo(f.raw());
        assertThat(event.eventUid()).matches("[0-9a-f]{32}");

        ObjectNode ocsf = Ocsf.node(event);
        assertThat(VALIDATOR.validate(ocsf)).as("OCSF event of %s", f).isEmpty();
        assertThat(ocsf.get("raw_data").stringValue()).isEqualTo(f.raw());
        // the lake derives the event when read, from the stored row: it must be the same event
        EmailEvent restored = Normaliser.restore(f.type(), f.raw(), event.eventUid(), event.time(), event.ingestedAt(),
                event.tenantId(), event.integrationId(), event.direction());
        assertThat(Ocsf.json(restored)).isEqualTo(ocsf.toString());
        // what readers get is the event as JSON text: it must be JSON, and still a valid event
        JsonNode asRead = JSON.readTree(Ocsf.json(event));
        assertThat(VALIDATOR.validate(asRead)).as("OCSF event as read, of %s", f).isEmpty();
    }

    @Property(tries = 500)
    void theEventUidIgnoresSpacingMemberOrderAndEscaping(@ForAll("records") Fuzzed f) {
        String uid = Normaliser.normalise(f.type(), f.raw(), CTX, new OrdinalCounter()).eventUid();
        JsonNode tree = JSON.readTree(f.raw());
        String compact = JSON.writeValueAsString(tree);
        String pretty = tree.toPrettyString();
        String reversed = reverseMembers(tree).toString();
        for (String variant : List.of(compact, pretty, reversed)) {
            // a lone surrogate or a number beyond double does not survive re-serialising: then the variant is another record
            if (!JSON.readTree(variant).equals(tree) && !JSON.readTree(variant).equals(reverseMembers(tree))) continue;
            assertThat(Normaliser.normalise(f.type(), variant, CTX, new OrdinalCounter()).eventUid()).as(variant).isEqualTo(uid);
        }
    }

    @Property(tries = 1000)
    void anythingButAJsonObjectIsRefusedAsMalformed(@ForAll("nonObjects") String raw) {
        for (LogType type : LogType.values()) {
            assertThatThrownBy(() -> Normaliser.normalise(type, raw, CTX, new OrdinalCounter())).as(raw)
                    .isInstanceOf(MalformedRecordException.class);
        }
    }

    /** Batches of fuzzed records are committed to a lake and read back by SQL: raw exactly, one OCSF event each. */
    @Property(tries = 15)
    void fuzzedRecordsLandInTheLakeAndComeBackExactlyWithTheirOcsfEvent(@ForAll("batches") List<Fuzzed> batch) {
        Map<LogType, List<EmailEvent>> byType = new HashMap<>();
        Map<String, String> rawByUid = new HashMap<>();
        Map<LogType, OrdinalCounter> ordinals = new HashMap<>();
        String integration = "int-f" + (++version);
        Normaliser.Context ctx = new Normaliser.Context("tenant-f", integration, NETWORKS, NOW, NOW.minusSeconds(1));
        for (Fuzzed f : batch) {
            EmailEvent e = Normaliser.normalise(f.type(), f.raw(), ctx, ordinals.computeIfAbsent(f.type(), t -> new OrdinalCounter()));
            if (rawByUid.putIfAbsent(e.eventUid(), e.raw()) == null) byType.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<LogType, List<EmailEvent>> e : byType.entrySet()) {
            StreamKey key = new StreamKey("tenant-f", integration, e.getKey());
            lake.commit(key, e.getValue(), 0, new StreamCursor(NOW, NOW, null, 0));
        }
        QueryResult r = lake.queryEngine().query("select event_uid, raw, ocsf is null, json_valid(ocsf), ocsf->>'raw_data' "
                + "from email_events where integration_id = '" + integration + "'", QueryScope.all(), 10_000, Duration.ofMinutes(1));
        assertThat(r.rows()).hasSize(rawByUid.size());
        for (List<Object> row : r.rows()) {
            String raw = rawByUid.get((String) row.get(0));
            assertThat(row.get(1)).isEqualTo(raw);
            assertThat(row.get(2)).as("ocsf of %s", raw).isEqualTo(false);
            assertThat(row.get(3)).isEqualTo(true);
            assertThat(row.get(4)).isEqualTo(raw);
        }
    }

    private static JsonNode reverseMembers(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            java.util.Collections.reverse(members);
            ObjectNode out = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> m : members) out.set(m.getKey(), reverseMembers(m.getValue()));
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            for (JsonNode item : node) out.add(reverseMembers(item));
            return out;
        }
        return node;
    }

    @Provide
    Arbitrary<Fuzzed> records() {
        return Arbitraries.randomValue(r -> {
            LogType type = LogType.values()[r.nextInt(3)];
            return new Fuzzed(type, r.nextInt(10) == 0 ? FuzzJson.object(r, 4) : FuzzJson.record(r, type));
        });
    }

    @Provide
    Arbitrary<List<Fuzzed>> batches() {
        return records().list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<String> nonObjects() {
        return Arbitraries.randomValue(NormaliserFuzzTest::nonObject);
    }

    private static String nonObject(Random r) {
        String object = FuzzJson.record(r, LogType.URL).strip();
        return switch (r.nextInt(8)) {
            case 0 -> FuzzJson.array(r, 2);
            case 1 -> FuzzJson.string(r);
            case 2 -> FuzzJson.number(r);
            case 3 -> FuzzJson.pick(r, "true", "false", "null", "", " ", "\u0000", "{", "}", "{]", "[}", "NaN", "undefined");
            case 4 -> object.substring(0, r.nextInt(object.length()));
            case 5 -> object + FuzzJson.pick(r, "{}", "x", ",", "]", "{\"a\":1}");
            case 6 -> FuzzJson.pick(r, "'", "/*", "//") + object;
            default -> "<html>" + FuzzJson.text(r, 10) + "</html>";
        };
    }
}
