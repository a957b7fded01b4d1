package io.maillake.simulator.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of requests per (account, path, status), records served and bytes sent. Thread-safe. */
public final class Stats {
    /** One counter; {@code account} null for requests that named no account, status 0 for dropped connections. */
    public record Counter(Integer account, String path, int status, long count) {
    }

    private record Key(Integer account, String path, int status) {
    }

    private final Map<Key, LongAdder> counters = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    public void record(Integer account, String path, int status, int recordCount, long byteCount) {
        counters.computeIfAbsent(new Key(account, path, status), k -> new LongAdder()).increment();
        requests.increment();
        records.add(recordCount);
        bytes.add(byteCount);
    }

    public long requests() {
        return requests.sum();
    }

    /** Log records sent in complete 200 responses. */
    public long recordsServed() {
        return records.sum();
    }

    public long bytesSent() {
        return bytes.sum();
    }

    /** Requests with this account (null = none), path and status. */
    public long count(Integer account, String path, int status) {
        LongAdder a = counters.get(new Key(account, path, status));
        return a == null ? 0 : a.sum();
    }

    /** Requests with this status, over all accounts and paths. */
    public long countStatus(int status) {
        return counters.entrySet().stream().filter(e -> e.getKey().status() == status).mapToLong(e -> e.getValue().sum()).sum();
    }

    public List<Counter> counters() {
        List<Counter> out = new ArrayList<>();
        counters.forEach((k, v) -> out.add(new Counter(k.account(), k.path(), k.status(), v.sum())));
        out.sort(Comparator.comparing((Counter c) -> Objects.requireNonNullElse(c.account(), -1))
                .thenComparing(Counter::path).thenComparingInt(Counter::status));
        return out;
    }

    public void reset() {
        counters.clear();
        requests.reset();
        records.reset();
        bytes.reset();
    }
}
