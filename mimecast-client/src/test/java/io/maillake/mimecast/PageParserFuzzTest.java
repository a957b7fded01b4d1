package io.maillake.mimecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes {@link PageParser}, the parser of every log page Mimecast sends. Whatever the body, the
 * parser returns a {@link Page} or throws a {@link MimecastException}, never anything else; when it
 * returns a page, every record is exactly the text the server sent, byte for byte, in order.
 * Inputs: well-formed pages of generated records (unicode, escaped surrogates and NUL, huge
 * strings, deep nesting, big numbers, random spacing), each of them truncated at every position,
 * randomly mutated, arbitrary bytes, odd shapes of {@code meta}, {@code data} and {@code fail[]},
 * and other text encodings.
 */
class PageParserFuzzTest {

    /** The parser's outcome: a page, or a typed failure; anything else fails the property. */
    private static Page parseOrNull(LogType type, byte[] body) {
        try {
            return PageParser.parse(type, ApiGeneration.API_1, body);
        } catch (MimecastException expected) {
            return null;
        } catch (Throwable t) {
            throw new AssertionError("PageParser threw " + t + " for " + JsonText.abbreviate(body), t);
        }
    }

    @Property(tries = 400)
    void aWellFormedPageYieldsEveryRecordByteForByteInOrder(@ForAll("pages") JsonText.GeneratedPage page) throws MimecastException {
        Page parsed = PageParser.parse(page.type(), ApiGeneration.API_1, page.body());
        assertThat(parsed.records()).containsExactlyElementsOf(page.records());
        assertThat(parsed.next()).isEqualTo(page.next().filter(t -> !t.isBlank()));
        assertRecordsAreSlicesOfTheBody(parsed, page.body());
    }

    @Property(tries = 60)
    void aPageCutAtAnyPositionIsABadResponseNeverAPartialPage(@ForAll("smallPages") JsonText.GeneratedPage page) {
        byte[] body = page.body();
        int end = body.length;
        while (end > 0 && JsonText.isWhitespace(body[end - 1])) end--;
        for (int cut = 0; cut < body.length; cut++) {
            byte[] prefix = Arrays.copyOf(body, cut);
            Page parsed = parseOrNull(page.type(), prefix);
            if (cut >= end) {
                // only trailing spacing was cut: still the whole page
                assertThat(parsed).isNotNull();
                assertThat(parsed.records()).containsExactlyElementsOf(page.records());
            } else {
                assertThat(parsed).as("cut at %d of %d", cut, body.length).isNull();
            }
        }
    }

    @Property(tries = 1500)
    void aMutatedPageIsAPageOfExactSlicesOrATypedFailure(@ForAll("mutatedPages") JsonText.Mutated mutated) {
        Page parsed = parseOrNull(mutated.type(), mutated.body());
        if (parsed != null) assertRecordsAreSlicesOfTheBody(parsed, mutated.body());
        Statistics.collect(parsed == null ? "refused" : "page");
    }

    @Property(tries = 1500)
    void arbitraryBytesAreAPageOrATypedFailure(@ForAll @Size(max = 300) byte[] body) {
        Page parsed = parseOrNull(LogType.URL, body);
        if (parsed != null) assertRecordsAreSlicesOfTheBody(parsed, body);
    }

    @Property(tries = 800)
    void anyShapeOfMetaDataAndFailIsAPageOrATypedFailure(@ForAll("oddShapes") JsonText.OddShape shape) {
        Page parsed = parseOrNull(shape.type(), shape.body());
        if (parsed != null) {
            assertThat(shape.failEntries()).as("a 200 whose fail[] is not empty is never a page").isZero();
            assertRecordsAreSlicesOfTheBody(parsed, shape.body());
        }
        Statistics.collect(parsed == null ? "refused" : "page");
    }

