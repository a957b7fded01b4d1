package io.maillake.simulator.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses request bodies leniently, as Mimecast evidently does: strict JSON, and also the Python
 * repr that Mimecast's own sample scripts post ({@code data=str(payload)}: single-quoted strings,
 * {@code True}/{@code False}/{@code None}; API.md 2.1). Trailing commas are tolerated.
 *
 * <p>Result types: {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link Long} or
 * {@link BigDecimal}, {@link Boolean}, and {@code null}. Thread-safe (no shared state).
 */
public final class LenientJson {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private LenientJson(String s) {
        this.s = s;
    }

    /** Thrown for input that is neither JSON nor a Python literal. */
    public static final class SyntaxException extends Exception {
        SyntaxException(String message, int position) {
            super(message + " at position " + position);
        }
    }

    public static Object parse(String text) throws SyntaxException {
        LenientJson p = new LenientJson(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != p.s.length()) {
            throw p.error("unexpected trailing characters");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"', '\'' -> string();
            default -> {
                if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                yield word();
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        while (!peek('}')) {
            skipWhitespace();
            char c = pos < s.length() ? s.charAt(pos) : 0;
            if (c != '"' && c != '\'') {
                throw error("expected a quoted key");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value(depth + 1));
            skipWhitespace();
            if (!peek('}')) {
                expect(',');
                skipWhitespace();
            }
        }
        pos++;
        return map;
    }

    private List<Object> array(int depth) throws SyntaxException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        while (!peek(']')) {
            list.add(value(depth + 1));
            skipWhitespace();
            if (!peek(']')) {
                expect(',');
                skipWhitespace();
            }
        }
        pos++;
        return list;
    }

    private String string() throws SyntaxException {
        char quote = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\'', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> sb.append((char) hexDigits(4));
                case 'x' -> sb.append((char) hexDigits(2)); // Python repr of control characters
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private int hexDigits(int n) throws SyntaxException {
        if (pos + n > s.length()) {
            throw error("truncated escape");
        }
        try {
            int v = Integer.parseInt(s.substring(pos, pos + n), 16);
            pos += n;
            return v;
        } catch (NumberFormatException ex) {
            throw error("bad hex escape");
        }
    }

    private Object number() throws SyntaxException {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        String text = s.substring(start, pos);
        try {
            BigDecimal d = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
            try {
                return d.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return d;
            }
        } catch (NumberFormatException ex) {
            throw error("bad number '" + text + "'");
        }
    }

    private Object word() throws SyntaxException {
        int start = pos;
        while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
            pos++;
        }
        return switch (s.substring(start, pos)) {
            case "true", "True" -> Boolean.TRUE;
            case "false", "False" -> Boolean.FALSE;
            case "null", "None" -> null;
            default -> throw error("unexpected token");
        };
    }

    private boolean peek(char c) throws SyntaxException {
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        return s.charAt(pos) == c;
    }

    private void expect(char c) throws SyntaxException {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message, pos);
    }
}
