package io.maillake.collect;

import java.time.Duration;

/** Waits; injected so tests control time. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
