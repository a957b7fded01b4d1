package io.maillake.web;

import io.maillake.Maillake;
import io.maillake.domain.Integration;
import io.maillake.domain.StreamStatus;
import java.util.ArrayList;
import java.util.List;

/** The model of the status page: every integration with its streams. */
public record StatusPage(List<Row> integrations) {
    public record Row(Integration integration, List<StreamStatus> streams) { }

    static StatusPage of(Maillake app) {
        List<Row> rows = new ArrayList<>();
        var integrations = app.integrations();
        for (var tenant : app.store().tenants()) {
            for (Integration i : app.store().integrations(tenant.id())) rows.add(new Row(i, integrations.streams(i)));
        }
        return new StatusPage(rows);
    }
}
