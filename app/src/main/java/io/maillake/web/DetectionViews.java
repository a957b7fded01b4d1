package io.maillake.web;

import io.maillake.detect.Detection;
import io.maillake.detect.Rule;
import io.maillake.detect.Rules;
import java.time.Instant;
import java.util.List;

/**
 * What the REST API returns for detections and rules. Severities, statuses and close reasons are
 * their lower-case ids, as in rule files, the CLI and the {@code detections} query table.
 */
public final class DetectionViews {
    private DetectionViews() { }

    public record DetectionView(String detectionUid, String tenantId, String ruleId, String title, String severity,
                                List<String> mitre, String status, String closeReason, String statusNote, Instant firstSeen,
                                Instant lastSeen, long eventCount, long recipientCount, Instant createdAt, Instant updatedAt) {
        public static DetectionView of(Detection d) {
            return new DetectionView(d.detectionUid(), d.tenantId(), d.ruleId(), d.title(), d.severity().id(), d.mitre(), d.status().id(),
                    d.closeReason() == null ? null : d.closeReason().id(), d.statusNote(), d.firstSeen(), d.lastSeen(), d.eventCount(),
                    d.recipientCount(), d.createdAt(), d.updatedAt());
        }
    }

    /** A page of detections; {@code total} counts every match of the filter. */
    public record DetectionPage(List<DetectionView> detections, long total, int limit, int offset) { }

    /**
     * One evidence event with its key fields from {@code email_events}.
     *
     * @param inLake false when the lake no longer holds the event (only what the detection stored is known)
     */
    public record EventView(String eventUid, Instant time, String logType, String direction, String sender, String recipient,
                            String subject, String messageId, String url, String fileName, String fileSha256, String srcIp,
                            String verdict, String action, String policy, boolean inLake) {
        public static EventView stored(Detection.EvidenceEvent e) {
            return new EventView(e.eventUid(), e.time(), e.logType(), null, null, e.recipient(), null, null, null, null, null, null,
                    null, null, null, false);
        }
    }

    public record StatusChangeView(String status, String closeReason, String note, String changedBy, Instant at) {
        public static StatusChangeView of(Detection.StatusChange c) {
            return new StatusChangeView(c.status().id(), c.closeReason() == null ? null : c.closeReason().id(), c.note(), c.changedBy(), c.at());
        }
    }

    /** The rule that raised a detection, as far as the caller's tenant still has it (null once deleted). */
    public record RuleSummary(String id, String name, String description, boolean builtIn) {
        public static RuleSummary of(Rule r) {
            return new RuleSummary(r.id(), r.name(), r.description(), r.builtIn());
        }
    }

    /**
     * @param eventUids       every evidence event, oldest first
     * @param events          the first of them with their fields ({@code eventsTruncated} when there are more)
     */
    public record DetailView(DetectionView detection, RuleSummary rule, List<String> eventUids, List<EventView> events,
                             boolean eventsTruncated, List<StatusChangeView> history) { }

    /**
     * @param logic       each, threshold, followed_by or lookalike
     * @param groupWindow ISO-8601 duration
     * @param lastFailure why its last run was set aside, or null
     * @param source      the rule file (YAML)
     */
    public record RuleView(String id, String name, String description, String severity, List<String> mitre, String title,
                           String logic, List<String> groupBy, String groupWindow, boolean builtIn, boolean enabled,
                           String lastFailure, String source) {
        public static RuleView of(Rules.RuleView v) {
            Rule r = v.rule();
            return new RuleView(r.id(), r.name(), r.description(), r.severity().id(), r.mitre(), r.title(), DetectionViews.logic(r), r.groupBy(),
                    r.groupWindow().toString(), r.builtIn(), v.enabled(), v.lastFailure(), r.source());
        }

        public static RuleView checked(Rule r) {
            return of(new Rules.RuleView(r, true, null));
        }
    }

    public static String logic(Rule r) {
        return switch (r.logic()) {
            case io.maillake.detect.Logic.Each e -> "each";
            case io.maillake.detect.Logic.Threshold t -> "threshold";
            case io.maillake.detect.Logic.FollowedBy f -> "followed_by";
            case io.maillake.detect.Logic.Lookalike l -> "lookalike";
        };
    }
}
