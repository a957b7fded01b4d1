package io.maillake.detect;

import java.time.Instant;
import java.util.Map;

/**
 * One event that a rule found, with the group it belongs to and the fields a title may show.
 *
 * @param groupKey the rule's {@code group_by} values of the event (for a sequence, of its first event), as JSON
 * @param fields   the event's sender, recipient, url, ... (see {@link RuleSql#EVIDENCE_COLUMNS}), plus what the rule adds
 * @param distinctValue for a threshold rule, the event's value of the column whose distinct values are counted; else null
 */
public record Evidence(String ruleId, String tenantId, String eventUid, Instant time, String groupKey,
                       Map<String, String> fields, String distinctValue) {
    public Evidence {
        fields = Map.copyOf(fields);
    }

    public String recipient() {
        return fields.get("recipient");
    }
}
