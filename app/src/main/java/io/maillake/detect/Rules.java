package io.maillake.detect;

import io.maillake.domain.InvalidInputException;
import io.maillake.domain.Tenant;
import io.maillake.lake.QueryException;
import io.maillake.lake.QueryScope;
import io.maillake.lake.embedded.QueryEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule catalog: the built-in rules shipped under {@code rules/} on the classpath, the rules
 * users added per tenant, and which are enabled for which tenant. Rules are validated on save:
 * parsed, then dry-run through the locked-down query engine against no data. Thread-safe.
 */
public final class Rules {
    private static final String FOLDER = "rules";
    /** How long a dry run may take; against no data it is instant unless the SQL is pathological. */
    private static final Duration DRY_RUN_TIMEOUT = Duration.ofSeconds(20);

    private final DetectionStore store;
    private final QueryEngine engine;
    private final List<Rule> builtIn;

    public Rules(DetectionStore store, QueryEngine engine) {
        this.store = store;
        this.engine = engine;
        this.builtIn = loadBuiltIn();
    }

    /** A rule as a tenant sees it. {@code lastFailure} is null unless its last run was set aside. */
    public record RuleView(Rule rule, boolean enabled, String lastFailure) { }

    public List<Rule> builtIn() {
        return builtIn;
    }

    /** The built-in rules and the tenant's own, with whether each is enabled for the tenant. */
    public List<RuleView> list(String tenantId) {
        Map<String, Boolean> settings = store.ruleSettings(tenantId);
        Map<String, String> failures = store.failures(tenantId);
        List<RuleView> out = new ArrayList<>();
        for (Rule r : builtIn) out.add(new RuleView(r, settings.getOrDefault(r.id(), true), failures.get(r.id())));
        for (DetectionStore.StoredRule s : store.customRules()) {
            if (!s.tenantId().equals(tenantId)) continue;
            boolean enabled = settings.getOrDefault(s.ruleId(), true);
            try {
                Rule r = RuleParser.parse(s.source(), s.tenantId());
                out.add(new RuleView(r, enabled, failures.get(r.id())));
            } catch (InvalidInputException e) {
                // saved by an earlier version whose rule format accepted it: listed, never run, so it can be fixed or deleted
                out.add(new RuleView(unparsable(s), enabled, "the stored rule no longer parses: " + e.getMessage()));
            }
        }
        return out;
    }

    /** A stand-in for a stored rule that no longer parses: its id and source, selecting nothing. */
    private static Rule unparsable(DetectionStore.StoredRule s) {
        return new Rule(s.ruleId(), s.ruleId(), "This rule no longer parses; edit or delete it.", Severity.INFORMATIONAL, List.of(),
                s.ruleId(), "false", List.of("event_uid"), Duration.ZERO, new Logic.Each(), s.tenantId(), s.source());
    }

    private boolean visible(String tenantId, String ruleId) {
        if (builtIn.stream().anyMatch(r -> r.id().equals(ruleId))) return true;
        return store.customRules().stream().anyMatch(s -> s.tenantId().equals(tenantId) && s.ruleId().equals(ruleId));
    }

    /**
     * Parses and dry-runs a rule file.
     *
     * @param tenantId the tenant it is for (its queries see only that tenant); null checks it as a built-in rule
     * @throws InvalidInputException naming what is wrong
     */
    public Rule validate(String text, String tenantId) {
        Rule rule = RuleParser.parse(text, tenantId);
        dryRun(rule);
        return rule;
    }

    /**
     * Adds or replaces one of a tenant's own rules, after validating it; it is enabled for the tenant
     * and evaluates the events that land from now on.
     *
     * @throws InvalidInputException if the rule is invalid or its id is a built-in rule's
     */
    public Rule save(String tenantId, String text) {
        Rule rule = validate(text, tenantId);
        if (builtIn.stream().anyMatch(b -> b.id().equals(rule.id()))) {
            throw new InvalidInputException("id: '" + rule.id() + "' is a built-in rule; give yours another id");
        }
        store.saveCustomRule(tenantId, rule.id(), text);
        return rule;
    }

