package io.maillake.detect;

import io.maillake.lake.QueryException;
import io.maillake.lake.QueryResult;
import io.maillake.lake.QueryScope;
import io.maillake.lake.embedded.QueryEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one rule over a range of the lake's files through the locked-down query engine and returns
 * its evidence. Windowed rules first find the time span of the new events, then read every file up
 * to the range's end around that span, so events that arrived earlier still count. Thread-safe.
 */
final class RuleEvaluator {
    /** A rule that selects more rows than this in one run is set aside: it would flood analysts, not help them. */
    static final int MAX_ROWS = 1_000_000;
    /** Event uids looked up per query: keeps the SQL text of one lookup under a megabyte. */
    static final int UIDS_PER_QUERY = 10_000;

    private final QueryEngine engine;
    private final Function<String, List<String>> ownDomains;
    private final Duration timeout;

    /**
     * @param ownDomains a tenant's own domains (My domains), for look-alike rules
     */
    private final Duration ownRuleTimeout;

    /** @param ownRuleTimeout at most this for a query of a tenant's own rule */
    RuleEvaluator(QueryEngine engine, Function<String, List<String>> ownDomains, Duration timeout, Duration ownRuleTimeout) {
        this.ownRuleTimeout = ownRuleTimeout;
        this.engine = engine;
        this.ownDomains = ownDomains;
        this.timeout = timeout;
    }

    /**
     * The evidence among the files of sequence numbers in {@code (afterSeq, upToSeq]}.
     *
     * @param tenants the tenants the rule may see (null: all)
     * @throws QueryException if the rule's SQL fails, runs too long or selects too much
     */
    List<Evidence> evaluate(Rule rule, Set<String> tenants, long afterSeq, long upToSeq) {
        QueryScope fresh = new QueryScope(tenants, afterSeq, upToSeq);
        QueryScope upTo = new QueryScope(tenants, Long.MIN_VALUE, upToSeq);
        return switch (rule.logic()) {
            case Logic.Each each -> rows(rule, run(rule, RuleSql.each(rule), fresh), null);
            // the windowed rules look around the new events only: files wholly outside the window are not read
            case Logic.Threshold t -> span(rule, fresh).map(s -> rows(rule, run(rule, RuleSql.threshold(rule, t, s[0], s[1]),
                    upTo.within(s[0].minus(t.within()), s[1].plus(t.within()))), null)).orElse(List.of());
            case Logic.FollowedBy f -> span(rule, fresh).map(s -> pairs(rule, f, s[0], s[1],
                    upTo.within(s[0].minus(f.within()), s[1].plus(f.within())))).orElse(List.of());
            case Logic.Lookalike l -> lookalike(rule, l, fresh);
        };
    }

    private List<Evidence> lookalike(Rule rule, Logic.Lookalike l, QueryScope fresh) {
        Map<String, String> matched = new HashMap<>(); // tenant|value -> own domain it imitates
        Map<String, List<String>> domainsByTenant = new HashMap<>();
        for (List<Object> row : run(rule, RuleSql.lookalikeCandidates(rule, l), fresh).rows()) {
            String tenant = (String) row.get(0);
            String value = (String) row.get(1);
            List<String> own = domainsByTenant.computeIfAbsent(tenant, ownDomains);
            Lookalikes.match(value, own).ifPresent(m -> matched.put(tenant + "|" + value, m.ownDomain()));
        }
        if (matched.isEmpty()) return List.of();
        QueryResult r = run(rule, RuleSql.lookalikeEvents(rule, l, List.copyOf(matched.keySet())), fresh);
        return rows(rule, r, row -> Map.of("looks_like", matched.getOrDefault(row.get(1) + "|" + row.getLast(), "")));
    }

    /** The events of the pairs a rule finds, each with the group key of its pair's first event. */
    private List<Evidence> pairs(Rule rule, Logic.FollowedBy f, Instant from, Instant to, QueryScope upTo) {
        Map<String, String> groupOf = new LinkedHashMap<>(); // event uid -> group key (the first pair an event is in)
        for (List<Object> row : run(rule, RuleSql.followedBy(rule, f, from, to), upTo).rows()) {
            groupOf.putIfAbsent((String) row.get(0), (String) row.get(2));
            groupOf.putIfAbsent((String) row.get(1), (String) row.get(2));
        }
        List<Evidence> out = new ArrayList<>();
        List<String> uids = List.copyOf(groupOf.keySet());
        for (int i = 0; i < uids.size(); i += UIDS_PER_QUERY) {
            List<String> part = uids.subList(i, Math.min(uids.size(), i + UIDS_PER_QUERY));
            for (Evidence e : rows(rule, run(rule, RuleSql.eventsByUid(part, from.minus(f.within()), to.plus(f.within())), upTo), null)) {
                out.add(new Evidence(e.ruleId(), e.tenantId(), e.eventUid(), e.time(), groupOf.get(e.eventUid()), e.fields(), null));
            }
        }
        return out;
    }

    /** [min, max] event time of the new events either condition selects; empty when there are none. */
    private Optional<Instant[]> span(Rule rule, QueryScope fresh) {
        List<Object> row = run(rule, RuleSql.span(rule), fresh).rows().getFirst();
        if (row.get(0) == null) return Optional.empty();
        return Optional.of(new Instant[] {Instant.parse((String) row.get(0)), Instant.parse((String) row.get(1))});
    }

    private QueryResult run(Rule rule, String sql, QueryScope scope) {
        Duration limit = rule.builtIn() || timeout.compareTo(ownRuleTimeout) < 0 ? timeout : ownRuleTimeout;
        QueryResult r = DetectionsTable.withoutRows(() -> engine.queryGenerated(sql, scope, MAX_ROWS, limit));
        if (r.truncated()) {
            throw new QueryException("too_many_rows", "the rule selected more than " + MAX_ROWS + " events in one run");
        }
        return r;
    }

    private static List<Evidence> rows(Rule rule, QueryResult r, Function<List<Object>, Map<String, String>> extra) {
        List<String> cols = RuleSql.EVIDENCE_COLUMNS;
        List<Evidence> out = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 3; i < cols.size(); i++) {
                Object v = row.get(i);
                if (v != null) fields.put(cols.get(i), v.toString());
            }
            if (extra != null) fields.putAll(extra.apply(row));
            String distinct = rule.logic() instanceof Logic.Threshold ? (String) row.get(cols.size() + 1) : null;
            out.add(new Evidence(rule.id(), (String) row.get(1), (String) row.get(0), Instant.parse((String) row.get(2)),
                    (String) row.get(cols.size()), fields, distinct));
        }
        return out;
    }
}
