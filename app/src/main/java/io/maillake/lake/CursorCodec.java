package io.maillake.lake;

import io.maillake.domain.OrdinalCarry;
import io.maillake.domain.StreamCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores a {@link StreamCursor} as a small JSON document ({@code "v":1}). The page token is
 * Mimecast's opaque string and is kept as is.
 */
public final class CursorCodec {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FORMAT = 1;

    private CursorCodec() { }

    public static String encode(StreamCursor c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", FORMAT);
        if (c.leadTo() != null) o.put("leadTo", c.leadTo().toString());
        if (c.matureTo() != null) o.put("matureTo", c.matureTo().toString());
        if (c.active() != null) {
            StreamCursor.Window w = c.active();
            ObjectNode a = o.putObject("active");
            a.put("kind", w.kind().name());
            a.put("from", w.from().toString());
            a.put("to", w.to().toString());
            a.put("startedAt", w.startedAt().toString());
            if (w.pageToken() != null) a.put("pageToken", w.pageToken());
            a.put("pages", w.pages());
            if (!w.carry().counts().isEmpty()) {
                ObjectNode carry = a.putObject("carry");
                carry.put("second", w.carry().epochSecond());
                ArrayNode entries = carry.putArray("counts");
                w.carry().entries().forEach(entries::add);
            }
        }
        return o.toString();
    }

    /**
     * @throws IllegalArgumentException if the text is not a cursor this version understands
     */
    public static StreamCursor decode(String json, long version) {
        JsonNode o = JSON.readTree(json);
        if (o.path("v").asInt() != FORMAT) throw new IllegalArgumentException("unknown cursor format " + o.path("v"));
        StreamCursor.Window active = null;
        JsonNode a = o.get("active");
        if (a != null && a.isObject()) {
            OrdinalCarry carry = OrdinalCarry.EMPTY;
            JsonNode c = a.get("carry");
            if (c != null) {
                List<String> entries = new ArrayList<>();
                c.path("counts").forEach(e -> entries.add(e.asString()));
                carry = OrdinalCarry.fromEntries(c.path("second").asLong(), entries);
            }
            active = new StreamCursor.Window(StreamCursor.Kind.valueOf(a.path("kind").asString()),
                    Instant.parse(a.path("from").asString()), Instant.parse(a.path("to").asString()),
                    Instant.parse(a.path("startedAt").asString()),
                    a.hasNonNull("pageToken") ? a.get("pageToken").asString() : null, carry, a.path("pages").asInt());
        }
        return new StreamCursor(instant(o, "leadTo"), instant(o, "matureTo"), active, version);
    }

    private static Instant instant(JsonNode o, String field) {
        return o.hasNonNull(field) ? Instant.parse(o.get(field).asString()) : null;
    }
}
