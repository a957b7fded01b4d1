package io.maillake.mimecast;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Builds TTP log request bodies (API.md 2.1, 2.2):
 * {@code {"meta":{"pagination":{"pageSize":500,"pageToken":"…"}},"data":[{"from":…,"to":…,"oldestFirst":true}]}}.
 * Follow-up pages re-send the filters with the token, the documented form that every server accepts.
 */
final class RequestBodies {
    /** Mimecast's documented request date form, with a {@code +0000} offset, accepted by API 1.0 and 2.0. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    private RequestBodies() { }

    static String formatDate(Instant instant) {
        return DATE.format(instant);
    }

    static byte[] logs(LogQuery q, String pageToken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeName("meta");
            g.writeStartObject();
            g.writeName("pagination");
            g.writeStartObject();
            g.writeNumberProperty("pageSize", q.pageSize());
            if (pageToken != null) g.writeStringProperty("pageToken", pageToken);
            g.writeEndObject();
            g.writeEndObject();
            g.writeName("data");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringProperty("from", formatDate(q.from()));
            g.writeStringProperty("to", formatDate(q.to()));
            g.writeBooleanProperty("oldestFirst", q.oldestFirst());
            if (q.type() != LogType.IMPERSONATION && q.route().isPresent()) g.writeStringProperty("route", q.route().get());
            if (q.type() == LogType.URL && q.scanResult().isPresent()) g.writeStringProperty("scanResult", q.scanResult().get());
            if (q.type() == LogType.ATTACHMENT && q.result().isPresent()) g.writeStringProperty("result", q.result().get());
            if (q.type() == LogType.IMPERSONATION && q.taggedMalicious().isPresent()) {
                g.writeBooleanProperty("taggedMalicious", q.taggedMalicious().get());
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