    /** @return false if the tenant has no own rule with this id */
    public boolean delete(String tenantId, String ruleId) {
        return store.deleteCustomRule(tenantId, ruleId);
    }

    /** @throws InvalidInputException if the tenant has no such rule */
    public void setEnabled(String tenantId, String ruleId, boolean enabled) {
        if (!visible(tenantId, ruleId)) {
            throw new InvalidInputException("rule: there is no rule '" + ruleId + "'; see: maillake rules list");
        }
        store.setEnabled(tenantId, ruleId, enabled);
    }

    /** A rule and the tenants it runs for (null: every tenant). */
    record Scoped(Rule rule, Set<String> tenants) { }

    /** Every enabled rule with its tenants: built-in rules for every tenant that did not switch them off, own rules for their tenant. */
    List<Scoped> enabled(Collection<Tenant> tenants) {
        Map<String, Set<String>> disabled = store.disabledByRule();
        List<Scoped> out = new ArrayList<>();
        for (Rule r : builtIn) {
            Set<String> off = disabled.getOrDefault(r.id(), Set.of());
            if (off.isEmpty()) {
                out.add(new Scoped(r, null));
            } else {
                Set<String> on = new HashSet<>();
                for (Tenant t : tenants) if (!off.contains(t.id())) on.add(t.id());
                if (!on.isEmpty()) out.add(new Scoped(r, on));
            }
        }
        for (DetectionStore.StoredRule s : store.customRules()) {
            if (disabled.getOrDefault(s.ruleId(), Set.of()).contains(s.tenantId())) continue;
            try {
                out.add(new Scoped(RuleParser.parse(s.source(), s.tenantId()), Set.of(s.tenantId())));
            } catch (InvalidInputException e) {
                store.recordFailure(s.tenantId(), s.ruleId(), "the stored rule no longer parses: " + e.getMessage(), 0, 0);
            }
        }
        return out;
    }

    private void dryRun(Rule rule) {
        Set<String> tenants = rule.tenantId() == null ? Set.of() : Set.of(rule.tenantId());
        // no files: the SQL is parsed, bound and run against an empty email_events
        QueryScope none = new QueryScope(tenants, 0, 0);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        // each query with the key whose text it adds, so that an error names the part of the rule that has it
        List<String[]> sqls = new ArrayList<>();
        sqls.add(new String[] {"where", RuleSql.each(rule)});
        switch (rule.logic()) {
            case Logic.Each e -> { }
            case Logic.Threshold th -> {
                sqls.add(new String[] {"threshold", RuleSql.span(rule)});
                sqls.add(new String[] {"threshold", RuleSql.threshold(rule, th, t, t)});
            }
            case Logic.FollowedBy f -> {
                sqls.add(new String[] {"followed_by.where", RuleSql.span(rule)});
                sqls.add(new String[] {"followed_by.on", RuleSql.followedBy(rule, f, t, t)});
                sqls.add(new String[] {"followed_by", RuleSql.eventsByUid(List.of("uid"), t, t)});
            }
            case Logic.Lookalike l -> {
                sqls.add(new String[] {"lookalike", RuleSql.lookalikeCandidates(rule, l)});
                sqls.add(new String[] {"lookalike", RuleSql.lookalikeEvents(rule, l, List.of("tenant|example.com"))});
            }
        }
        for (String[] part : sqls) {
            try {
                DetectionsTable.withoutRows(() -> engine.query(part[1], none, 1, DRY_RUN_TIMEOUT));
            } catch (QueryException e) {
                throw new InvalidInputException(part[0] + ": the rule's SQL does not run (" + e.code() + "): " + e.getMessage());
            }
        }
    }

    private static List<Rule> loadBuiltIn() {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (String line : resource(FOLDER + "/index.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            Rule r;
            try {
                r = RuleParser.parse(resource(FOLDER + "/" + name), null);
            } catch (InvalidInputException e) {
                throw new IllegalStateException("built-in rule " + name + " is invalid: " + e.getMessage(), e);
            }
            if (out.put(r.id(), r) != null) throw new IllegalStateException("two built-in rules have the id " + r.id());
        }
        return List.copyOf(out.values());
    }

    private static String resource(String path) {
        try (InputStream in = Rules.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
