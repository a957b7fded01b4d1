package io.maillake.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for the terminal: aligned columns, long cells clipped. */
final class Tables {
    private Tables() { }

    static void print(PrintWriter out, List<String> header, List<List<String>> rows, int maxCell) {
        int n = header.size();
        int[] width = new int[n];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        for (List<String> r : rows) all.add(r.stream().map(c -> clip(c, maxCell)).toList());
        for (List<String> r : all) for (int i = 0; i < n; i++) width[i] = Math.max(width[i], r.get(i).length());
        for (int k = 0; k < all.size(); k++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String cell = all.get(k).get(i);
                line.append(cell);
                if (i < n - 1) line.append(" ".repeat(width[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
            if (k == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < n; i++) rule.append("-".repeat(width[i])).append(i < n - 1 ? "  " : "");
                out.println(rule);
            }
        }
        out.flush();
    }

    static String clip(String s, int max) {
        String oneLine = s.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "…";
    }
}
