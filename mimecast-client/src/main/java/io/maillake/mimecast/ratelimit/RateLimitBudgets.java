package io.maillake.mimecast.ratelimit;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link RateLimitBudget} per credential quota key, for the whole process. Thread-safe. */
public final class RateLimitBudgets {
    private final ConcurrentMap<String, RateLimitBudget> budgets = new ConcurrentHashMap<>();
    private final Clock clock;

    public RateLimitBudgets(Clock clock) {
        this.clock = clock;
    }

    public RateLimitBudget forKey(String quotaKey) {
        return budgets.computeIfAbsent(quotaKey, k -> new RateLimitBudget(k, clock));
    }
}
