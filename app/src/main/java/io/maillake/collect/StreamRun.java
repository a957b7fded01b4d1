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
import io.maillake.mimecast.http.ServerTime;
import io.maillake.normalise.Normaliser;
import io.maillake.normalise.OrdinalCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects one stream until it is caught up, its time budget is spent, it is asked to stop, or a
 * failure ends it: fetch a page, normalise, drop what already landed, and commit events in batches
 * together with the cursor that covers them. The cursor is never committed ahead of its events,
 * so a kill at any instant loses nothing; events already landed are recognised by {@code event_uid}
 * when a window is read again, so nothing lands twice.
 *
 * <p>Three things overlap: the next page is fetched while the current one is normalised, and each
 * page's events are staged in the lake, and batches committed, while the next pages are read.
 * Commits stay in order. One run per stream at a time (the stream's lease and the cursor's version ensure that
 * across processes).
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
    private final AtomicLong calls = new AtomicLong();

    StreamRun(StreamKey key, MimecastClient client, Lake lake, MyNetworks networks, CollectSettings settings,
              RetryPolicy retry, Clock clock, Sleeper sleeper, RunListener listener) {
        this.key = key;
        this.client = client;
        this.lake = lake;
        this.networks = networks;
        this.planner = new WindowPlanner(settings);
        this.settings = settings;
        this.retry = retry;
        // Windows are planned on our clock, but never ahead of Mimecast's: see ServerTime.
        this.clock = client.serverTime().cap(clock);
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * @param since    where a stream that never ran starts (null: the look-back)
     * @param deadline when to pause (null: run until caught up)
     */
    RunOutcome run(Instant since, Instant deadline) {
        try (Committer committer = new Committer(lake.cursor(key));
             ExecutorService ahead = Executors.newVirtualThreadPerTaskExecutor()) {
            StreamCursor cursor = committer.committed();
            RunOutcome.Ending ending;
            MimecastException failure = null;
            try {
                while (true) {
                    Optional<StreamCursor.Window> next = planner.next(cursor, clock.instant(), since);
                    if (next.isEmpty()) {
                        ending = RunOutcome.Ending.CAUGHT_UP;
                        break;
                    }
                    cursor = readWindow(cursor, next.get(), deadline, committer, ahead);
                    if (cursor.active() != null) {
                        ending = RunOutcome.Ending.PAUSED;
                        break;
                    }
                }
            } catch (Failed f) {
                ending = RunOutcome.Ending.FAILED;
                failure = f.failure;
            } catch (Paused p) {
                ending = RunOutcome.Ending.PAUSED;
            }
            return new RunOutcome(ending, committer.drain(), committer.events(), calls.get(), failure);
        }
    }

    /**
     * Reads a window to its end (or until paused) and returns the cursor after it (the committer
     * may still be writing it). A failure of the page fetched ahead surfaces only after the current
     * page is handled, so every page read is committed.
     */
    private StreamCursor readWindow(StreamCursor cursor, StreamCursor.Window window, Instant deadline, Committer committer,
                                    ExecutorService ahead) throws Failed, Paused {
        LogQuery query = LogQuery.window(key.logType(), window.from(), window.to());
        committer.drain(); // the window's uids below must include everything committed so far
        Read read = new Read(window);
        int batched = 0; // events handed to the committer since its last commit
        Instant lastCommit = clock.instant();
        String first = read.window.pageToken();
        Future<Page> pending = ahead.submit(() -> fetch(query, first, deadline));
        while (true) {
            Page page;
            try {
                page = await(pending);
            } catch (TokenRejected rejected) {
                // the page token is no longer accepted (expired): read the window again from its start;
                // what is already in the lake is recognised, what was only in memory is read again
                committer.discard();
                batched = 0;
                read.restart(new StreamCursor.Window(window.kind(), window.from(), window.to(), clock.instant(),
                        null, OrdinalCarry.EMPTY, 0));
                pending = ahead.submit(() -> fetch(query, null, deadline));
                continue;
            } catch (MimecastException failure) {
                boolean progress = cursor.hasActiveWindow() || read.window.pages() > 0;
                committer.submit(progress ? withActive(cursor, read.window) : cursor);
                throw new Failed(failure);
            } catch (PausedDuringWait p) {
                committer.submit(withActive(cursor, read.window));
                throw new Paused();
            }
            if (read.window.pageToken() == null && read.window.pages() == 0 && window.kind() == StreamCursor.Kind.FRESH
                    && window.to().isAfter(clock.instant().minus(settings.settleLag()).plus(ServerTime.TOLERANCE))) {
                // planned while our clock was ahead of Mimecast's (the first answer told us): this window would end in
                // Mimecast's future, so it is dropped unread and planned again on Mimecast's time
                return cursor;
            }
            String next = page.isLast() ? null : page.next().orElse(null);
            pending = next == null ? null : ahead.submit(() -> fetch(query, next, deadline));
            Normaliser.Context ctx = new Normaliser.Context(key.tenantId(), key.integrationId(), networks,
                    clock.instant(), window.to().minusSeconds(1));
            List<EmailEvent> fresh = new ArrayList<>(page.records().size());
            for (String raw : page.records()) {
                EmailEvent event = Normaliser.normalise(key.logType(), raw, ctx, read.ordinals);
                if (read.landed.add(event.eventUid())) fresh.add(event);
            }
            committer.add(fresh);
            batched += fresh.size();
            read.window = read.window.next(next, read.ordinals.carry());
            if (page.isLast()) {
                StreamCursor done = planner.completed(cursor, read.window);
                committer.submit(done);
                return done;
            }
            Instant now = clock.instant();
            boolean due = batched >= settings.batchRows() || !now.isBefore(lastCommit.plus(settings.batchAge()));
            boolean stop = (deadline != null && !now.isBefore(deadline)) || !listener.heartbeat();
            if (due || stop) {
                cursor = withActive(cursor, read.window);
                committer.submit(cursor);
                batched = 0;
                lastCommit = now;
            }
            if (stop) {
                pending.cancel(true);
                throw new Paused();
            }
        }
    }

    /** The state of one read of a window: where it is, the identical-record counts, and the uids landed in it. */
    private final class Read {
        StreamCursor.Window window;
        OrdinalCounter ordinals;
        UidSet landed;

        Read(StreamCursor.Window window) {
            restart(window);
        }

        void restart(StreamCursor.Window w) {
            this.window = w;
            this.ordinals = OrdinalCounter.resume(w.carry());
            // records of the window's last second may also be served at its end when Mimecast's `to` is inclusive
            this.landed = lake.landedUids(key, w.from(), w.to());
        }
    }

    /**
     * Writes to the lake in order on its own thread while the run reads on: each page's new events are handed
     * over as they are normalised and staged by the lake (so a batch does not wait in the heap), and a commit
     * lands what was handed over with the cursor that covers it. Work handed over is bounded, and a failure of
     * any step fails the run; a batch with a failed step never lands. The thread is a platform thread: the lake
     * spends most of its time in DuckDB's native code, which would pin a virtual thread's carrier (there are as
     * many carriers as cores) and hold up fetching and normalising; runs at once are bounded by
     * {@code maxConcurrentStreams}, and so are these threads.
     */
    private final class Committer implements AutoCloseable {
        /** Steps (pages to stage, commits) handed over and not yet done, at most. */
        private static final int MAX_PENDING = 12;

        private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("commit-" + key).factory());
        private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
        private volatile StreamCursor committed;
        private final AtomicLong events = new AtomicLong();
        /** The batch being built; touched only on the committer's thread. */
        private Lake.Batch batch;
        /** The failure of a step; touched only on the committer's thread. */
        private Throwable broken;
        /** Whether anything was handed over since the last commit (run thread). */
        private boolean added;

        Committer(StreamCursor start) {
            this.committed = start;
        }

        StreamCursor committed() { return committed; }

        long events() { return events.get(); }

        /** Hands over a page's new events (which the caller must not touch again) to be staged for the next commit. */
        void add(List<EmailEvent> page) {
            if (page.isEmpty()) return;
            added = true;
            step(() -> {
                if (batch == null) batch = lake.openBatch(key);
                try {
                    batch.add(page);
                } catch (RuntimeException e) {
                    discardBatch(); // the batch lacks events now: it must not land
                    throw e;
                }
            });
        }

        /** Queues a commit of everything handed over since the last one, with cursor {@code next}. */
        void submit(StreamCursor next) {
            if (!added && pending.isEmpty() && sameProgress(committed, next)) return;
            added = false;
            step(() -> {
                Lake.Batch b = batch != null ? batch : lake.openBatch(key);
                batch = null;
                try (b) {
                    int size = b.size();
                    StreamCursor done = b.commit(committed.version(), next);
                    committed = done;
                    events.addAndGet(size);
                    listener.committed(size, done);
                }
            });
        }

        /** Drops what was handed over since the last commit: it is read again. */
        void discard() {
            added = false;
            pending.add(thread.submit(() -> {
                discardBatch();
                broken = null; // nothing of the failed batch can land now: it is all read again
            }));
            drain();
        }

        private void discardBatch() {
            if (batch != null) {
                Lake.Batch b = batch;
                batch = null;
                b.close();
            }
        }

        private void step(Runnable work) {
            while (pending.size() >= MAX_PENDING) await(pending.poll());
            pending.add(thread.submit(() -> {
                // after a failed step, later ones do nothing until the run sees the failure: a commit now would land a
                // batch without the failed page's events
                if (broken != null) throw new IllegalStateException("an earlier write to the lake failed", broken);
                try {
                    work.run();
                } catch (RuntimeException | Error e) {
                    broken = e;
                    throw e;
                }
            }));
        }

        /** Waits until everything handed over is done; rethrows the first failure. */
        StreamCursor drain() {
            RuntimeException first = null;
            while (!pending.isEmpty()) {
                try {
                    await(pending.poll());
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                }
            }
            if (first != null) throw first;
            return committed;
        }

        private void await(Future<?> step) {
            try {
                step.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // keep waiting without the flag: a commit must finish or fail, never be abandoned halfway
                try {
                    step.get();
                } catch (InterruptedException | ExecutionException again) {
                    throw unwrap(again);
                }
            } catch (ExecutionException e) {
                throw unwrap(e);
            }
        }

        private RuntimeException unwrap(Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof RuntimeException r) return r;
            if (cause instanceof Error err) throw err;
            return new IllegalStateException(cause);
        }

        @Override
        public void close() {
            try {
                drain();
            } finally {
                try {
                    thread.submit(this::discardBatch).get(); // what was handed over and not committed is read again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException ignored) {
                    // dropping staging tables cannot lose anything
                }
                thread.shutdown();
            }
        }
    }

    private static boolean sameProgress(StreamCursor a, StreamCursor b) {
        return Objects.equals(a.leadTo(), b.leadTo()) && Objects.equals(a.matureTo(), b.matureTo())
                && Objects.equals(a.active(), b.active());
    }

    private static StreamCursor withActive(StreamCursor cursor, StreamCursor.Window window) {
        return new StreamCursor(cursor.leadTo(), cursor.matureTo(), window, cursor.version());
    }

    /** The fetched page, or the fetch's own failure. */
    private static Page await(Future<Page> pending) throws MimecastException, TokenRejected, PausedDuringWait {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw new PausedDuringWait();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case MimecastException m -> throw m;
                case TokenRejected t -> throw t;
                case PausedDuringWait p -> throw p;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** One page, retried as {@link RetryPolicy} decides. */
    private Page fetch(LogQuery query, String token, Instant deadline) throws MimecastException, TokenRejected, PausedDuringWait {
        int attempt = 0;
        boolean failedBefore = false;
        Duration rateLimitedFor = Duration.ZERO;
        while (true) {
            attempt++;
            try {
                Page page = client.fetchPage(query, token);
                calls.incrementAndGet();
                if (failedBefore) listener.recovered();
                return page;
            } catch (MimecastException e) {
                if (!(e instanceof MimecastException.RateLimited r) || r.sent()) calls.incrementAndGet();
                if (e instanceof MimecastException.RequestRejected && token != null) throw new TokenRejected();
                Optional<Duration> wait = retry.delayAfter(attempt, e, rateLimitedFor);
                if (wait.isEmpty()) throw e;
                if (e instanceof MimecastException.RateLimited) rateLimitedFor = rateLimitedFor.plus(wait.get());
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
        Paused() { super(null, null, false, false); }
    }

    private static final class Failed extends Exception {
        final transient MimecastException failure;

        Failed(MimecastException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
