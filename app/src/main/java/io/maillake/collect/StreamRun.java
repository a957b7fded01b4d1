package io.maillake.collect;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.MyNetworks;
import io.maillake.domain.OrdinalCarry;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.Lake;
import io.maillake.lake.UidSet;
import io.maillake.mimecast.LogQuery;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.Page;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects one stream until it is caught up, its time budget is spent, it is asked to stop, or a
 * failure ends it: fetch a page, normalise, drop what already landed, and commit events in batches
 * together with the cursor that covers them. The cursor is never committed ahead of its events,
 * so a kill at any instant loses nothing; events already landed are recognised by {@code event_uid}
 * when a window is read again, so nothing lands twice. Not thread-safe: one run per stream at a time
 * (the stream's lease and the cursor's version ensure that across processes).
 */
final class StreamRun {
    private final StreamKey key;
    private final MimecastClient client;
    private final Lake lake;
    private final MyNetworks networks;
    private final WindowPlanner planner;
    private final CollectSettings settings;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RunListener listener;

    private long events;
    private long calls;

    StreamRun(StreamKey key, MimecastClient client, Lake lake, MyNetworks networks, CollectSettings settings,
              RetryPolicy retry, Clock clock, Sleeper sleeper, RunListener listener) {
        this.key = key;
        this.client = client;
        this.lake = lake;
        this.networks = networks;
        this.planner = new WindowPlanner(settings);
        this.settings = settings;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * @param since    where a stream that never ran starts (null: the look-back)
     * @param deadline when to pause (null: run until caught up)
     */
    RunOutcome run(Instant since, Instant deadline) {
        StreamCursor cursor = lake.cursor(key);
        try {
            while (true) {
                Optional<StreamCursor.Window> next = planner.next(cursor, clock.instant(), since);
                if (next.isEmpty()) return outcome(RunOutcome.Ending.CAUGHT_UP, cursor, null);
                cursor = readWindow(cursor, next.get(), deadline);
                if (cursor.active() != null) return outcome(RunOutcome.Ending.PAUSED, cursor, null);
            }
        } catch (Failed f) {
            return outcome(RunOutcome.Ending.FAILED, f.cursor, f.failure);
        } catch (Paused p) {
            return outcome(RunOutcome.Ending.PAUSED, p.cursor, null);
        }
    }

    private RunOutcome outcome(RunOutcome.Ending ending, StreamCursor cursor, MimecastException failure) {
        return new RunOutcome(ending, cursor, events, calls, failure);
    }

    /** Reads a window to its end (or until paused) and returns the cursor after it. */
    private StreamCursor readWindow(StreamCursor cursor, StreamCursor.Window window, Instant deadline) throws Failed, Paused {
        LogQuery query = LogQuery.window(key.logType(), window.from(), window.to());
        Read read = new Read(window);
        List<EmailEvent> batch = new ArrayList<>();
        Instant lastCommit = clock.instant();
        while (true) {
            Page page;
            try {
                page = fetch(query, read.window.pageToken(), deadline);
            } catch (TokenRejected rejected) {
                // the page token is no longer accepted (expired): read the window again from its start;
                // what is already in the lake is recognised, what was only in memory is read again
                batch.clear();
                read = new Read(new StreamCursor.Window(window.kind(), window.from(), window.to(), clock.instant(),
                        null, OrdinalCarry.EMPTY, 0));
                continue;
            } catch (MimecastException failure) {
                throw new Failed(commit(batch, cursor, cursor.hasActiveWindow() || read.window.pages() > 0
                        ? withActive(cursor, read.window) : cursor), failure);
            } catch (PausedDuringWait p) {
                throw new Paused(commit(batch, cursor, withActive(cursor, read.window)));
            }
            Normaliser.Context ctx = new Normaliser.Context(key.tenantId(), key.integrationId(), networks,
                    clock.instant(), window.to().minusSeconds(1));
            for (String raw : page.records()) {
                EmailEvent event = Normaliser.normalise(key.logType(), raw, ctx, read.ordinals);
                if (read.landed.add(event.eventUid())) batch.add(event);
            }
            read.window = read.window.next(page.isLast() ? null : page.next().orElse(null), read.ordinals.carry());
            if (page.isLast()) return commit(batch, cursor, planner.completed(cursor, read.window));
            Instant now = clock.instant();
            boolean due = batch.size() >= settings.batchRows() || !now.isBefore(lastCommit.plus(settings.batchAge()));
            boolean stop = (deadline != null && !now.isBefore(deadline)) || !listener.heartbeat();
            if (due || stop) {
                cursor = commit(batch, cursor, withActive(cursor, read.window));
                lastCommit = now;
            }
            if (stop) throw new Paused(cursor);
        }
    }

    /** The state of one read of a window: where it is, the identical-record counts, and the uids landed in it. */
    private final class Read {
        StreamCursor.Window window;
        final OrdinalCounter ordinals;
        final UidSet landed;

        Read(StreamCursor.Window window) {
            this.window = window;
            this.ordinals = OrdinalCounter.resume(window.carry());
            // records of the window's last second may also be served at its end when Mimecast's `to` is inclusive
            this.landed = lake.landedUids(key, window.from(), window.to());
        }
    }

    private StreamCursor commit(List<EmailEvent> batch, StreamCursor current, StreamCursor next) {
        if (batch.isEmpty() && sameProgress(current, next)) return current;
        StreamCursor committed = lake.commit(key, batch, current.version(), next);
        events += batch.size();
        listener.committed(batch.size(), committed);
        batch.clear();
        return committed;
    }

    private static boolean sameProgress(StreamCursor a, StreamCursor b) {
        return java.util.Objects.equals(a.leadTo(), b.leadTo()) && java.util.Objects.equals(a.matureTo(), b.matureTo())
                && java.util.Objects.equals(a.active(), b.active());
    }

    private static StreamCursor withActive(StreamCursor cursor, StreamCursor.Window window) {
        return new StreamCursor(cursor.leadTo(), cursor.matureTo(), window, cursor.version());
    }

    /** One page, retried as {@link RetryPolicy} decides. */
    private Page fetch(LogQuery query, String token, Instant deadline) throws MimecastException, TokenRejected, PausedDuringWait {
        int attempt = 0;
        boolean failedBefore = false;
        while (true) {
            attempt++;
            try {
                Page page = client.fetchPage(query, token);
                calls++;
                if (failedBefore) listener.recovered();
                return page;
            } catch (MimecastException e) {
                if (!(e instanceof MimecastException.RateLimited r) || r.sent()) calls++;
                if (e instanceof MimecastException.RequestRejected && token != null) throw new TokenRejected();
                Optional<Duration> wait = retry.delayAfter(attempt, e);
                if (wait.isEmpty()) throw e;
                failedBefore = true;
                listener.retrying(e, attempt, wait.get());
                if (deadline != null && clock.instant().plus(wait.get()).isAfter(deadline)) throw new PausedDuringWait();
                if (!listener.heartbeat()) throw new PausedDuringWait();
                try {
                    sleeper.sleep(wait.get());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new PausedDuringWait();
                }
            }
        }
    }

    private static final class TokenRejected extends Exception {
        TokenRejected() { super(null, null, false, false); }
    }

    private static final class PausedDuringWait extends Exception {
        PausedDuringWait() { super(null, null, false, false); }
    }

    private static final class Paused extends Exception {
        final transient StreamCursor cursor;

        Paused(StreamCursor cursor) {
            super(null, null, false, false);
            this.cursor = cursor;
        }
    }

    private static final class Failed extends Exception {
        final transient StreamCursor cursor;
        final transient MimecastException failure;

        Failed(StreamCursor cursor, MimecastException failure) {
            super(null, null, false, false);
            this.cursor = cursor;
            this.failure = failure;
        }
    }
}
