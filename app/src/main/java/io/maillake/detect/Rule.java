package io.maillake.detect;

import java.time.Duration;
import java.util.List;

/**
 * A detection rule, as written in a rule file (see {@code docs/detections.md}).
 *
 * @param tenantId    the tenant a custom rule belongs to (it sees only that tenant's events); null for built-in rules
 * @param where       SQL condition (DuckDB) over a row of {@code email_events} plus {@code sender_domain} and {@code recipient_domain}
 * @param title       template: {@code {column}} of the first evidence event, {@code {events}}, {@code {recipients}}, {@code {looks_like}}
 * @param groupBy     columns whose equal values put events into one detection ({@code event_uid}: one detection per event)
 * @param groupWindow events of a group join an open detection seen within this long of them; later ones open a new one
 * @param source      the rule file's text
 */
public record Rule(String id, String name, String description, Severity severity, List<String> mitre, String title,
                   String where, List<String> groupBy, Duration groupWindow, Logic logic, String tenantId, String source) {
    public Rule {
        mitre = List.copyOf(mitre);
        groupBy = List.copyOf(groupBy);
    }

    public boolean builtIn() {
        return tenantId == null;
    }
}
