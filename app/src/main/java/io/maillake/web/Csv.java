package io.maillake.web;

import io.maillake.lake.QueryResult;
import java.util.List;

/**
 * Query results as CSV (RFC 4180). A cell that a spreadsheet would run as a formula (starting
 * with {@code = + - @}, also after spaces, or a tab or carriage return) gets a leading apostrophe: email subjects and
 * URLs come from attackers, and OWASP's CSV injection advice is to neutralise them.
 */
public final class Csv {
    private Csv() { }

    public static String of(QueryResult r) {
        StringBuilder out = new StringBuilder(64 * (r.rows().size() + 1));
        line(out, r.columns().stream().map(c -> (Object) c.name()).toList());
        for (List<Object> row : r.rows()) line(out, row);
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) return "";
        String s = value instanceof List<?> l ? String.join(";", l.stream().map(String::valueOf).toList()) : value.toString();
        if (!(value instanceof Number) && formula(s)) s = "'" + s;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Starts with a tab or carriage return, or with {@code = + - @} after any spaces (some spreadsheets skip them). */
    private static boolean formula(String s) {
        if (s.isEmpty()) return false;
        if (s.charAt(0) == '\t' || s.charAt(0) == '\r') return true;
        String t = s.stripLeading();
        return !t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0;
    }
}