    @Example
    void aBodyInAnotherEncodingThanUtf8IsABadResponse() {
        String page = "{\"data\":[{\"clickLogs\":[{\"url\":\"https://x.example/\u00e9\"}]}]}";
        for (Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
                Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"))) {
            assertThat(parseOrNull(LogType.URL, page.getBytes(cs))).as(cs.name()).isNull();
        }
        byte[] utf8 = page.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Page parsed = parseOrNull(LogType.URL, withBom);
        assertThat(parsed).isNotNull();
        assertRecordsAreSlicesOfTheBody(parsed, withBom);
    }

    @Example
    void invalidUtf8AnywhereIsABadResponse() {
        byte[][] invalid = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        for (byte[] bad : invalid) {
            byte[] head = "{\"data\":[{\"clickLogs\":[{\"subject\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"}]}]}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            assertThat(parseOrNull(LogType.URL, body)).as(JsonText.abbreviate(bad)).isNull();
        }
    }

    @Example
    void nestingBeyondTheParsersLimitIsABadResponseAndAHugeRecordIsKeptWhole() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThat(parseOrNull(LogType.URL, ("{\"data\":[{\"clickLogs\":[{\"a\":" + deep + "}]}]}").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(parseOrNull(LogType.URL, ("{\"meta\":" + deep + ",\"data\":[]}").getBytes(StandardCharsets.UTF_8))).isNull();

        String huge = "{\"subject\":\"" + "\u00e9\\u0000x".repeat(2_000_000) + "\"}";
        Page page = parseOrNull(LogType.URL, ("{\"data\":[{\"clickLogs\":[" + huge + "]}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(page).isNotNull();
        assertThat(page.records()).singleElement().isEqualTo(huge);
    }

    /** Each record, as UTF-8, occurs in the body at increasing offsets: it is a slice of what was sent, not a re-encoding. */
    static void assertRecordsAreSlicesOfTheBody(Page page, byte[] body) {
        int from = 0;
        for (String record : page.records()) {
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            int at = JsonText.indexOf(body, bytes, from);
            if (at < 0) fail("record is not a slice of the body after offset %d: %s", from, JsonText.abbreviate(bytes));
            assertThat(record).startsWith("{").endsWith("}");
            from = at + bytes.length;
        }
    }

    @Provide
    Arbitrary<JsonText.GeneratedPage> pages() {
        return Arbitraries.randomValue(r -> JsonText.page(r, 12, true));
    }

    @Provide
    Arbitrary<JsonText.GeneratedPage> smallPages() {
        return Arbitraries.randomValue(r -> JsonText.page(r, 3, false)).filter(p -> p.body().length < 3_000);
    }

    @Provide
    Arbitrary<JsonText.Mutated> mutatedPages() {
        return Arbitraries.randomValue(r -> JsonText.mutate(r, JsonText.page(r, 4, false)));
    }

    @Provide
    Arbitrary<JsonText.OddShape> oddShapes() {
        return Arbitraries.randomValue(JsonText::oddShape);
    }

    /**
     * Generates JSON as text, so spacing, escapes and member order are under the test's control and
     * the exact text of every record is known. Only {@link Random} is used, so jqwik's seed
     * reproduces every input.
     */
    static final class JsonText {
        private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};
        private static final String[] FIELDS = {"date", "eventTime", "url", "userEmailAddress", "fromUserEmailAddress",
                "senderAddress", "recipientAddress", "subject", "messageId", "fileHash", "fileName", "route", "action",
                "scanResult", "result", "taggedMalicious", "senderIpAddress", "sendingIp", "definition", "id", ""};
        /** Pieces of string content: raw text of every width, and every kind of escape, including lone surrogates and NUL. */
        private static final String[] STRING_PIECES = {"a", "Z", "0", " ", "@", "<", ">", "\u00e9", "\u2603", "\u4e2d",
                "\u05d0", "\u200f", "\ufeff", "\u2028", "\ud83d\ude00", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b", "\\f",
                "\\u0000", "\\u001f", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\udc00\\ud800", "\u007f", "'", "%00"};

        record GeneratedPage(LogType type, byte[] body, List<String> records, java.util.Optional<String> next) {
            @Override public String toString() { return type + " " + abbreviate(body); }
        }

        record Mutated(LogType type, byte[] body, String how) {
            @Override public String toString() { return type + " " + how + ": " + abbreviate(body); }
        }

        record OddShape(LogType type, byte[] body, int failEntries) {
            @Override public String toString() { return type + " " + abbreviate(body); }
        }

        static LogType type(Random r) {
            return LogType.values()[r.nextInt(LogType.values().length)];
        }

        static String ws(Random r) {
            return WHITESPACE[r.nextInt(WHITESPACE.length)];
        }

        static String string(Random r) {
            StringBuilder s = new StringBuilder("\"");
            int roll = r.nextInt(100);
            if (roll < 2) {
                // a huge string: far beyond any real field
                s.append(STRING_PIECES[r.nextInt(STRING_PIECES.length)].repeat(20_000 + r.nextInt(40_000)));
            } else {
                int n = roll < 20 ? 0 : r.nextInt(24);
                for (int i = 0; i < n; i++) s.append(STRING_PIECES[r.nextInt(STRING_PIECES.length)]);
            }
            return s.append('"').toString();
        }

        /**
         * A member name of any characters and escapes but lone surrogates: Jackson 3 refuses a name with a
         * lone surrogate, which makes the whole page a bad response (see docs/reliability.md).
         */
        static String name(Random r) {
            StringBuilder s = new StringBuilder("\"");
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) {
                String piece = STRING_PIECES[r.nextInt(STRING_PIECES.length)];
                if (!piece.startsWith("\\ud8") && !piece.startsWith("\\udf") && !piece.startsWith("\\udc")) s.append(piece);
            }
            return s.append('"').toString();
        }

        static String number(Random r) {
            StringBuilder s = new StringBuilder();
            if (r.nextBoolean()) s.append('-');
            int digits = r.nextInt(50) == 0 ? 1 + r.nextInt(900) : 1 + r.nextInt(12);
            s.append(1 + r.nextInt(9));
            for (int i = 1; i < digits; i++) s.append(r.nextInt(10));
            if (r.nextInt(4) == 0) s.append('.').append(r.nextInt(1_000_000));
            if (r.nextInt(6) == 0) s.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "-" : "+").append(r.nextInt(400));
            return r.nextInt(10) == 0 ? "0" : s.toString();
        }

        static String value(Random r, int depth) {
            int roll = r.nextInt(depth <= 0 ? 6 : 10);
            return switch (roll) {
                case 0, 1, 2 -> string(r);
                case 3 -> number(r);
                case 4 -> new String[] {"true", "false", "null"}[r.nextInt(3)];
                case 5 -> r.nextInt(40) == 0 ? deepArray(r) : string(r);
                case 6, 7 -> object(r, depth - 1);
                default -> array(r, depth - 1);
            };
        }

        /** Nested arrays, deep but within the parser's nesting limit of 500 (with the page's own levels). */
        static String deepArray(Random r) {
            int depth = 50 + r.nextInt(400);
            return "[".repeat(depth) + (r.nextBoolean() ? "1" : "") + "]".repeat(depth);
        }

        static String object(Random r, int depth) {
            int n = r.nextInt(8);
            StringBuilder s = new StringBuilder("{").append(ws(r));
            for (int i = 0; i < n; i++) {
                if (i > 0) s.append(ws(r)).append(',').append(ws(r));
                String name = r.nextInt(4) == 0 ? name(r) : "\"" + FIELDS[r.nextInt(FIELDS.length)] + "\"";
                s.append(name).append(ws(r)).append(':').append(ws(r)).append(value(r, depth));
            }
            return s.append(ws(r)).append('}').toString();
        }

        static String array(Random r, int depth) {
            int n = r.nextInt(5);
            StringBuilder s = new StringBuilder("[").append(ws(r));
            for (int i = 0; i < n; i++) {
                if (i > 0) s.append(ws(r)).append(',').append(ws(r));
                s.append(value(r, depth));
            }
            return s.append(ws(r)).append(']').toString();
        }

        /** A record: a JSON object, usually with Mimecast's field names. */
        static String record(Random r) {
            return object(r, 3);
        }

        /**
         * A well-formed page: members in any order, {@code data} with other members and elements beside the
         * record array, optional {@code meta} and empty {@code fail}.
         */
        static GeneratedPage page(Random r, int maxRecords, boolean bigRecords) {
            LogType type = type(r);
            List<String> records = new ArrayList<>();
            List<String> dataElements = new ArrayList<>();
            int elements = r.nextInt(6) == 0 ? 2 : 1;
            for (int e = 0; e < elements; e++) {
                List<String> members = new ArrayList<>();
                List<String> these = new ArrayList<>();
                int n = r.nextInt(maxRecords + 1);
                for (int i = 0; i < n; i++) these.add(bigRecords ? record(r) : smallRecord(r));
                records.addAll(these);
                members.add("\"" + type.recordArray() + "\"" + ws(r) + ":" + ws(r) + "[" + ws(r)
                        + String.join(ws(r) + "," + ws(r), these) + ws(r) + "]");
                if (r.nextBoolean()) members.add("\"resultCount\":" + n);
                if (r.nextInt(3) == 0) members.add("\"other" + r.nextInt(100) + "\":" + value(r, 2));
                java.util.Collections.shuffle(members, r);
                dataElements.add("{" + ws(r) + String.join("," + ws(r), members) + ws(r) + "}");
            }
            if (r.nextInt(5) == 0) dataElements.add(r.nextInt(dataElements.size() + 1), value(r, 1));
            java.util.Optional<String> next = java.util.Optional.empty();
            List<String> top = new ArrayList<>();
            top.add("\"data\"" + ws(r) + ":" + ws(r) + "[" + String.join("," + ws(r), dataElements) + "]");
            if (r.nextInt(4) != 0) {
                String nextMember = "";
                if (r.nextBoolean()) {
                    String token = r.nextInt(10) == 0 ? "" : "tok-" + Long.toHexString(r.nextLong());
                    next = java.util.Optional.of(token);
                    nextMember = ",\"next\":\"" + token + "\"";
                }
                top.add("\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":" + r.nextInt(501) + nextMember + "}}");
            }
            if (r.nextBoolean()) top.add("\"fail\":" + ws(r) + "[" + ws(r) + "]");
            if (r.nextInt(4) == 0) top.add("\"extra\":" + value(r, 2));
            java.util.Collections.shuffle(top, r);
            String body = ws(r) + "{" + ws(r) + String.join(ws(r) + "," + ws(r), top) + ws(r) + "}" + ws(r);
            return new GeneratedPage(type, body.getBytes(StandardCharsets.UTF_8), records, next);
        }

        private static String smallRecord(Random r) {
            String s = object(r, 2);
            return s.length() > 400 ? "{\"" + FIELDS[r.nextInt(FIELDS.length)] + "\":" + number(r) + "}" : s;
        }

        /** One to three random edits of a page's bytes: flips, insertions of bytes or JSON tokens, deletions, duplications. */
        static Mutated mutate(Random r, GeneratedPage page) {
            byte[] b = page.body();
            StringBuilder how = new StringBuilder();
            int edits = 1 + r.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                switch (r.nextInt(6)) {
                    case 0 -> {
                        if (b.length > 0) b[at] = (byte) r.nextInt(256);
                        how.append("flip@").append(at).append(' ');
                    }
                    case 1 -> {
                        b = splice(b, at, 0, new byte[] {(byte) r.nextInt(256)});
                        how.append("insert-byte@").append(at).append(' ');
                    }
                    case 2 -> {
                        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999", "\"x\":", "{\"clickLogs\":[{}]}",
                                "\"fail\":[{}]", "\u0000", "\ud83d", "\"data\":null"};
                        byte[] token = tokens[r.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
                        b = splice(b, at, 0, token);
                        how.append("insert-token@").append(at).append(' ');
                    }
                    case 3 -> {
                        int len = Math.min(b.length - at, 1 + r.nextInt(8));
                        b = splice(b, at, len, new byte[0]);
                        how.append("delete@").append(at).append('+').append(len).append(' ');
                    }
                    case 4 -> {
                        int len = Math.min(b.length - at, 1 + r.nextInt(30));
                        b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                        how.append("duplicate@").append(at).append('+').append(len).append(' ');
                    }
                    default -> {
                        if (b.length > 1) {
                            int other = r.nextInt(b.length);
                            byte t = b[at];
                            b[at] = b[other];
                            b[other] = t;
                        }
                        how.append("swap@").append(at).append(' ');
                    }
                }
            }
            return new Mutated(page.type(), b, how.toString().trim());
        }

        /**
         * Any JSON value where {@code meta}, {@code meta.pagination.next}, {@code data}, its elements, the record
         * array, its records and {@code fail} are expected: numbers where strings belong, objects where arrays
         * belong, nulls, empty containers, and {@code fail[]} entries of every shape.
         */
        static OddShape oddShape(Random r) {
            LogType type = type(r);
            String records = switch (r.nextInt(6)) {
                case 0 -> value(r, 2);
                case 1 -> "[" + value(r, 2) + "," + record(r) + "]";
                case 2 -> "[]";
                case 3 -> "null";
                default -> "[" + record(r) + "]";
            };
            String dataElement = switch (r.nextInt(5)) {
                case 0 -> value(r, 2);
                case 1 -> "{\"" + type.recordArray() + "\":" + records + ",\"" + type.recordArray() + "\":" + records + "}";
                default -> "{\"" + type.recordArray() + "\":" + records + "}";
            };
            String data = switch (r.nextInt(6)) {
                case 0 -> value(r, 2);
                case 1 -> "{\"" + type.recordArray() + "\":" + records + "}";
                case 2 -> "[]";
                case 3 -> "null";
                default -> "[" + dataElement + "]";
            };
            String next = switch (r.nextInt(5)) {
                case 0 -> number(r);
                case 1 -> value(r, 2);
                case 2 -> "null";
                default -> string(r);
            };
            String meta = r.nextInt(4) == 0 ? value(r, 2) : "{\"pagination\":{\"next\":" + next + "}}";
            int failEntries = 0;
            String fail;
            switch (r.nextInt(6)) {
                case 0 -> fail = value(r, 2);
                case 1 -> fail = "null";
                case 2, 3 -> fail = "[]";
                default -> {
                    List<String> entries = new ArrayList<>();
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        entries.add(switch (r.nextInt(6)) {
                            case 0 -> value(r, 2);
                            case 1 -> "{\"code\":" + value(r, 1) + ",\"message\":" + value(r, 1) + ",\"retryable\":" + value(r, 0) + "}";
                            case 2 -> "{\"errors\":" + value(r, 2) + "}";
                            case 3 -> "{\"key\":{},\"errors\":[{\"code\":\"err_xdk_binding_expired\",\"message\":\"AccessKey has expired.\"}]}";
                            case 4 -> "{\"errors\":[" + value(r, 1) + ",{\"code\":" + string(r) + "}]}";
                            default -> "{\"code\":\"err_audit_log_incorrect_region\"}";
                        });
                    }
                    failEntries = n;
                    fail = "[" + String.join(",", entries) + "]";
                }
            }
            List<String> top = new ArrayList<>(List.of("\"meta\":" + meta, "\"data\":" + data, "\"fail\":" + fail));
            java.util.Collections.shuffle(top, r);
            return new OddShape(type, ("{" + String.join(",", top) + "}").getBytes(StandardCharsets.UTF_8), failEntries);
        }

        static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }

        static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
            byte[] out = new byte[b.length - remove + insert.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
            return out;
        }

        static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
                return i;
            }
            return -1;
        }

        static String abbreviate(byte[] b) {
            String s = new String(b, 0, Math.min(b.length, 600), StandardCharsets.UTF_8);
            return b.length <= 600 ? s : s + "... (" + b.length + " bytes)";
        }
    }
}
