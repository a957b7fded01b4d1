package io.maillake.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: too many failed logins for one user name, or from one address,
 * within a window refuse further attempts (right or wrong) until the oldest failure leaves the
 * window. Failures count whether or not the user exists, so the answer reveals nothing. Kept in
 * memory: a restart forgets them, which costs an attacker a restart they cannot cause.
 * Thread-safe.
 */
public final class LoginThrottle {
    /** Limits and window; the defaults follow OWASP's advice of a handful of tries per account. */
    public record Limits(int perUser, int perAddress, Duration window) {
        /** 5 failures per user name and 30 per address in 15 minutes: a typo-prone human is never hurt, a guesser gets 480 tries a day. */
        public static final Limits DEFAULT = new Limits(5, 30, Duration.ofMinutes(15));
    }

    /** Keys remembered at most; beyond this the expired ones are dropped, then the oldest. Bounds memory under a spray of names. */
    private static final int MAX_KEYS = 100_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when an attempt is allowed now. */
    public Optional<Duration> blocked(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> user = wait(userKey(username), limits.perUser(), now);
        Optional<Duration> addr = wait(addressKey(address), limits.perAddress(), now);
        if (user.isPresent() && addr.isPresent()) return Optional.of(user.get().compareTo(addr.get()) > 0 ? user.get() : addr.get());
        return user.isPresent() ? user : addr;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) prune(now);
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    /** A successful login clears the user name's failures (not the address's: one right password does not excuse a spray). */
    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> q = failures.get(key);
        if (q == null) return Optional.empty();
        synchronized (q) {
            expire(q, now);
            if (q.size() < limit) return Optional.empty();
            Duration d = Duration.between(now, q.peekFirst().plus(limits.window()));
            return Optional.of(d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d);
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            expire(q, now);
            q.addLast(now);
            // more than the highest limit is never needed to decide
            while (q.size() > Math.max(limits.perUser(), limits.perAddress())) q.removeFirst();
        }
    }

    private void expire(Deque<Instant> q, Instant now) {
        Instant cutoff = now.minus(limits.window());
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) q.removeFirst();
    }

    private void prune(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
        if (failures.size() >= MAX_KEYS) failures.clear();
    }

    private static String userKey(String username) {
        return "u:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
