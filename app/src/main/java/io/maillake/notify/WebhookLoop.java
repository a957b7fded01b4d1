package io.maillake.notify;

import io.maillake.service.BackgroundLoop;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s webhook sender: drains the outbox every few seconds, so a notification leaves
 * within seconds of its detection's commit, and forgets old notifications once an hour. One thread;
 * {@link #close()} stops it, giving back a notification whose attempt it interrupted.
 */
public final class WebhookLoop extends BackgroundLoop<WebhookLoop> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookLoop.class);
    /** How often the outbox is checked: one indexed read, and the detection loop commits at most every 5 s. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** After an unexpected failure (the store unreadable), wait this long so a persistent failure does not spin. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final OutboxDrain drain;
    private long nextPurge = System.nanoTime();

    public WebhookLoop(OutboxDrain drain) {
        super("webhooks", LOG, "sending webhook notifications", AFTER_FAILURE, Duration.ofSeconds(30));
        this.drain = drain;
    }

    @Override
    protected Duration step() throws InterruptedException {
        // a pass that sent something may have left more behind (a backlog beyond one pass): go on at once
        Duration wait = drain.drainOnce().attempts() > 0 ? Duration.ZERO : CHECK_EVERY;
        if (System.nanoTime() - nextPurge >= 0) {
            drain.purge();
            nextPurge = System.nanoTime() + PURGE_EVERY.toNanos();
        }
        return wait;
    }
}
