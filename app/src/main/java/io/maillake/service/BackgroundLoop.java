package io.maillake.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * One platform thread that runs a step, then waits as long as the step says, until {@link #close()}
 * interrupts it. A step that fails is logged and the next one waits {@code afterFailure}, so a
 * persistent failure does not spin.
 *
 * @param <S> the subclass, which {@link #start()} returns
 */
public abstract class BackgroundLoop<S extends BackgroundLoop<S>> implements AutoCloseable {
    private final Logger log;
    private final String work;
    private final Duration afterFailure;
    private final Duration stopWithin;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    /**
     * @param work         what a step does, for the log line of a failure ("evaluating detection rules")
     * @param stopWithin   how long {@link #close()} waits for a step in progress to end
     */
    protected BackgroundLoop(String threadName, Logger log, String work, Duration afterFailure, Duration stopWithin) {
        this.log = log;
        this.work = work;
        this.afterFailure = afterFailure;
        this.stopWithin = stopWithin;
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::loop);
    }

    /** One pass; returns how long to wait before the next. Runs on the loop's thread only. */
    protected abstract Duration step() throws InterruptedException;

    @SuppressWarnings("unchecked")
    public final S start() {
        thread.start();
        return (S) this;
    }

    private void loop() {
        while (!closed.get()) {
            Duration wait;
            try {
                wait = step();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("{} failed; retrying in {}", work, afterFailure, e);
                wait = afterFailure;
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
                thread.join(stopWithin.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
