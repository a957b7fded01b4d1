package io.maillake.web;

import io.javalin.http.Context;
import io.maillake.detect.DetectionFilter;
import io.maillake.detect.Severity;
import io.maillake.detect.Status;
import io.maillake.domain.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The detection filters of a query string, as the REST API and the Detections page take them:
 * {@code status} (new, investigating, closed, comma-separated, or {@code open} for new and
 * investigating, or {@code all}), {@code severity} (this or worse), {@code rule}, {@code since} and
 * {@code until} (ISO-8601 instants, or days {@code 2026-05-04} in UTC, {@code until} including its
 * day), {@code q} (text in the title), {@code integration} (an integration id: detections with evidence from it). Values are kept as given, so a page can show them again.
 */
public record DetectionQuery(String status, String severity, String rule, String since, String until, String text,
                             String integration) {
    public static final String OPEN = "open";
    public static final String ALL = "all";

    /** @param defaultStatus the status filter when the request gives none ({@link #ALL} or {@link #OPEN}) */
    public static DetectionQuery from(Context ctx, String defaultStatus) {
        String status = blankToNull(ctx.queryParam("status"));
        return new DetectionQuery(status == null ? defaultStatus : status, blankToNull(ctx.queryParam("severity")),
                blankToNull(ctx.queryParam("rule")), blankToNull(ctx.queryParam("since")), blankToNull(ctx.queryParam("until")),
                blankToNull(ctx.queryParam("q")), blankToNull(ctx.queryParam("integration")));
    }

    /**
     * @throws InvalidInputException naming each parameter that is not understood
     */
    public DetectionFilter filter(Set<String> tenants, int limit, int offset) {
        List<String> problems = new ArrayList<>();
        Set<Status> statuses = statuses(problems);
        Severity min = null;
        if (severity != null) {
            min = Severity.fromId(severity).orElse(null);
            if (min == null) problems.add("severity: expected informational, low, medium, high or critical");
        }
        Instant from = time("since", since, false, problems);
        Instant to = time("until", until, true, problems);
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return DetectionFilter.of(tenants).withStatuses(statuses).withMinSeverity(min).withRule(rule).withTime(from, to)
                .withText(text).withIntegration(integration).page(limit, offset);
    }

    /** null: any status. */
    private Set<Status> statuses(List<String> problems) {
        if (status == null || status.equalsIgnoreCase(ALL)) return null;
        Set<Status> out = EnumSet.noneOf(Status.class);
        for (String part : status.split(",")) {
            String s = part.strip();
            if (s.equalsIgnoreCase(OPEN)) {
                out.add(Status.NEW);
                out.add(Status.INVESTIGATING);
            } else if (!s.isEmpty()) {
                Status.fromId(s).ifPresentOrElse(out::add,
                        () -> problems.add("status: '" + s + "' is not one of new, investigating, closed, open or all"));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static Instant time(String name, String value, boolean endOfDay, List<String> problems) {
        if (value == null) return null;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(name + ": expected an ISO-8601 instant such as 2026-05-04T09:00:00Z or a day such as 2026-05-04");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
