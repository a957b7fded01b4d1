package io.maillake.detect;

import io.maillake.lake.QueryException;
import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.store.StateStore;
import io.maillake.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled rules over newly landed events, a range of lake files at a time, and commits
 * what they found together with its cursor (the sequence number of the last file evaluated) in one
 * transaction of {@code detections.db}: a crash at any instant repeats at most the uncommitted range,
 * and what was committed is never raised again.
 *
 * <p>Compaction replaces small files by merged ones with new, higher sequence numbers, so the engine
 * sees those events again; evidence is keyed by (rule, event), so seeing an event again changes
 * nothing. A file compacted before the engine reached it is read in its merged form: nothing is lost.
 *
 * <p>Not thread-safe: one engine per process runs at a time ({@code serve}'s loop or {@code detect
 * --once}); engines of several processes may race, and the loser of a cursor commit drops its work.
 */
public final class DetectionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);
    /** Files per run: large enough that a backlog is read in few scans, small enough that a run commits every few seconds. */
    public static final int DEFAULT_CHUNK_FILES = 200;
    /** Longest one rule query may run; a rule that takes longer is set aside for the range. */
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Longest one query of a tenant's own rule may run: every tenant's detections wait for a step's rules, so one
     * tenant's costly condition must not hold the others back for long.
     */
    static final Duration OWN_RULE_TIMEOUT = Duration.ofSeconds(60);

    private final DetectionStore store;
    private final EmbeddedLake lake;
    private final Rules rules;
    private final StateStore state;
    private final RuleEvaluator evaluator;
    private final int chunkFiles;

    public DetectionEngine(DetectionStore store, EmbeddedLake lake, Rules rules, StateStore state, int chunkFiles) {
        this(store, lake, rules, state, chunkFiles, OWN_RULE_TIMEOUT);
    }

    /** @param ownRuleTimeout longest one query of a tenant's own rule may run (tests shorten it) */
    public DetectionEngine(DetectionStore store, EmbeddedLake lake, Rules rules, StateStore state, int chunkFiles, Duration ownRuleTimeout) {
        this.store = store;
        this.lake = lake;
        this.rules = rules;
        this.state = state;
        this.chunkFiles = chunkFiles;
        this.evaluator = new RuleEvaluator(lake.queryEngine(), this::ownDomains, QUERY_TIMEOUT, ownRuleTimeout);
    }

    /** One committed range and what it produced. */
    /**
     * One committed range and what it produced.
     *
     * @param evidenceByRule evidence events each rule found (including some stored before, found again by a window)
     * @param millisByRule   how long each rule's queries took
     */
    public record Step(long fromSeq, long toSeq, DetectionStore.CommitResult result, Map<String, Integer> evidenceByRule,
                       Map<String, Long> millisByRule, List<String> failures) { }

    /** A run until caught up: its steps, summed. */
    public record Report(List<Step> steps, long cursor, boolean caughtUp) {
        public int newDetections() { return steps.stream().mapToInt(s -> s.result().newDetections()).sum(); }
        public int updatedDetections() { return steps.stream().mapToInt(s -> s.result().updatedDetections()).sum(); }
        public int evidence() { return steps.stream().mapToInt(s -> s.result().evidence()).sum(); }

        /** Evidence stored per rule, over all steps. */
        public Map<String, Integer> evidenceByRule() {
            Map<String, Integer> out = new TreeMap<>();
            for (Step s : steps) s.evidenceByRule().forEach((k, v) -> out.merge(k, v, Integer::sum));
            return out;
        }

        /** Milliseconds spent per rule, over all steps. */
        public Map<String, Long> millisByRule() {
            Map<String, Long> out = new TreeMap<>();
            for (Step s : steps) s.millisByRule().forEach((k, v) -> out.merge(k, v, Long::sum));
            return out;
        }

        public List<String> failures() {
            return steps.stream().flatMap(s -> s.failures().stream()).toList();
        }
    }

    /** Called after each committed step (progress output). */
    public interface Listener {
        Listener NONE = step -> { };

        void committed(Step step);
    }

    /**
     * Evaluates until every file registered when a step starts has been evaluated, or the budget is
     * spent (the budget is checked between steps).
     */
    public Report runUntilCaughtUp(Duration budget, Listener listener) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Step> steps = new ArrayList<>();
        while (true) {
            Step step;
            try {
                step = step();
            } catch (DetectionStore.CursorMovedException e) {
                LOG.info("{}; going on from there", e.getMessage());
                continue;
            }
            if (step == null) return new Report(steps, store.cursor(), true);
            steps.add(step);
            listener.committed(step);
            if (System.nanoTime() > deadline) return new Report(steps, store.cursor(), false);
        }
    }

    /**
     * Evaluates the next range of files and commits.
     *
     * @return null when there is nothing new
     * @throws DetectionStore.CursorMovedException if another process committed the range first
     */
    public Step step() {
        long cursor = store.cursor();
        long last = lake.lastFileSequence();
        if (last <= cursor) return null;
        long upTo = Math.min(last, cursor + chunkFiles);
        List<Evidence> evidence = new ArrayList<>();
        Map<String, Rule> byId = new HashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Long> millis = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Rules.Scoped scoped : rules.enabled(state.tenants())) {
            Rule rule = scoped.rule();
            long t0 = System.nanoTime();
            try {
                List<Evidence> found = evaluator.evaluate(rule, scoped.tenants(), cursor, upTo);
                evidence.addAll(found);
                byId.put(rule.id(), rule);
                counts.merge(rule.id(), found.size(), Integer::sum);
            } catch (QueryException e) {
                // set aside (Rejected): a broken or runaway rule must not stop every other rule
                String scope = rule.tenantId() == null ? "*" : rule.tenantId();
                String message = e.code() + ": " + e.getMessage();
                store.recordFailure(scope, rule.id(), message, cursor, upTo);
                failures.add(rule.id() + ": " + message);
                LOG.warn("rule {} failed on lake files {}..{} and was skipped for them: {}", rule.id(), cursor + 1, upTo, message);
            }
            millis.merge(rule.id(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
        }
        DetectionStore.CommitResult result = store.commit(cursor, upTo, evidence, byId);
        return new Step(cursor + 1, upTo, result, counts, millis, failures);
    }

    private List<String> ownDomains(String tenantId) {
        try {
            return state.networks(tenantId).domains();
        } catch (StoreException e) {
            return List.of(); // events of a tenant the state store does not know (yet): no own domains to imitate
        }
    }

    /** For tests: the function the evaluator uses. */
    Function<String, List<String>> ownDomainsFunction() {
        return this::ownDomains;
    }
}
