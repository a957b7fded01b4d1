package io.maillake.detect;

import io.maillake.lake.embedded.EmbeddedLake;
import io.maillake.service.BackgroundLoop;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s detection loop: evaluates rules as soon as new lake files are committed (the lake's
 * file sequence is checked every few seconds), so detections follow ingest within seconds. One
 * thread; {@link #close()} stops it between steps, leaving every step committed or not begun.
 */
public final class DetectionLoop extends BackgroundLoop<DetectionLoop> {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionLoop.class);
    /** How often the lake is checked for new files: cheap (one catalog read), and well under the collector's batch age. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** After a failed run, wait this long before the next try, so a persistent failure does not spin. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final DetectionEngine engine;
    private final EmbeddedLake lake;
    /** The lake's file sequence up to which every rule has caught up. */
    private long seen = -1;

    public DetectionLoop(DetectionEngine engine, EmbeddedLake lake) {
        super("detections", LOG, "evaluating detection rules", AFTER_FAILURE, Duration.ofSeconds(60));
        this.engine = engine;
        this.lake = lake;
    }

    @Override
    protected Duration step() {
        long last = lake.lastFileSequence();
        if (last != seen) {
            DetectionEngine.Report r = engine.runUntilCaughtUp(Duration.ofMinutes(5), DetectionEngine.Listener.NONE);
            if (r.newDetections() > 0 || r.updatedDetections() > 0) {
                LOG.info("detections: {} new, {} updated", r.newDetections(), r.updatedDetections());
            }
            if (r.caughtUp()) seen = last;
        }
        return CHECK_EVERY;
    }
}
