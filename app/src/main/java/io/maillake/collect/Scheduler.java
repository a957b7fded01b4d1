package io.maillake.collect;

import io.maillake.lake.embedded.EmbeddedLake;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s loop: a round of every enabled stream each poll interval (a round with a backlog
 * runs on at once), and lake housekeeping now and then. One thread; stops promptly on
 * {@link #close()}, leaving every stream committed.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Small files are merged this often: often enough to keep query plans short, rarely enough to cost nothing. */
    static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(10);

    private final Collector collector;
    private final EmbeddedLake lake;
    private final CollectSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    public Scheduler(Collector collector, EmbeddedLake lake, CollectSettings settings) {
        this.collector = collector;
        this.lake = lake;
        this.settings = settings;
        this.thread = Thread.ofPlatform().name("scheduler").daemon().unstarted(this::loop);
    }

    public Scheduler start() {
        thread.start();
        return this;
    }

    private void loop() {
        long lastHousekeeping = 0;
        housekeeping(true);
        while (!closed.get()) {
            long start = System.nanoTime();
            try {
                var reports = collector.pollRound();
                long events = reports.stream().mapToLong(Collector.StreamReport::events).sum();
                if (events > 0) LOG.info("collected {} new events from {} streams", events, reports.size());
            } catch (RuntimeException e) {
                LOG.error("a collection round failed; the next one follows", e);
            }
            if (System.nanoTime() - lastHousekeeping > HOUSEKEEPING_EVERY.toNanos()) {
                housekeeping(false);
                lastHousekeeping = System.nanoTime();
            }
            long waitMillis = settings.pollInterval().toMillis() - (System.nanoTime() - start) / 1_000_000;
            if (waitMillis > 0 && !closed.get()) {
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void housekeeping(boolean startup) {
        try {
            if (startup) {
                int removed = lake.collectDebris();
                if (removed > 0) LOG.info("removed {} lake files left by an interrupted commit", removed);
            }
            int merged = lake.compact();
            if (merged > 0) LOG.info("merged small lake files ({} merges)", merged);
        } catch (RuntimeException e) {
            LOG.warn("lake housekeeping failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            collector.close();
            thread.interrupt();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
