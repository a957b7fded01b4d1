package io.maillake.web.ui;

import io.maillake.domain.Integration;
import io.maillake.mimecast.ApiGeneration;
import java.util.List;

/** The Integrations page: each integration with a badge per log type, and the tenant's detections still to triage. */
public record IntegrationsList(List<Row> rows, boolean networksSet, OpenDetections detections) {
    /** @param openDetections open detections whose evidence came from this integration */
    public record Row(Integration integration, List<StreamRow> streams, long openDetections) {
        public String api() { return integration.generation() == ApiGeneration.API_1 ? "API 1.0" : "API 2.0"; }
    }
}
