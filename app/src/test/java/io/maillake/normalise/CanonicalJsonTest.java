package io.maillake.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;

/**
 * The one-pass reading of a record (canonical form streamed from the parser, top-level fields kept
 * flat) must give exactly what the tree gives, byte for byte and field for field: event uids already
 * in the lake were made from the tree, and a re-read must find them again.
 */
class CanonicalJsonTest {

    @Property(tries = 1500)
    void theStreamedFormAndFieldsAreTheTreesWheneverTheStreamTakesTheRecord(@ForAll("records") String raw) throws Exception {
        RecordView.Tree tree = RecordView.parse(raw);
        String expected = hex(c -> c.write(tree.node()));
        CanonicalJson streamed = new CanonicalJson();
        RecordView.Flat flat = new RecordView.Flat();
        boolean taken;
        try (JsonParser p = RecordView.JSON.createParser(raw)) {
            taken = streamed.write(p, flat);
        }
        Statistics.label("taken by the stream").collect(taken)
                .coverage(c -> c.check(true).percentage(pct -> pct > 20)); // most records: else the property proves little
        if (!taken) return;
        assertThat(digest(streamed)).as(raw).isEqualTo(expected);
        List<String> fields = new ArrayList<>(tree.node().propertyNames());
        fields.add("absent");
        for (String f : fields) {
            assertThat(flat.text(f)).as(f + " in " + raw).isEqualTo(tree.text(f));
            assertThat(flat.bool(f)).as(f + " in " + raw).isEqualTo(tree.bool(f));
            assertThat(flat.has(f)).as(f + " in " + raw).isEqualTo(tree.has(f));
        }
    }

    @Test
    void theStreamTakesRecordsOfStringsBooleansNullsIntegersAndNesting() throws Exception {
        for (String raw : List.of("{}", "{\"a\":\"x\",\"b\":true,\"c\":null,\"d\":-0,\"e\":99999999999,\"f\":123456789012345678901234567890}",
                "{\"n\":{\"b\":[1,{\"z\":[],\"y\":{}}],\"a\":\"\\u00e9\\/\"},\"m\":[[],[[]]]}")) {
            assertThat(takes(raw)).as(raw).isTrue();
        }
    }

    @Test
    void theStreamDeclinesWhatOnlyTheTreeReadsExactly() throws Exception {
        for (String raw : List.of("{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":\"x\",\"a\":\"y\"}", "{\"n\":{\"b\":1,\"b\":2}}",
                "[]", "\"x\"", "{\"a\":1} {}", "{\"a\":", "")) {
            assertThat(takes(raw)).as(raw).isFalse();
        }
    }

    private static boolean takes(String raw) throws Exception {
        try (JsonParser p = RecordView.JSON.createParser(raw)) {
            return new CanonicalJson().write(p, new RecordView.Flat());
        }
    }

    private static String hex(java.util.function.Consumer<CanonicalJson> write) throws Exception {
        CanonicalJson c = new CanonicalJson();
        write.accept(c);
        return digest(c);
    }

    private static String digest(CanonicalJson c) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        c.digestInto(sha);
        return HexFormat.of().formatHex(sha.digest());
    }

    @Provide
    Arbitrary<String> records() {
        return members(3).map(CanonicalJsonTest::object);
    }

    /** An object's members as (name, JSON text) pairs; names come from a small set so repeats happen. */
    private Arbitrary<List<Map.Entry<String, String>>> members(int depth) {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("url", "date", "action", "taggedMalicious", "a", "b", "é", "a\\/b"),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(6));
        return Arbitraries.entries(names, value(depth)).list().ofMaxSize(8);
    }

    private Arbitrary<String> value(int depth) {
        List<Arbitrary<String>> choices = new ArrayList<>(List.of(
                Arbitraries.strings().ofMaxLength(12).map(s -> RecordView.JSON.writeValueAsString(s)),
                Arbitraries.strings().ofMaxLength(12).map(s -> RecordView.JSON.writeValueAsString(s).replace("/", "\\/")),
                Arbitraries.of("\" true \"", "\"FALSE\"", "\"  \"", "\"\\u0041\\n\"", "\"😀\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(String::valueOf),
                Arbitraries.of("-0", "0", "1.0", "1e3", "-2.5E-3", "0.1"),
                Arbitraries.of("true", "false", "null")));
        if (depth > 0) {
            choices.add(members(depth - 1).map(CanonicalJsonTest::object));
            choices.add(value(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(" , ", l) + "]"));
        }
        return Arbitraries.oneOf(choices);
    }

    private static String object(List<Map.Entry<String, String>> members) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> m : members) parts.add(RecordView.JSON.writeValueAsString(m.getKey()) + ":" + m.getValue());
        return "{" + String.join(", ", parts) + "}";
    }
}
