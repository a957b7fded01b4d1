package io.maillake.detect;

import java.time.Instant;
import java.util.List;

/**
 * A detection: what a rule found, grouped (one detection per campaign, per clicking user and URL,
 * ... as the rule's {@code group_by} says), with its triage state.
 *
 * @param firstSeen      time of the earliest evidence event
 * @param lastSeen       time of the latest evidence event
 * @param eventCount     evidence events
 * @param recipientCount distinct recipients (clicking users for URL logs) among them
 * @param closeReason    set when {@code status} is closed
 */
public record Detection(String detectionUid, String tenantId, String ruleId, String title, Severity severity,
                        List<String> mitre, Status status, CloseReason closeReason, String statusNote, Instant firstSeen,
                        Instant lastSeen, long eventCount, long recipientCount, Instant createdAt, Instant updatedAt) {
    public Detection {
        mitre = List.copyOf(mitre);
    }

    /** A detection with its evidence (oldest first) and the history of its status. */
    public record Detail(Detection detection, List<EvidenceEvent> evidence, List<StatusChange> history) {
        public Detail {
            evidence = List.copyOf(evidence);
            history = List.copyOf(history);
        }

        public List<String> eventUids() {
            return evidence.stream().map(EvidenceEvent::eventUid).toList();
        }
    }

    /** One evidence event: look it up in {@code email_events} by its {@code event_uid}. */
    public record EvidenceEvent(String eventUid, Instant time, String logType, String recipient) { }

    public record StatusChange(Status status, CloseReason closeReason, String note, String changedBy, Instant at) { }
}
