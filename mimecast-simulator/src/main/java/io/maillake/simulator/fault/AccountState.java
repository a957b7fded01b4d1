package io.maillake.simulator.fault;

import io.maillake.simulator.LogType;

import java.util.Set;

/**
 * Lasting conditions of one account, set until cleared: an expired API 1.0 binding (418), log
 * types whose read permission the service user lacks (403), and a wrong regional host (403).
 */
public record AccountState(boolean bindingExpired, Set<LogType> deniedLogTypes, boolean wrongRegion) {
    public static final AccountState OK = new AccountState(false, Set.of(), false);

    public AccountState {
        deniedLogTypes = Set.copyOf(deniedLogTypes);
    }

    public boolean isOk() {
        return !bindingExpired && deniedLogTypes.isEmpty() && !wrongRegion;
    }
}
