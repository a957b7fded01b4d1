package io.maillake.detect;

import java.time.Instant;
import java.util.Set;

/**
 * What {@link Detections#list} returns, newest last-seen first. Null fields do not filter.
 *
 * @param tenants     the tenants the caller may see (null: every tenant, for local operators)
 * @param statuses    any of these statuses
 * @param minSeverity this severity or worse
 * @param since       last seen at or after
 * @param until       first seen before
 * @param text        a case-insensitive substring of the title
 * @param integrationId detections with evidence from this integration
 * @param limit       at most this many (1..1000)
 */
public record DetectionFilter(Set<String> tenants, Set<Status> statuses, Severity minSeverity, String ruleId,
                              Instant since, Instant until, String text, String integrationId, int limit, int offset) {
    public static final int MAX_LIMIT = 1000;

    public DetectionFilter {
        tenants = tenants == null ? null : Set.copyOf(tenants);
        statuses = statuses == null ? null : Set.copyOf(statuses);
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        offset = Math.max(0, offset);
    }

    /** Everything the tenants may see, 100 at a time. */
    public static DetectionFilter of(Set<String> tenants) {
        return new DetectionFilter(tenants, null, null, null, null, null, null, null, 100, 0);
    }

    public DetectionFilter withStatuses(Set<Status> s) {
        return new DetectionFilter(tenants, s, minSeverity, ruleId, since, until, text, integrationId, limit, offset);
    }

    public DetectionFilter withMinSeverity(Severity s) {
        return new DetectionFilter(tenants, statuses, s, ruleId, since, until, text, integrationId, limit, offset);
    }

    public DetectionFilter withRule(String id) {
        return new DetectionFilter(tenants, statuses, minSeverity, id, since, until, text, integrationId, limit, offset);
    }

    public DetectionFilter withTime(Instant from, Instant to) {
        return new DetectionFilter(tenants, statuses, minSeverity, ruleId, from, to, text, integrationId, limit, offset);
    }

    public DetectionFilter withText(String t) {
        return new DetectionFilter(tenants, statuses, minSeverity, ruleId, since, until, t, integrationId, limit, offset);
    }

    public DetectionFilter withIntegration(String id) {
        return new DetectionFilter(tenants, statuses, minSeverity, ruleId, since, until, text, id, limit, offset);
    }

    public DetectionFilter page(int newLimit, int newOffset) {
        return new DetectionFilter(tenants, statuses, minSeverity, ruleId, since, until, text, integrationId, newLimit, newOffset);
    }
}
