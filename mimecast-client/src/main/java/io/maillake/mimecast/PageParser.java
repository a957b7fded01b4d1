package io.maillake.mimecast;

import io.maillake.mimecast.http.FailBody;
import io.maillake.mimecast.http.RecordingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one TTP log page with a streaming parser, while the body arrives. Each record's original
 * JSON text is cut out of the bytes received so far by byte offsets, so it survives byte for byte
 * (it becomes the lake's {@code raw} column); the parser never builds a tree. Every record field
 * is optional and unknown fields are kept, because the text is never re-serialised.
 */
final class PageParser {
    /** The transport reads what is left of the body after the parser is done; the parser must not close it. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private PageParser() { }

    /** Parses a page already received whole. */
    static Page parse(LogType type, ApiGeneration generation, byte[] body) throws MimecastException {
        try {
            return read(type, generation, new RecordingInputStream(new ByteArrayInputStream(body), body.length, Integer.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an array does not fail to read
        }
    }

    /**
     * Parses a page from its body as it arrives, to the end of the body.
     *
     * @throws IOException when the transfer fails; every other problem is a {@link MimecastException}
     */
    static Page read(LogType type, ApiGeneration generation, RecordingInputStream body) throws IOException, MimecastException {
        List<String> records = new ArrayList<>();
        String next = null;
        int failEntries = 0;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad("the body is not a JSON object", null);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "meta" -> next = readNext(p, value);
                    case "data" -> readData(p, value, type, body, records);
                    case "fail" -> failEntries = countEntries(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad("unexpected content after the JSON object", null);
            }
        } catch (JacksonIOException e) {
            // a character that does not decode is the body's fault, not the connection's
            if (e.getCause() instanceof java.io.CharConversionException) throw bad("undecodable text: " + e.getOriginalMessage(), e);
            throw e.getCause();
        } catch (JacksonException e) {
            throw bad("malformed or truncated JSON: " + e.getOriginalMessage(), e);
        }
        if (failEntries > 0) throw ResponseClassifier.forFailIn200(type, generation, FailBody.errors(body.bytes()));
        return new Page(type, records, Optional.ofNullable(next), body.size());
    }

    /** {@code meta.pagination.next}, if present. */
    private static String readNext(JsonParser p, JsonToken value) {
        String next = null;
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("pagination".equals(name) && v == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    JsonToken fv = p.nextToken();
                    if ("next".equals(field) && fv == JsonToken.VALUE_STRING) next = p.getString();
                    else p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return next;
    }

    /** Collects the records of {@code data[*].<recordArray>}; other members such as {@code resultCount} are skipped. */
    private static void readData(JsonParser p, JsonToken value, LogType type, RecordingInputStream body, List<String> records)
            throws MimecastException {
        if (value == JsonToken.VALUE_NULL) return;
        if (value != JsonToken.START_ARRAY) throw bad("'data' is not an array", null);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (type.recordArray().equals(name) && v == JsonToken.START_ARRAY) {
                    readRecords(p, type, body, records);
                } else if (type.recordArray().equals(name) && v != JsonToken.VALUE_NULL) {
                    throw bad("'" + name + "' is not an array", null);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void readRecords(JsonParser p, LogType type, RecordingInputStream body, List<String> records)
            throws MimecastException {
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw bad("an element of '" + type.recordArray() + "' is not a JSON object", null);
            }
            long offset = p.currentTokenLocation().getByteOffset();
            // Jackson reads UTF-16 and UTF-32 too, but then knows no byte offsets; JSON between systems is UTF-8 (RFC 8259)
            if (offset < 0) throw bad("the body is not UTF-8", null);
            int start = (int) offset;
            p.skipChildren();
            int end = (int) p.currentTokenLocation().getByteOffset() + 1;
            records.add(new String(body.buffer(), start, end - start, StandardCharsets.UTF_8));
        }
    }

    private static int countEntries(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 0;
        }
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            count++;
        }
        return count;
    }

    private static MimecastException.BadResponse bad(String message, Throwable cause) {
        return new MimecastException.BadResponse("Mimecast sent an unusable page: " + message, 200, null, true, cause);
    }
}
