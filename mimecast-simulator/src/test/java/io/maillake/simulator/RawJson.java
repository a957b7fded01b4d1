package io.maillake.simulator;

import java.util.ArrayList;
import java.util.List;

/** Cuts the raw text of each element out of a JSON array, so tests can compare bytes, not trees. */
final class RawJson {
    private RawJson() {
    }

    /** Elements of the first array named {@code arrayName} in {@code json}. */
    static List<String> records(String json, String arrayName) {
        String key = "\"" + arrayName + "\":[";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new AssertionError("no " + arrayName + " in " + json);
        }
        List<String> out = new ArrayList<>();
        int i = start + key.length();
        while (json.charAt(i) != ']') {
            int end = endOfValue(json, i);
            out.add(json.substring(i, end));
            i = json.charAt(end) == ',' ? end + 1 : end;
        }
        return out;
    }

    private static int endOfValue(String s, int i) {
        int depth = 0;
        boolean inString = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        throw new AssertionError("unterminated value");
    }
}
