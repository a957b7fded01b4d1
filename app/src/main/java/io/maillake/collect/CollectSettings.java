package io.maillake.collect;

import java.time.Duration;

/**
 * How streams are collected. Every value bounds something; the defaults suit a Mimecast account
 * of any size.
 *
 * @param lookBack       how far back the first run of a stream starts (24 h, as Mimecast's own
 *                       connectors do; TTP logs are kept longer, so more can be asked for)
 * @param settleLag      windows end this long before now, so the newest second is complete
 * @param overlap        records are assumed to reach the API at most this late; every stretch of
 *                       time is read again once it is this old (a sweep), so late records are
 *                       still collected
 * @param sweepEvery     a sweep waits until this much time has matured, so each stretch is read
 *                       twice in all, not once per poll
 * @param maxWindow      longest window in one query: bounds what a crash or an expired page token
 *                       makes us read again, and the de-duplication set of one window
 * @param minWindow      a fresh window shorter than this is not worth a call: the stream is caught up
 * @param batchRows      events per lake commit (a commit also happens at each window's end)
 * @param batchAge       longest time events wait in memory before they are committed
 * @param lagThreshold   a stream further behind than this shows DEGRADED
 * @param runBudget      longest a stream may collect in one scheduling round of {@code serve},
 *                       so a large backlog does not starve the other streams
 * @param pollInterval   how often {@code serve} polls each stream
 * @param maxConcurrentStreams streams collected at once in one process (bounds memory and connections)
 */
public record CollectSettings(Duration lookBack, Duration settleLag, Duration overlap, Duration sweepEvery,
                              Duration maxWindow, Duration minWindow, int batchRows, Duration batchAge,
                              Duration lagThreshold, Duration runBudget, Duration pollInterval,
                              int maxConcurrentStreams) {

    public CollectSettings {
        if (batchRows < 1) throw new IllegalArgumentException("batchRows must be positive");
        if (maxConcurrentStreams < 1) throw new IllegalArgumentException("maxConcurrentStreams must be positive");
        if (maxWindow.compareTo(minWindow) <= 0) throw new IllegalArgumentException("maxWindow must exceed minWindow");
    }

    public static CollectSettings defaults() {
        return new CollectSettings(Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(10), 10_000, Duration.ofSeconds(5),
                Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofMinutes(1), 8);
    }

    public CollectSettings withLookBack(Duration d) {
        return new CollectSettings(d, settleLag, overlap, sweepEvery, maxWindow, minWindow, batchRows, batchAge,
                lagThreshold, runBudget, pollInterval, maxConcurrentStreams);
    }

    public CollectSettings withOverlap(Duration d) {
        return new CollectSettings(lookBack, settleLag, d, sweepEvery, maxWindow, minWindow, batchRows, batchAge,
                lagThreshold, runBudget, pollInterval, maxConcurrentStreams);
    }

    public CollectSettings withBatchRows(int rows) {
        return new CollectSettings(lookBack, settleLag, overlap, sweepEvery, maxWindow, minWindow, rows, batchAge,
                lagThreshold, runBudget, pollInterval, maxConcurrentStreams);
    }

    public CollectSettings withPollInterval(Duration d) {
        return new CollectSettings(lookBack, settleLag, overlap, sweepEvery, maxWindow, minWindow, batchRows, batchAge,
                lagThreshold, runBudget, d, maxConcurrentStreams);
    }

    public CollectSettings withWindows(Duration settle, Duration sweep, Duration max, Duration min) {
        return new CollectSettings(lookBack, settle, overlap, sweep, max, min, batchRows, batchAge,
                lagThreshold, runBudget, pollInterval, maxConcurrentStreams);
    }
}
