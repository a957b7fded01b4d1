package io.maillake.simulator.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Writes a value of {@link LenientJson}'s result types back as strict JSON. Thread-safe (no state). */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static ByteSink write(ByteSink out, Object value) {
        switch (value) {
            case null -> out.ascii("null");
            case String s -> out.string(s);
            case Boolean b -> out.ascii(b.toString());
            case Long l -> out.number(l);
            case BigDecimal d -> out.ascii(d.toString());
            case Map<?, ?> m -> {
                out.put((byte) '{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        out.put((byte) ',');
                    }
                    first = false;
                    out.string(String.valueOf(e.getKey())).put((byte) ':');
                    write(out, e.getValue());
                }
                out.put((byte) '}');
            }
            case List<?> l -> {
                out.put((byte) '[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    write(out, l.get(i));
                }
                out.put((byte) ']');
            }
            default -> throw new IllegalArgumentException("not a LenientJson value: " + value.getClass().getName());
        }
        return out;
    }
}
