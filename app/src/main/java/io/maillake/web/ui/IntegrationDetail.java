package io.maillake.web.ui;

import io.maillake.domain.Integration;
import io.maillake.mimecast.ApiGeneration;
import io.maillake.web.Views.HistoryView;
import java.time.Instant;
import java.util.List;

/** One integration: per stream its status, history, recent errors with their fixes; a volume chart. */
public record IntegrationDetail(Integration integration, List<Panel> panels, String volumeJson, Instant now) {
    public record Panel(StreamRow stream, List<HistoryView> history, List<HistoryView> errors) { }

    public String api() { return integration.generation() == ApiGeneration.API_1 ? "API 1.0 (keys)" : "API 2.0 (client credentials)"; }
    public String identifier() { return integration.generation() == ApiGeneration.API_1 ? integration.appId() : integration.clientId(); }
    public String time(Instant t) { return Fmt.time(t); }
    public String ago(Instant t) { return Fmt.ago(t, now); }
    public String label(String status) { return Fmt.state(io.maillake.domain.StreamState.valueOf(status)); }
    public String cssClass(String status) { return Fmt.stateClass(io.maillake.domain.StreamState.valueOf(status)); }
    public String guideStep(String code) { return Fmt.guideStep(code); }
}
