package io.maillake.web.ui;

import io.maillake.detect.Rules;
import io.maillake.detect.Severity;
import io.maillake.domain.InvalidInputException;
import io.maillake.web.DetectionViews;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Rules page: every rule the tenant has (built-in and its own), enabled or not, and the form
 * that adds a rule from YAML with its problems beside it.
 *
 * @param tenantBase {@code /t/{tenant}}
 * @param source     the text of the add form
 * @param problems   why the submitted rule was refused, each starting with the key it concerns
 * @param valid      the id of the rule the form holds, once validated; null otherwise
 */
public record RulesPage(String tenantBase, List<Rules.RuleView> rules, String source, List<String> problems, String valid) {
    /** What the add form starts with: a working example to edit. */
    public static final String EXAMPLE = """
            id: payroll-link-clicked
            name: Payroll-themed link clicked
            description: >
              A user clicked a link in a message whose subject mentions payroll or salary,
              a common lure of credential phishing.
            severity: medium
            mitre: [T1566.002, T1204.001]
            title: "{recipient} clicked {url} in a payroll-themed message"
            where: |
              log_type = 'url' AND (lower(subject) LIKE '%payroll%' OR lower(subject) LIKE '%salary%')
            group_by: [recipient, url]
            """;

    /** A problem as shown: the key it concerns, and what is wrong. */
    public record Problem(String field, String text) { }

    public List<Problem> shownProblems() {
        return problems.stream().map(p -> {
            String field = InvalidInputException.fieldOf(p);
            return new Problem(field, field.isEmpty() ? p : p.substring(p.indexOf(':') + 1).strip());
        }).toList();
    }

    public String action(Rules.RuleView r, String verb) { return tenantBase + "/rules/" + r.rule().id() + "/" + verb; }

    public String detectionsUrl(Rules.RuleView r) {
        return tenantBase + "/detections?status=all&rule=" + URLEncoder.encode(r.rule().id(), StandardCharsets.UTF_8);
    }

    public String severityLabel(Severity s) { return Fmt.severity(s); }
    public String logic(Rules.RuleView r) {
        return switch (DetectionViews.logic(r.rule())) {
            case "threshold" -> "Threshold";
            case "followed_by" -> "Sequence";
            case "lookalike" -> "Look-alike";
            default -> "Each event";
        };
    }
    public static String mitreUrl(String technique) { return Fmt.mitreUrl(technique); }
    public long enabledCount() { return rules.stream().filter(Rules.RuleView::enabled).count(); }
}
