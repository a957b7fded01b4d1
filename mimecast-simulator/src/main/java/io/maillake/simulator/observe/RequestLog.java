package io.maillake.simulator.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The last N requests, oldest first (N = {@code requestLogCapacity}). Thread-safe. */
public final class RequestLog {
    private final int capacity;
    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(RecordedRequest r) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(r);
    }

    public synchronized List<RecordedRequest> all() {
        return new ArrayList<>(entries);
    }

    public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** The most recent request, or null. */
    public synchronized RecordedRequest last() {
        return entries.peekLast();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
