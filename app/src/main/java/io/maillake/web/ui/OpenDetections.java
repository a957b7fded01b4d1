package io.maillake.web.ui;

import io.maillake.detect.DetectionFilter;
import io.maillake.detect.Detections;
import io.maillake.detect.Severity;
import io.maillake.detect.Status;
import java.util.Set;

/**
 * A tenant's detections still to triage (new or investigating), for the Integrations and Tenants
 * pages: counted in {@code detections.db}, so it costs a few indexed SQLite counts, not a lake scan.
 *
 * @param open   new or investigating
 * @param unseen new (nobody has looked yet)
 * @param severe open and high or critical
 */
public record OpenDetections(long open, long unseen, long severe) {
    public static OpenDetections of(Detections detections, String tenantId) {
        DetectionFilter open = DetectionFilter.of(Set.of(tenantId)).withStatuses(Set.of(Status.NEW, Status.INVESTIGATING));
        return new OpenDetections(detections.count(open), detections.count(open.withStatuses(Set.of(Status.NEW))),
                detections.count(open.withMinSeverity(Severity.HIGH)));
    }

    public String openText() { return Fmt.count(open); }
    public String unseenText() { return Fmt.count(unseen); }
    public String severeText() { return Fmt.count(severe); }
}
