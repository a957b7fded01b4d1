package io.maillake.detect;

import io.maillake.lake.embedded.EmbeddedLake;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s detection loop: evaluates rules as soon as new lake files are committed (the lake's
 * file sequence is checked every few seconds), so detections follow ingest within seconds. One
 * thread; {@link #close()} stops it between steps, leaving every step committed or not begun.
 */
public final class DetectionLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionLoop.class);
    /** How often the lake is checked for new files: cheap (one catalog read), and well under the collector's batch age. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** After a failed run, wait this long before the next try, so a persistent failure does not spin. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final DetectionEngine engine;
    private final EmbeddedLake lake;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    public DetectionLoop(DetectionEngine engine, EmbeddedLake lake) {
        this.engine = engine;
        this.lake = lake;
        this.thread = Thread.ofPlatform().name("detections").daemon().unstarted(this::loop);
    }

    public DetectionLoop start() {
        thread.start();
        return this;
    }

    private void loop() {
        long seen = -1;
        while (!closed.get()) {
            Duration wait = CHECK_EVERY;
            try {
                long last = lake.lastFileSequence();
                if (last != seen) {
                    DetectionEngine.Report r = engine.runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
                    if (r.newDetections() > 0 || r.updatedDetections() > 0) {
                        LOG.info("detections: {} new, {} updated", r.newDetections(), r.updatedDetections());
                    }
                    if (r.caughtUp()) seen = last;
                }
            } catch (RuntimeException e) {
                LOG.error("evaluating detection rules failed; retrying in {}", AFTER_FAILURE, e);
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
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
