package io.maillake.reliability;

import io.maillake.mimecast.LogType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates Mimecast-like records as JSON text: every field Maillake maps, given a plausible value,
 * a hostile one or a value of the wrong type, beside unknown members; spacing, escapes, unicode
 * (escaped lone surrogates and NUL included), huge strings, deep nesting and big numbers. Only
 * {@link Random} is used, so the jqwik seed reproduces each record.
 */
final class FuzzJson {
    private FuzzJson() { }

    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};
    private static final String[] FIELDS = {"date", "eventTime", "url", "userEmailAddress", "fromUserEmailAddress",
            "senderAddress", "recipientAddress", "subject", "messageId", "fileHash", "fileName", "fileType", "route",
            "action", "actions", "scanResult", "result", "actionTriggered", "taggedMalicious", "taggedExternal",
            "senderIpAddress", "sendingIp", "definition", "ttpDefinition", "userAwarenessAction", "id", "unmapped",
            "class_uid", "raw_data", "metadata", ""};
    private static final String[] PIECES = {"a", "Z", "0", " ", ".", "@", "<", ">", ":", "/", "\u00e9", "\u2603", "\u4e2d",
            "\u05d0", "\u200f", "\ufeff", "\u2028", "\ud83d\ude00", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b",
            "\\u0000", "\\u001f", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\udc00\\ud800", "\u007f", "'", "%00", ";", "--"};

    static String ws(Random r) {
        return WHITESPACE[r.nextInt(WHITESPACE.length)];
    }

    static String text(Random r, int maxPieces) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) s.append(PIECES[r.nextInt(PIECES.length)]);
        return s.toString();
    }

    static String string(Random r) {
        if (r.nextInt(60) == 0) return "\"" + PIECES[r.nextInt(PIECES.length)].repeat(10_000 + r.nextInt(30_000)) + "\"";
        return "\"" + text(r, 16) + "\"";
    }

    /** Member names: any characters but lone surrogates, which Jackson 3 refuses in names. */
    static String name(Random r) {
        if (r.nextInt(3) != 0) return "\"" + FIELDS[r.nextInt(FIELDS.length)] + "\"";
        StringBuilder s = new StringBuilder("\"");
        int n = r.nextInt(10);
        for (int i = 0; i < n; i++) {
            String piece = PIECES[r.nextInt(PIECES.length)];
            if (!piece.startsWith("\\ud8") && !piece.startsWith("\\udf") && !piece.startsWith("\\udc")) s.append(piece);
        }
        return s.append('"').toString();
    }

    static String number(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "0";
            case 1 -> "-" + r.nextInt(1000);
            case 2 -> Long.toString(r.nextLong());
            case 3 -> r.nextInt(1000) + "." + r.nextInt(1000);
            case 4 -> "1e" + (r.nextBoolean() ? "-" : "") + r.nextInt(400);
            case 5 -> "9".repeat(1 + r.nextInt(900));
            case 6 -> "-0.0";
            default -> Integer.toString(r.nextInt(100));
        };
    }

    static String value(Random r, int depth) {
        return switch (r.nextInt(depth <= 0 ? 5 : 9)) {
            case 0, 1 -> string(r);
            case 2 -> number(r);
            case 3 -> new String[] {"true", "false", "null"}[r.nextInt(3)];
            case 4 -> r.nextInt(30) == 0 ? deep(r) : string(r);
            case 5, 6 -> object(r, depth - 1);
            default -> array(r, depth - 1);
        };
    }

    /** Nested arrays up to the depth a page may carry (the page parser allows 500 levels, the page itself uses 5). */
    static String deep(Random r) {
        int d = r.nextBoolean() ? 100 + r.nextInt(300) : 480 + r.nextInt(10);
        return "[".repeat(d) + "]".repeat(d);
    }

    static String object(Random r, int depth) {
        List<String> members = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) members.add(name(r) + ws(r) + ":" + ws(r) + value(r, depth));
        return "{" + ws(r) + String.join(ws(r) + "," + ws(r), members) + ws(r) + "}";
    }

    static String array(Random r, int depth) {
        List<String> items = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) items.add(value(r, depth));
        return "[" + ws(r) + String.join(ws(r) + "," + ws(r), items) + ws(r) + "]";
    }

    /** A value for a field Maillake reads: plausible, hostile, or of another JSON type. */
    static String fieldValue(Random r, String field) {
        int roll = r.nextInt(10);
        if (roll == 0) return value(r, 2);
        if (roll == 1) return new String[] {"null", "\"\"", "\"   \"", "true", "0", "[]", "{}"}[r.nextInt(7)];
        String plain = switch (field) {
            case "date", "eventTime" -> date(r);
            case "url" -> url(r);
            case "userEmailAddress", "fromUserEmailAddress", "senderAddress", "recipientAddress" -> address(r);
            case "senderIpAddress", "sendingIp" -> ip(r);
            case "fileHash" -> r.nextBoolean() ? hex(r, 64) : hex(r, r.nextInt(130));
            case "route" -> pick(r, "inbound", "outbound", "internal", "external", "INBOUND ", "sideways", "");
            case "action" -> pick(r, "allow", "warn", "block", "hold", "bounce", "none", "Allow", "x");
            case "actions" -> pick(r, "Allow", "Block", "None", "Browser Isolation", "");
            case "scanResult", "result" -> pick(r, "clean", "malicious", "safe", "unsafe", "timeout", "error", "unknown", "MALICIOUS");
            case "actionTriggered" -> pick(r, "user release, none", "block", "hold, none", "admin release", "none", "");
            case "taggedMalicious", "taggedExternal" -> pick(r, "true", "false", "TRUE", "yes", "1");
            case "userAwarenessAction" -> pick(r, "Continue", "continue", "n/a");
            default -> text(r, 12);
        };
        if (r.nextInt(8) == 0) plain = plain + text(r, 4);
        if (field.startsWith("tagged") && r.nextBoolean()) return r.nextBoolean() ? "true" : "false";
        return "\"" + plain + "\"";
    }

    private static String date(Random r) {
        String[] forms = {"2026-04-01T12:%02d:%02d+0000", "2026-04-01T12:%02d:%02dZ", "2026-04-01T12:%02d:%02d+01:00",
                "2026-04-01T12:%02d:%02d.123456789-0530", "9999-12-31T23:%02d:%02d+1800", "0000-01-01T00:%02d:%02d-1800",
                "0001-01-01T00:%02d:%02d+0000", "10000-01-01T00:%02d:%02d+0000", "1970-01-01T00:%02d:%02d+0000",
                "2026-02-30T12:%02d:%02d+0000", "2026-04-01 12:%02d:%02d", "Tue, 01 Apr 2026 12:%02d:%02d UTC", "%d%d"};
        return String.format(forms[r.nextInt(forms.length)], r.nextInt(60), r.nextInt(60));
    }

    private static String url(Random r) {
        return pick(r, "https://", "http://", "", "javascript:", "mailto:", "ftp://", "//") + pick(r, "example.com", "a.b",
                "[::1]", "[fe80::1%25eth0]", "127.0.0.1", "\u00e9x\u00e4mple.com", "xn--bcher-kva.example", "", "user:pw@host")
                + pick(r, "", ":443", ":99999", ":0", ":-1", ":abc") + pick(r, "", "/", "/p?q=1#f", "/%zz", "/ space", "/\\u0000")
                + text(r, 3);
    }

    private static String address(Random r) {
        String local = pick(r, "alice", "bob.smith", "a+b", "\\\"q\\\"", "", "x".repeat(300), "\u00e9l\u00e8ve");
        String domain = pick(r, "example.com", "corp.example.org", "b", "[1.2.3.4]", "", "xn--e1afmkfd.xn--p1ai", "EXAMPLE.COM.");
        String bare = local + "@" + domain;
        return switch (r.nextInt(5)) {
            case 0 -> "Name <" + bare + ">";
            case 1 -> "<>";
            case 2 -> "<" + bare + "> trailing";
            default -> bare;
        };
    }

    private static String ip(Random r) {
        return pick(r, "10.1.2.3", "203.0.113.9", "256.1.1.1", "1.2.3", "::1", "fe80::1", "::ffff:10.0.0.1", "Internal IP",
                "internal ip", "2001:db8::", "01.02.03.04", "1.2.3.4:25", "::", "gggg::1", "localhost");
    }

    private static String hex(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append("0123456789abcdefABCDEF".charAt(r.nextInt(22)));
        return s.toString();
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    /** A record of {@code type}: most of its fields with fuzzed values, plus unknown members, in any order. */
    static String record(Random r, LogType type) {
        List<String> members = new ArrayList<>();
        for (String field : FIELDS) {
            if (field.isEmpty() || r.nextInt(3) == 0) continue;
            members.add("\"" + field + "\"" + ws(r) + ":" + ws(r) + fieldValue(r, field));
        }
        int extra = r.nextInt(4);
        for (int i = 0; i < extra; i++) members.add(name(r) + ":" + value(r, 3));
        java.util.Collections.shuffle(members, r);
        if (r.nextInt(20) == 0) members.add(members.isEmpty() ? "\"a\":1" : members.get(0)); // a duplicate member
        return ws(r) + "{" + ws(r) + String.join("," + ws(r), members) + ws(r) + "}" + ws(r);
    }
}
