package io.maillake.detect;

import io.maillake.domain.InvalidInputException;
import io.maillake.lake.LakeSchema;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a rule file (YAML; the format is in {@code docs/detections.md}) into a {@link Rule}. Checks
 * everything that can be checked without running SQL: required keys, no unknown keys, ids, MITRE
 * technique ids, durations, column names and title placeholders. The SQL itself is checked by
 * {@link RuleValidator}'s dry run.
 */
public final class RuleParser {
    /** A key given twice is an error, not "the last one wins". */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Longest text of one key (a condition, a description): as long as a query may be. */
    static final int MAX_TEXT = 100_000;
    /** Longest name or title: shown in lists and notifications. */
    static final int MAX_LINE = 300;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}[a-z0-9]");
    private static final Pattern MITRE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    /** A title placeholder: any name in braces, so that a misspelt one ({Recipient}, {sha256_1}) is refused, not printed. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Set<String> TOP = Set.of("id", "name", "description", "severity", "mitre", "title", "where",
            "group_by", "group_window", "threshold", "followed_by", "lookalike");
    /** Longest window a rule may use: windows make the engine read back this far on every run. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final Duration DEFAULT_GROUP_WINDOW = Duration.ofHours(24);

    /** Columns a rule may name in group_by, threshold.distinct and lookalike.column. */
    public static final Set<String> COLUMNS;
    /** Placeholders a title may use besides the columns. */
    static final Set<String> COUNTERS = Set.of("events", "recipients", "looks_like");

    static {
        Set<String> c = new LinkedHashSet<>();
        for (LakeSchema.Column col : LakeSchema.COLUMNS) if (!col.name().equals("raw")) c.add(col.name());
        c.add("sender_domain");
        c.add("recipient_domain");
        COLUMNS = Set.copyOf(c);
    }

    private RuleParser() { }

    /**
     * @param tenantId the tenant a custom rule belongs to; null for a built-in rule
     * @throws InvalidInputException listing every problem, each starting with the key it concerns
     */
    public static Rule parse(String text, String tenantId) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("rule: not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new InvalidInputException("rule: expected a YAML mapping with id, name, severity, where, ...");
        List<String> problems = new ArrayList<>();
        for (String key : root.propertyNames()) {
            if (!TOP.contains(key)) problems.add(key + ": unknown key; known: " + String.join(", ", TOP.stream().sorted().toList()));
        }
        String id = text(root, "id", problems, true);
        if (id != null && !ID.matcher(id).matches()) problems.add("id: '" + id + "' must be 3-64 lower-case letters, digits and dashes");
        String name = line(root, "name", problems);
        String description = text(root, "description", problems, false);
        String severityText = text(root, "severity", problems, true);
        Severity severity = null;
        if (severityText != null) {
            severity = Severity.fromId(severityText).orElse(null);
            if (severity == null) problems.add("severity: '" + severityText + "' is not one of informational, low, medium, high, critical");
        }
        List<String> mitre = list(root, "mitre", problems);
        for (String t : mitre) if (!MITRE.matcher(t).matches()) problems.add("mitre: '" + t + "' is not an ATT&CK technique id such as T1566 or T1566.002");
        String where = condition(root, "where", problems, "");
        List<String> groupBy = root.has("group_by") ? list(root, "group_by", problems) : List.of("event_uid");
        if (groupBy.isEmpty()) problems.add("group_by: name at least one column, or leave it out for one detection per event");
        for (String col : groupBy) checkColumn("group_by", col, problems);
        Duration groupWindow = root.has("group_window") ? duration(root.path("group_window"), "group_window", problems) : DEFAULT_GROUP_WINDOW;
        Logic logic = logic(root, problems);
        String title = line(root, "title", problems);
        if (title != null) {
            Matcher m = PLACEHOLDER.matcher(title);
            while (m.find()) {
                String p = m.group(1);
                if (!COLUMNS.contains(p) && !COUNTERS.contains(p)) {
                    problems.add("title: {" + p + "} is not a column or one of {events}, {recipients}, {looks_like}");
                } else if (p.equals("looks_like") && !(logic instanceof Logic.Lookalike)) {
                    problems.add("title: {looks_like} is filled only by a rule with lookalike");
                }
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new Rule(id, name, description == null ? "" : description, severity, mitre, title, where, groupBy,
                groupWindow, logic, tenantId, text);
    }

    private static Logic logic(JsonNode root, List<String> problems) {
        int kinds = (root.has("threshold") ? 1 : 0) + (root.has("followed_by") ? 1 : 0) + (root.has("lookalike") ? 1 : 0);
        if (kinds > 1) {
            problems.add("rule: use at most one of threshold, followed_by, lookalike");
            return new Logic.Each();
        }
        if (root.has("threshold")) {
            JsonNode t = root.path("threshold");
            allowOnly(t, "threshold", Set.of("distinct", "at_least", "within"), problems);
            String distinct = text(t, "distinct", problems, true, "threshold.");
            if (distinct != null) checkColumn("threshold.distinct", distinct, problems);
            int atLeast = t.path("at_least").asInt(0);
            if (!t.path("at_least").isIntegralNumber() || atLeast < 2) problems.add("threshold.at_least: expected a whole number of at least 2");
            Duration within = duration(t.path("within"), "threshold.within", problems);
            return new Logic.Threshold(distinct, atLeast, within);
        }
        if (root.has("followed_by")) {
            JsonNode f = root.path("followed_by");
            allowOnly(f, "followed_by", Set.of("where", "on", "within"), problems);
            String then = condition(f, "where", problems, "followed_by.");
            String on = condition(f, "on", problems, "followed_by.");
            Duration within = duration(f.path("within"), "followed_by.within", problems);
            return new Logic.FollowedBy(then, on, within);
        }
        if (root.has("lookalike")) {
            JsonNode l = root.path("lookalike");
            allowOnly(l, "lookalike", Set.of("column"), problems);
            String column = text(l, "column", problems, true, "lookalike.");
            if (column != null) checkColumn("lookalike.column", column, problems);
            return new Logic.Lookalike(column);
        }
        return new Logic.Each();
    }

    private static void allowOnly(JsonNode node, String key, Set<String> allowed, List<String> problems) {
        if (!node.isObject()) {
            problems.add(key + ": expected a mapping with " + String.join(", ", allowed.stream().sorted().toList()));
            return;
        }
        for (String k : node.propertyNames()) {
            if (!allowed.contains(k)) problems.add(key + "." + k + ": unknown key; known: " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    private static void checkColumn(String key, String col, List<String> problems) {
        if (!COLUMNS.contains(col)) problems.add(key + ": '" + col + "' is not a column of email_events (or sender_domain, recipient_domain)");
    }

    /**
     * A SQL condition, which the engine puts inside parentheses of its own: its parentheses must balance outside
     * strings, quoted names and comments, so that it cannot close those and add terms beside the engine's bounds.
     */
    private static String condition(JsonNode node, String key, List<String> problems, String prefix) {
        String sql = text(node, key, problems, true, prefix);
        if (sql == null) return null;
        String unbalanced = unbalanced(sql);
        if (unbalanced != null) {
            problems.add(prefix + key + ": " + unbalanced + "; write one condition whose parentheses balance");
            return null;
        }
        return sql;
    }

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");

    /** What is wrong with the parentheses of {@code sql}, or null when they balance. */
    static String unbalanced(String sql) {
        int depth = 0;
        Matcher tag;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                // E'...' strings read a backslash as escaping the next character, a quote included
                boolean escapes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i == 1 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                int end = i + 1;
                while (end < sql.length() && sql.charAt(end) != c) end += escapes && sql.charAt(end) == '\\' ? 2 : 1;
                if (end > sql.length()) end = sql.length();
                if (end == sql.length()) return "a quote is not closed";
                i = end; // a doubled quote inside reads as two quoted runs side by side: the same for balance
            } else if (c == '$' && (tag = DOLLAR_TAG.matcher(sql).region(i, sql.length())).lookingAt()) {
                // $$...$$ or $tag$...$tag$: a string
                int end = sql.indexOf(tag.group(), tag.end());
                if (end < 0) return "a quote is not closed";
                i = end + tag.group().length() - 1;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) return "a comment is not closed";
                i = end + 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) return "a ')' closes a parenthesis the condition did not open";
            } else if (c == ';') {
                return "';' ends a statement: a condition is one expression";
            }
        }
        return depth == 0 ? null : "a '(' is not closed";
    }

    /** A required one-line text: a name or a title. */
    private static String line(JsonNode node, String key, List<String> problems) {
        String v = text(node, key, problems, true);
        if (v != null && v.length() > MAX_LINE) {
            problems.add(key + ": at most " + MAX_LINE + " characters");
            return null;
        }
        return v;
    }

    private static String text(JsonNode node, String key, List<String> problems, boolean required) {
        return text(node, key, problems, required, "");
    }

    private static String text(JsonNode node, String key, List<String> problems, boolean required, String prefix) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            if (required) problems.add(prefix + key + ": required");
            return null;
        }
        if (!v.isString() || v.asString().isBlank()) {
            problems.add(prefix + key + ": expected a non-empty text");
            return null;
        }
        if (v.asString().length() > MAX_TEXT) {
            problems.add(prefix + key + ": at most " + MAX_TEXT + " characters");
            return null;
        }
        return v.asString().strip();
    }

    private static List<String> list(JsonNode node, String key, List<String> problems) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) return List.of();
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isValueNode() && !item.asString().isBlank()) out.add(item.asString().strip());
                else problems.add(key + ": expected a list of texts");
            }
        } else if (v.isValueNode() && !v.asString().isBlank()) {
            out.add(v.asString().strip());
        } else {
            problems.add(key + ": expected a list of texts");
        }
        return out;
    }

    private static Duration duration(JsonNode v, String key, List<String> problems) {
        if (v.isMissingNode() || v.isNull()) {
            problems.add(key + ": required (an ISO-8601 duration such as PT1H)");
            return Duration.ofHours(1);
        }
        try {
            Duration d = Duration.parse(v.asString().strip());
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_WINDOW) > 0) {
                problems.add(key + ": " + v.asString() + " must be between PT1S and P7D");
            }
            return d.withNanos(0);
        } catch (DateTimeParseException e) {
            problems.add(key + ": '" + v.asString() + "' is not an ISO-8601 duration such as PT1H or PT30M");
            return Duration.ofHours(1);
        }
    }
}
