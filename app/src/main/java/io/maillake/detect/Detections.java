package io.maillake.detect;

import io.maillake.domain.InvalidInputException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The detections service for the console and the CLI: list with filters, one detection with its
 * evidence, and triage (status). Every call takes the tenants the caller may see; a detection of
 * another tenant is as absent as one that does not exist. Thread-safe.
 */
public final class Detections {
    private final DetectionStore store;

    public Detections(DetectionStore store) {
        this.store = store;
    }

    /** Detections matching the filter, latest activity first. */
    public List<Detection> list(DetectionFilter filter) {
        return store.list(filter);
    }

    /** Open (new or investigating) detections of a tenant by integration id; an integration without any is absent. */
    public java.util.Map<String, Long> openByIntegration(String tenantId) {
        return store.openByIntegration(tenantId);
    }

    /** How many detections match the filter, whatever its limit and offset (for pages and open counts). */
    public long count(DetectionFilter filter) {
        return store.count(filter);
    }

    /**
     * A detection with its evidence events (their {@code event_uid}s find them in {@code email_events})
     * and its status history.
     *
     * @param tenants the caller's tenants (null: every tenant)
     */
    public Optional<Detection.Detail> get(Set<String> tenants, String detectionUid) {
        return store.get(tenants, detectionUid);
    }

    /**
     * Moves a detection to {@code status}. Closing needs a reason; other statuses take none. A closed
     * detection takes no more events: later evidence of its group opens a new detection. Reopening
     * (new or investigating) is allowed.
     *
     * @param note      free text for the history, may be null
     * @param changedBy who made the change (a user name), for the history
     * @return the updated detection; empty if the caller has no such detection
     * @throws InvalidInputException for a missing or unexpected reason, or a note over 2,000 characters
     */
    public Optional<Detection> setStatus(Set<String> tenants, String detectionUid, Status status, CloseReason reason,
                                         String note, String changedBy) {
        if (status == null) throw new InvalidInputException("status: expected new, investigating or closed");
        if (status == Status.CLOSED && reason == null) {
            throw new InvalidInputException("reason: closing needs a reason: true_positive, benign, false_positive or duplicate");
        }
        if (status != Status.CLOSED && reason != null) throw new InvalidInputException("reason: only a closed detection has a reason");
        if (note != null && note.length() > 2000) throw new InvalidInputException("note: at most 2,000 characters");
        if (!store.setStatus(tenants, detectionUid, status, reason, note, changedBy)) return Optional.empty();
        return store.get(tenants, detectionUid).map(Detection.Detail::detection);
    }
}
