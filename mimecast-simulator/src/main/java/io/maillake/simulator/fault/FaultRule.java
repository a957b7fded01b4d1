package io.maillake.simulator.fault;

import io.maillake.simulator.LogType;

/**
 * When a {@link Fault} fires. A request matches if it names {@code account} (null = any), goes to
 * {@code logType}'s endpoint (null = any) and to {@code path} (null = any; e.g. "/oauth/token").
 * The first {@code skip} matching requests pass; after that each matching request fires with
 * {@code probability} (drawn from a generator seeded by the simulator seed and the rule's number,
 * so runs repeat), until the rule has fired {@code times} times ({@link #UNLIMITED} = forever).
 *
 * <pre>{@code FaultRule.of(new Fault.ServerError(503)).logType(LogType.URL).skip(1).times(2)}</pre>
 */
public record FaultRule(Fault fault, Integer account, LogType logType, String path, int skip, int times, double probability) {
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public FaultRule {
        if (fault == null) {
            throw new IllegalArgumentException("fault is required");
        }
        if (skip < 0 || times < 1 || probability < 0 || probability > 1) {
            throw new IllegalArgumentException("skip >= 0, times >= 1, 0 <= probability <= 1");
        }
    }

    /** Fires once, on the next request of any kind. */
    public static FaultRule of(Fault fault) {
        return new FaultRule(fault, null, null, null, 0, 1, 1.0);
    }

    public FaultRule account(Integer account) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    public FaultRule logType(LogType logType) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    public FaultRule path(String path) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    public FaultRule skip(int skip) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    public FaultRule times(int times) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    public FaultRule always() {
        return times(UNLIMITED);
    }

    public FaultRule probability(double probability) {
        return new FaultRule(fault, account, logType, path, skip, times, probability);
    }

    boolean matches(Integer requestAccount, LogType requestType, String requestPath) {
        return (account == null || account.equals(requestAccount))
                && (logType == null || logType == requestType)
                && (path == null || path.equals(requestPath));
    }
}
