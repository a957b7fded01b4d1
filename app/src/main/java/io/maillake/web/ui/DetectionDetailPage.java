package io.maillake.web.ui;

import io.maillake.detect.CloseReason;
import io.maillake.detect.Severity;
import io.maillake.detect.Status;
import io.maillake.domain.InvalidInputException;
import io.maillake.web.DetectionViews.DetailView;
import io.maillake.web.DetectionViews.EventView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A detection: what the rule found, its evidence events (each sender, recipient, URL and hash a
 * link that opens Search on it), its MITRE ATT&amp;CK techniques, triage and status history.
 *
 * @param tenantBase {@code /t/{tenant}}
 */
public record DetectionDetailPage(String tenantBase, DetailView view, TriageForm form) {
    /** Distinct values offered per pivot; the evidence table links every value anyway. */
    static final int PIVOTS_PER_KIND = 8;

    /** A value to search for, and the Search page that shows its events. */
    public record Pivot(String value, String url) { }

    /**
     * What the triage form shows: the detection's status, or what was submitted with its problems.
     *
     * @param problems from {@link InvalidInputException}, each starting with its field (status, reason, note)
     */
    public record TriageForm(String status, String reason, String note, List<String> problems) {
        public static TriageForm of(DetailView v) {
            return new TriageForm(v.detection().status(), v.detection().closeReason(), "", List.of());
        }

        public String error(String field) {
            return String.join(" ", problems.stream().filter(p -> InvalidInputException.fieldOf(p).equals(field))
                    .map(p -> p.substring(p.indexOf(':') + 1).strip()).toList());
        }

        public boolean hasError(String field) { return !error(field).isEmpty(); }
    }

    public String base() { return tenantBase + "/detections/" + view.detection().detectionUid(); }
    public String severityLabel() { return Fmt.severity(severity()); }
    public String severityClass() { return "sev-" + view.detection().severity(); }
    public String statusLabel() { return Fmt.status(Status.fromId(view.detection().status()).orElseThrow()); }
    public String statusClass() { return "st-" + view.detection().status(); }
    public String reasonLabel() { return Fmt.reason(CloseReason.fromId(view.detection().closeReason()).orElse(null)); }
    public String ruleName() { return view.rule() == null ? view.detection().ruleId() : view.rule().name(); }
    public String time(Instant t) { return Fmt.time(t); }
    public int shownEvents() { return view.events().size(); }
    public int totalEvents() { return view.eventUids().size(); }

    private Severity severity() {
        return Severity.fromId(view.detection().severity()).orElse(Severity.MEDIUM);
    }

    public static String statusName(String id) { return Status.fromId(id).map(Fmt::status).orElse(id); }
    public static String reasonName(String id) { return Fmt.reason(CloseReason.fromId(id).orElse(null)); }
    public static String mitreUrl(String technique) { return Fmt.mitreUrl(technique); }

    public List<Status> statuses() { return List.of(Status.values()); }
    public List<CloseReason> reasons() { return List.of(CloseReason.values()); }
    public String label(Status s) { return Fmt.status(s); }
    public String label(CloseReason r) { return Fmt.reason(r); }

    /** The Search page for every event with this value of a pivot column, or null for none. */
    public String searchUrl(String column, String value) {
        if (value == null || value.isBlank()) return null;
        return tenantBase + "/search?q=" + enc(SearchPage.pivotSql(column, value));
    }

    /** Search over every evidence event of this detection (the {@code detections} table lists them). */
    public String allEvidenceUrl() {
        String uid = view.detection().detectionUid().replace("'", "''");
        String sql = "SELECT time, log_type, direction, sender, recipient, subject, url, file_name, file_sha256, verdict, action\n"
                + "FROM email_events\nWHERE event_uid IN (SELECT unnest(event_uids) FROM detections WHERE detection_uid = '" + uid + "')\n"
                + "ORDER BY time";
        return tenantBase + "/search?q=" + enc(sql);
    }

    /** Up to a few distinct values per kind (recipients, senders, URLs, file hashes), each a pivot to Search. */
    public Map<String, List<Pivot>> pivots() {
        Map<String, List<Pivot>> out = new LinkedHashMap<>();
        put(out, "Recipients", "recipient", EventView::recipient);
        put(out, "Senders", "sender", EventView::sender);
        put(out, "URLs", "url", EventView::url);
        put(out, "File hashes (SHA-256)", "file_sha256", EventView::fileSha256);
        return out;
    }

    private void put(Map<String, List<Pivot>> out, String label, String column, Function<EventView, String> field) {
        Set<String> values = new LinkedHashSet<>();
        view.events().stream().map(field).filter(Objects::nonNull).filter(v -> !v.isBlank()).forEach(values::add);
        if (values.isEmpty()) return;
        out.put(label, values.stream().limit(PIVOTS_PER_KIND).map(v -> new Pivot(v, searchUrl(column, v))).toList());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
