package io.maillake.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s webhook sender: drains the outbox every few seconds, so a notification leaves
 * within seconds of its detection's commit, and forgets old notifications once an hour. One thread;
 * {@link #close()} stops it, giving back a notification whose attempt it interrupted.
 */
public final class WebhookLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookLoop.class);
    /** How often the outbox is checked: one indexed read, and the detection loop commits at most every 5 s. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** After an unexpected failure (the store unreadable), wait this long so a persistent failure does not spin. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final OutboxDrain drain;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    public WebhookLoop(OutboxDrain drain) {
        this.drain = drain;
        this.thread = Thread.ofPlatform().name("webhooks").daemon().unstarted(this::loop);
    }

    public WebhookLoop start() {
        thread.start();
        return this;
    }

    private void loop() {
        long nextPurge = System.nanoTime();
        while (!closed.get()) {
            Duration wait = CHECK_EVERY;
            try {
                // a pass that sent something may have left more behind (a backlog beyond one pass): go on at once
                if (drain.drainOnce().attempts() > 0) wait = Duration.ZERO;
                if (System.nanoTime() - nextPurge >= 0) {
                    drain.purge();
                    nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("sending webhook notifications failed; retrying in {}", AFTER_FAILURE, e);
                wait = AFTER_FAILURE;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            thread.interrupt();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
