package io.maillake.simulator.fault;

import io.maillake.simulator.LogType;
import io.maillake.simulator.gen.Rng;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scripted faults: rules that fire on matching requests, and lasting per-account states.
 * Used in-process by tests and over the admin API. Thread-safe; rules are evaluated in the order
 * they were added and at most one fires per request.
 */
public final class Faults {
    /** A rule as added, with its id and how often it has fired so far. */
    public record ActiveRule(String id, FaultRule rule, int fired) {
    }

    private static final class Live {
        final String id;
        final FaultRule rule;
        final Rng rng;
        int seen;
        int fired;

        Live(String id, FaultRule rule, Rng rng) {
            this.id = id;
            this.rule = rule;
            this.rng = rng;
        }
    }

    private final long seed;
    private final Runnable expireTokens;
    private final List<Live> rules = new ArrayList<>();
    private final Map<Integer, AccountState> states = new ConcurrentHashMap<>();
    private long nextId = 1;

    /** @param expireTokens expires every OAuth token now */
    public Faults(long seed, Runnable expireTokens) {
        this.seed = seed;
        this.expireTokens = expireTokens;
    }

    /** Adds a rule; returns its id (e.g. "f1"). */
    public synchronized String add(FaultRule rule) {
        long n = nextId++;
        String id = "f" + n;
        rules.add(new Live(id, rule, new Rng(Rng.hash(seed, 0xFA017L, n))));
        return id;
    }

    /** Removes one rule; false if there is none with that id. */
    public synchronized boolean remove(String id) {
        return rules.removeIf(l -> l.id.equals(id));
    }

    /** Removes every rule (account states stay). */
    public synchronized void clearRules() {
        rules.clear();
    }

    /** Removes every rule and resets every account state. */
    public synchronized void clear() {
        rules.clear();
        states.clear();
    }

    public synchronized List<ActiveRule> rules() {
        return rules.stream().map(l -> new ActiveRule(l.id, l.rule, l.fired)).toList();
    }

    /**
     * The fault for this request, if a rule fires; exhausted rules are removed. Package users:
     * the request pipeline. {@code account} is the account the request claims, possibly null.
     */
    public synchronized Optional<Fault> next(Integer account, LogType logType, String path) {
        for (Iterator<Live> it = rules.iterator(); it.hasNext(); ) {
            Live l = it.next();
            if (!l.rule.matches(account, logType, path)) {
                continue;
            }
            if (l.seen++ < l.rule.skip()) {
                continue;
            }
            if (l.rule.probability() < 1 && !l.rng.chance(l.rule.probability())) {
                continue;
            }
            if (++l.fired >= l.rule.times()) {
                it.remove();
            }
            return Optional.of(l.rule.fault());
        }
        return Optional.empty();
    }

    public AccountState state(int account) {
        return states.getOrDefault(account, AccountState.OK);
    }

    /** The account's API 1.0 binding is expired (418) until {@link #renewBinding}. */
    public void expireBinding(int account) {
        update(account, s -> new AccountState(true, s.deniedLogTypes(), s.wrongRegion()));
    }

    public void renewBinding(int account) {
        update(account, s -> new AccountState(false, s.deniedLogTypes(), s.wrongRegion()));
    }

    /** The account may not read {@code type} (403) until {@link #grantPermission}. */
    public void denyPermission(int account, LogType type) {
        update(account, s -> new AccountState(s.bindingExpired(), with(s.deniedLogTypes(), type, true), s.wrongRegion()));
    }

    public void grantPermission(int account, LogType type) {
        update(account, s -> new AccountState(s.bindingExpired(), with(s.deniedLogTypes(), type, false), s.wrongRegion()));
    }

    /** Requests for the account are answered as by the wrong regional host (403) while {@code wrong}. */
    public void wrongRegion(int account, boolean wrong) {
        update(account, s -> new AccountState(s.bindingExpired(), s.deniedLogTypes(), wrong));
    }

    public void setState(int account, AccountState state) {
        update(account, s -> state);
    }

    /** Expires every OAuth access token issued so far. */
    public void expireAllTokens() {
        expireTokens.run();
    }

    private void update(int account, java.util.function.UnaryOperator<AccountState> f) {
        states.compute(account, (k, s) -> {
            AccountState next = f.apply(s == null ? AccountState.OK : s);
            return next.isOk() ? null : next;
        });
    }

    private static Set<LogType> with(Set<LogType> set, LogType type, boolean add) {
        EnumSet<LogType> s = set.isEmpty() ? EnumSet.noneOf(LogType.class) : EnumSet.copyOf(set);
        if (add) {
            s.add(type);
        } else {
            s.remove(type);
        }
        return s;
    }
}
