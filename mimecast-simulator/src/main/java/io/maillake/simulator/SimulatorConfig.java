package io.maillake.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that shapes a simulator run. Build with {@link #builder()}; every setting has a
 * documented default and {@link Builder#build()} validates them.
 *
 * @param host               address to bind (default 127.0.0.1)
 * @param port               port to bind, 0 = any free port (default 0)
 * @param seed               seed of all generated data and credentials (default 42)
 * @param accounts           number of simulated accounts (default 1)
 * @param history            events exist from {@code start - history} on (default 24 h)
 * @param eventsPerMinute    mean event rate per log type, for history and live alike
 *                           (defaults: url 60, impersonation 6, attachment 20)
 * @param duplicateRate      chance that an event is an exact copy of the one before it in the same
 *                           second (default 0.005)
 * @param lateFraction       fraction of events that become visible only after a delay (default 0.02)
 * @param lateDelay          maximum delay of a late event; each late event draws uniformly from
 *                           (0, lateDelay] (default 5 min)
 * @param visibilityLag      lag added to every event before it is served (default 0)
 * @param rateLimit          calls per window per credential, 0 = unlimited (default 0)
 * @param rateLimitWindow    window of the rate limit (default 1 min)
 * @param tokenTtl           OAuth access token lifetime, reported as {@code expires_in} (default 1799 s)
 * @param clockSkew          accepted difference between {@code x-mc-date} and the clock (default 15 min)
 * @param toInclusive        whether the {@code to} filter includes its own second (default false:
 *                           the real behaviour is unknown, API.md section 3)
 * @param defaultPageSize    page size when a request gives none (default 100; the maximum is 500)
 * @param requestLogCapacity number of requests kept by the request log (default 1000)
 * @param plantedRates       rate of each planted pattern (defaults from {@link PlantedPattern#defaultRate()})
 * @param clock              the clock of "now": history start, defaults of from/to, visibility,
 *                           token expiry, rate limit, date skew (default system UTC)
 */
public record SimulatorConfig(
        String host, int port, long seed, int accounts, Duration history,
        Map<LogType, Double> eventsPerMinute, double duplicateRate,
        double lateFraction, Duration lateDelay, Duration visibilityLag,
        int rateLimit, Duration rateLimitWindow, Duration tokenTtl, Duration clockSkew,
        boolean toInclusive, int defaultPageSize, int requestLogCapacity,
        Map<PlantedPattern, Double> plantedRates, Clock clock) {

    /** Largest page served; larger requests are clamped to it. */
    public static final int MAX_PAGE_SIZE = 500;

    public SimulatorConfig {
        eventsPerMinute = Collections.unmodifiableMap(new EnumMap<>(eventsPerMinute));
        plantedRates = Collections.unmodifiableMap(new EnumMap<>(plantedRates));
    }

    public double eventsPerMinute(LogType type) {
        return eventsPerMinute.getOrDefault(type, 0.0);
    }

    public double plantedRate(PlantedPattern pattern) {
        return plantedRates.getOrDefault(pattern, 0.0);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host; b.port = port; b.seed = seed; b.accounts = accounts; b.history = history;
        b.eventsPerMinute.putAll(eventsPerMinute); b.duplicateRate = duplicateRate;
        b.lateFraction = lateFraction; b.lateDelay = lateDelay; b.visibilityLag = visibilityLag;
        b.rateLimit = rateLimit; b.rateLimitWindow = rateLimitWindow; b.tokenTtl = tokenTtl;
        b.clockSkew = clockSkew; b.toInclusive = toInclusive; b.defaultPageSize = defaultPageSize;
        b.requestLogCapacity = requestLogCapacity; b.plantedRates.putAll(plantedRates); b.clock = clock;
        return b;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private long seed = 42;
        private int accounts = 1;
        private Duration history = Duration.ofHours(24);
        private final Map<LogType, Double> eventsPerMinute = new EnumMap<>(Map.of(
                LogType.URL, 60.0, LogType.IMPERSONATION, 6.0, LogType.ATTACHMENT, 20.0));
        private double duplicateRate = 0.005;
        private double lateFraction = 0.02;
        private Duration lateDelay = Duration.ofMinutes(5);
        private Duration visibilityLag = Duration.ZERO;
        private int rateLimit = 0;
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private Duration tokenTtl = Duration.ofSeconds(1799);
        private Duration clockSkew = Duration.ofMinutes(15);
        private boolean toInclusive = false;
        private int defaultPageSize = 100;
        private int requestLogCapacity = 1000;
        private final Map<PlantedPattern, Double> plantedRates = new EnumMap<>(PlantedPattern.class);
        private Clock clock = Clock.systemUTC();

        private Builder() {
            for (PlantedPattern p : PlantedPattern.values()) {
                plantedRates.put(p, p.defaultRate());
            }
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder accounts(int accounts) { this.accounts = accounts; return this; }
        public Builder history(Duration history) { this.history = history; return this; }
        public Builder eventsPerMinute(LogType type, double perMinute) { eventsPerMinute.put(type, perMinute); return this; }

        /** Sets the same mean rate for every log type. */
        public Builder eventsPerMinute(double perMinute) {
            for (LogType t : LogType.values()) {
                eventsPerMinute.put(t, perMinute);
            }
            return this;
        }

        public Builder duplicateRate(double rate) { this.duplicateRate = rate; return this; }
        public Builder lateFraction(double fraction) { this.lateFraction = fraction; return this; }
        public Builder lateDelay(Duration delay) { this.lateDelay = delay; return this; }
        public Builder visibilityLag(Duration lag) { this.visibilityLag = lag; return this; }

        /** {@code limit} calls per {@code window} per credential (token bucket); 0 = unlimited. */
        public Builder rateLimit(int limit, Duration window) { this.rateLimit = limit; this.rateLimitWindow = window; return this; }

        public Builder tokenTtl(Duration ttl) { this.tokenTtl = ttl; return this; }
        public Builder clockSkew(Duration skew) { this.clockSkew = skew; return this; }
        public Builder toInclusive(boolean inclusive) { this.toInclusive = inclusive; return this; }
        public Builder defaultPageSize(int size) { this.defaultPageSize = size; return this; }
        public Builder requestLogCapacity(int capacity) { this.requestLogCapacity = capacity; return this; }

        /** Plants {@code pattern} into this fraction of its log type's events; 0 disables it. */
        public Builder plant(PlantedPattern pattern, double rate) { plantedRates.put(pattern, rate); return this; }

        public Builder clock(Clock clock) { this.clock = clock; return this; }

        public SimulatorConfig build() {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(clock, "clock");
            require(port >= 0 && port <= 65535, "port must be 0..65535");
            require(accounts >= 1 && accounts <= 10_000, "accounts must be 1..10000");
            require(!history.isNegative(), "history must not be negative");
            eventsPerMinute.forEach((t, r) -> require(r >= 0 && r <= 6_000_000, "eventsPerMinute of " + t + " must be 0..6000000"));
            require(fraction(duplicateRate), "duplicateRate must be 0..1");
            require(fraction(lateFraction), "lateFraction must be 0..1");
            require(!lateDelay.isNegative() && !visibilityLag.isNegative(), "delays must not be negative");
            require(rateLimit >= 0, "rateLimit must be >= 0");
            require(rateLimitWindow.toMillis() > 0, "rateLimitWindow must be positive");
            require(tokenTtl.toSeconds() > 0, "tokenTtl must be at least 1 s");
            require(!clockSkew.isNegative(), "clockSkew must not be negative");
            require(defaultPageSize >= 1 && defaultPageSize <= MAX_PAGE_SIZE, "defaultPageSize must be 1.." + MAX_PAGE_SIZE);
            require(requestLogCapacity >= 0, "requestLogCapacity must be >= 0");
            double planted = 0;
            for (PlantedPattern p : PlantedPattern.values()) {
                double r = plantedRates.getOrDefault(p, 0.0);
                require(fraction(r), "rate of " + p + " must be 0..1");
                planted += r;
            }
            require(planted <= 1, "planted rates must add up to at most 1");
            return new SimulatorConfig(host, port, seed, accounts, history, eventsPerMinute, duplicateRate,
                    lateFraction, lateDelay, visibilityLag, rateLimit, rateLimitWindow, tokenTtl, clockSkew,
                    toInclusive, defaultPageSize, requestLogCapacity, plantedRates, clock);
        }

        private static boolean fraction(double d) {
            return d >= 0 && d <= 1;
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
