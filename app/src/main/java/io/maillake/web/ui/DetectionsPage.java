package io.maillake.web.ui;

import io.maillake.detect.Detection;
import io.maillake.detect.Rule;
import io.maillake.domain.Integration;
import io.maillake.web.DetectionQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Detections page: the filters as given, one page of detections (latest activity first) and
 * the pager.
 *
 * @param base   the page's path, {@code /t/{tenant}/detections}
 * @param rules  the tenant's rules, for the rule filter and to name each detection's rule
 * @param integrations the tenant's integrations, for the integration filter
 * @param error  why the filters could not be used, or null
 */
public record DetectionsPage(String base, DetectionQuery query, List<Detection> detections, long total, int page,
                             List<Rule> rules, List<Integration> integrations, String error, Instant now) {
    public static final int PAGE_SIZE = 50;

    /** Status filter choices: value, label. */
    public static final Map<String, String> STATUSES = choices("open", "Open (new or investigating)", "new", "New",
            "investigating", "Investigating", "closed", "Closed", "all", "Any status");
    public static final Map<String, String> SEVERITIES = choices("", "Any severity", "low", "Low or worse", "medium", "Medium or worse",
            "high", "High or worse", "critical", "Critical");

    public int pages() { return (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE); }
    public long firstRow() { return detections.isEmpty() ? 0 : (long) (page - 1) * PAGE_SIZE + 1; }
    public long lastRow() { return firstRow() + detections.size() - (detections.isEmpty() ? 0 : 1); }

    public boolean selected(String field, String value) {
        String current = switch (field) {
            case "status" -> query.status();
            case "severity" -> query.severity();
            case "integration" -> query.integration();
            default -> query.rule();
        };
        return value.equals(current == null ? "" : current);
    }

    public String value(String s) { return s == null ? "" : s; }

    public String ruleName(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).map(Rule::name).findFirst().orElse(ruleId);
    }

    public String detailUrl(Detection d) { return base + "/" + d.detectionUid(); }

    public String pageUrl(int n) {
        StringBuilder q = new StringBuilder(base).append("?page=").append(n);
        add(q, "status", query.status());
        add(q, "severity", query.severity());
        add(q, "rule", query.rule());
        add(q, "since", query.since());
        add(q, "until", query.until());
        add(q, "q", query.text());
        add(q, "integration", query.integration());
        return q.toString();
    }

    public String ago(Instant t) { return Fmt.ago(t, now); }

    private static void add(StringBuilder q, String name, String value) {
        if (value != null) q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static Map<String, String> choices(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
