package io.maillake.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.maillake.domain.MyNetworks;
import io.maillake.mimecast.LogType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventUidTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Normaliser.Context CTX = new Normaliser.Context("t", "i", MyNetworks.defaults(), T, T);

    private static String hash(String json) {
        return HexFormat.of().formatHex(EventUid.contentHash("i", LogType.URL, JSON.readTree(json)));
    }

    @Test
    void ignoresMemberOrderSpacingAndEscaping() {
        String a = "{\"url\":\"https://x.example/a\",\"date\":\"2026-01-01T00:00:00+0000\",\"n\":{\"b\":1,\"a\":[1,2]}}";
        String b = "{ \"n\" : { \"a\" : [1, 2], \"b\" : 1 }, \"date\":\"2026-01-01T00:00:00+0000\", \"url\":\"https:\\/\\/x.example\\/a\" }";
        assertThat(hash(a)).isEqualTo(hash(b));
    }

    @Test
    void tellsApartValuesTypesNamesAndNesting() {
        List<String> variants = List.of("{\"a\":\"1\"}", "{\"a\":1}", "{\"a\":true}", "{\"a\":null}", "{\"b\":\"1\"}",
                "{\"a\":[\"1\"]}", "{\"a\":{\"1\":null}}", "{\"a\":\"1\",\"b\":null}", "{\"a\":\"\",\"b\":\"1\"}", "{\"ab\":\"\"}");
        assertThat(variants.stream().map(EventUidTest::hash).distinct()).hasSize(variants.size());
    }

    @Test
    void givesIdenticalRecordsInOneSecondDistinctIdsAndTheSameIdsOnEveryReRead() {
        String click = "{\"date\":\"2026-01-01T00:00:00+0000\",\"url\":\"https://x.example\",\"userEmailAddress\":\"a@example.com\"}";
        List<String> first = new ArrayList<>();
        List<String> again = new ArrayList<>();
        OrdinalCounter one = new OrdinalCounter();
        OrdinalCounter two = new OrdinalCounter();
        for (int i = 0; i < 3; i++) {
            first.add(Normaliser.normalise(LogType.URL, click, CTX, one).eventUid());
            again.add(Normaliser.normalise(LogType.URL, click, CTX, two).eventUid());
        }
        assertThat(first).doesNotHaveDuplicates().isEqualTo(again);
    }

    @Test
    void aReadResumedFromItsCarryNumbersIdenticalRecordsAsAnUninterruptedRead() {
        String click = "{\"date\":\"2026-01-01T00:00:05+0000\",\"url\":\"https://x.example\"}";
        OrdinalCounter uninterrupted = new OrdinalCounter();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) expected.add(Normaliser.normalise(LogType.URL, click, CTX, uninterrupted).eventUid());

        OrdinalCounter before = new OrdinalCounter();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < 2; i++) actual.add(Normaliser.normalise(LogType.URL, click, CTX, before).eventUid());
        OrdinalCounter after = OrdinalCounter.resume(before.carry());
        for (int i = 0; i < 2; i++) actual.add(Normaliser.normalise(LogType.URL, click, CTX, after).eventUid());

        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 200)
    void theHashOfARecordDoesNotDependOnTheOrderOfItsMembers(@ForAll("records") Map<String, Object> record) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(record.entrySet());
        Collections.reverse(entries);
        Map<String, Object> reversed = new LinkedHashMap<>();
        entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
        assertThat(hash(JSON.writeValueAsString(reversed))).isEqualTo(hash(JSON.writeValueAsString(record)));
    }

    @Provide
    Arbitrary<Map<String, Object>> records() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), values).ofMinSize(1).ofMaxSize(12)
                .map(LinkedHashMap::new);
    }
}
