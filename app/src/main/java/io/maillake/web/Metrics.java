package io.maillake.web;

import io.maillake.domain.Integration;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.notify.Webhooks;
import io.maillake.service.Integrations;
import io.maillake.store.StateStore;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus text exposition (version 0.0.4) of what operators alert on: per stream its state,
 * lag, events landed, calls and retries; per tenant with a webhook, its notifications by status
 * (pending, delivered, failed); process memory and threads. Only the caller's tenants
 * appear (scrape with an API token: {@code authorization: {credentials: mlk_...}}).
 */
final class Metrics {
    private Metrics() { }

    static String render(StateStore store, Integrations integrations, Webhooks webhooks, Set<String> tenants) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "maillake_stream_up", "gauge", "1 when the stream is CONNECTED, else 0");
        StringBuilder lag = header(new StringBuilder(), "maillake_stream_lag_seconds", "gauge", "How far collection trails real time");
        StringBuilder events = header(new StringBuilder(), "maillake_stream_events_total", "counter", "Events landed in the lake");
        StringBuilder calls = header(new StringBuilder(), "maillake_stream_mimecast_calls_total", "counter", "Mimecast API calls made");
        StringBuilder retries = header(new StringBuilder(), "maillake_stream_retries_total", "counter", "Calls retried after a failure");
        StringBuilder state = header(new StringBuilder(), "maillake_stream_state", "gauge", "1 for the stream's current state");
        for (var tenant : store.tenants()) {
            if (!tenants.contains(tenant.id())) continue;
            for (Integration i : store.integrations(tenant.id())) {
                for (StreamStatus s : integrations.streams(i)) {
                    String labels = "tenant=\"" + esc(i.tenantId()) + "\",integration=\"" + esc(i.name()) + "\",integration_id=\""
                            + esc(i.id()) + "\",log_type=\"" + s.logType().id() + "\"";
                    out.append("maillake_stream_up{").append(labels).append("} ").append(s.state() == StreamState.CONNECTED ? 1 : 0).append('\n');
                    if (s.lagSeconds() != null) lag.append("maillake_stream_lag_seconds{").append(labels).append("} ").append(s.lagSeconds()).append('\n');
                    events.append("maillake_stream_events_total{").append(labels).append("} ").append(s.events()).append('\n');
                    calls.append("maillake_stream_mimecast_calls_total{").append(labels).append("} ").append(s.calls()).append('\n');
                    retries.append("maillake_stream_retries_total{").append(labels).append("} ").append(s.retries()).append('\n');
                    for (StreamState st : StreamState.values()) {
                        state.append("maillake_stream_state{").append(labels).append(",state=\"").append(st.name().toLowerCase(Locale.ROOT))
                                .append("\"} ").append(s.state() == st ? 1 : 0).append('\n');
                    }
                }
            }
        }
        out.append(lag).append(events).append(calls).append(retries).append(state);
        header(out, "maillake_webhook_notifications", "gauge", "Notifications of new detections kept for the tenant's webhook, by status");
        for (var tenant : store.tenants()) {
            if (!tenants.contains(tenant.id())) continue;
            webhooks.get(tenant.id()).ifPresent(w -> {
                for (var status : Map.of("pending", w.pending(), "delivered", w.delivered(), "failed", w.failed()).entrySet()) {
                    out.append("maillake_webhook_notifications{tenant=\"").append(esc(tenant.id())).append("\",status=\"")
                            .append(status.getKey()).append("\"} ").append(status.getValue()).append('\n');
                }
            });
        }
        var memory = ManagementFactory.getMemoryMXBean();
        header(out, "maillake_jvm_heap_used_bytes", "gauge", "Java heap in use");
        out.append("maillake_jvm_heap_used_bytes ").append(memory.getHeapMemoryUsage().getUsed()).append('\n');
        header(out, "maillake_jvm_threads", "gauge", "Live threads");
        out.append("maillake_jvm_threads ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
        return out.toString();
    }

    private static StringBuilder header(StringBuilder out, String name, String type, String help) {
        return out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
