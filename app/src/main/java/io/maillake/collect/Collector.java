package io.maillake.collect;

import io.maillake.domain.Integration;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.domain.StreamState;
import io.maillake.domain.StreamStatus;
import io.maillake.lake.CursorConflictException;
import io.maillake.lake.Lake;
import io.maillake.mimecast.LogType;
import io.maillake.mimecast.MimecastClient;
import io.maillake.mimecast.MimecastConnector;
import io.maillake.mimecast.MimecastException;
import io.maillake.mimecast.RetryPolicy;
import io.maillake.store.StateStore;
import io.maillake.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs streams: every enabled integration's log types, each under a lease so that one process
 * collects it, a bounded number at a time. {@link #collectOnce} brings every stream up to date;
 * {@link #pollRound} is one scheduling round of {@code serve}. A stream that needs an administrator
 * is left in ERROR and not called again by {@code serve} until its integration is saved or tested;
 * the integration's other streams go on.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    /** A lease outlives a crashed holder by this much at most; holders renew it far more often. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration LEASE_RENEW_EVERY = Duration.ofSeconds(30);

    private final StateStore store;
    private final Lake lake;
    private final MimecastConnector connector;
    private final CollectSettings settings;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String owner;
    private final Semaphore slots;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean closed = new AtomicBoolean();

    public Collector(StateStore store, Lake lake, MimecastConnector connector, CollectSettings settings,
                     RetryPolicy retry, Clock clock, Sleeper sleeper) {
        this.store = store;
        this.lake = lake;
        this.connector = connector;
        this.settings = settings;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.owner = ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.slots = new Semaphore(settings.maxConcurrentStreams());
    }

    /** What one stream run achieved, for {@code collect --once} and logs. */
    public record StreamReport(Integration integration, LogType type, RunOutcome.Ending ending, long events,
                               long calls, StreamStatus status, String skippedBecause) { }

    /** Watches long runs: progress lines for {@code collect --once}. */
    public interface Progress {
        void update(Integration integration, LogType type, StreamCursor cursor, long eventsSoFar);

        /** A call failed and is tried again after {@code wait}. */
        default void retrying(Integration integration, LogType type, MimecastException failure, int attempt, Duration wait) { }

        Progress NONE = (i, t, c, e) -> { };
    }

    /**
     * Brings every enabled stream up to date and returns one report per stream. Streams in ERROR
     * are tried again (the user asked explicitly).
     *
     * @param since where streams that never ran start (null: the look-back)
     */
    public List<StreamReport> collectOnce(Instant since, Progress progress) {
        List<Future<StreamReport>> futures = new ArrayList<>();
        for (Integration integration : store.enabledIntegrations()) {
            for (LogType type : LogType.values()) {
                if (!integration.logTypes().contains(type)) continue;
                futures.add(executor.submit(() -> runStream(integration, type, since, null, progress)));
            }
        }
        return collect(futures);
    }

    /**
     * One round of {@code serve}: runs every enabled stream that is not in ERROR, each for at most
     * the run budget.
     */
    public List<StreamReport> pollRound() {
        List<Future<StreamReport>> futures = new ArrayList<>();
        for (Integration integration : store.enabledIntegrations()) {
            for (LogType type : LogType.values()) {
                if (!integration.logTypes().contains(type)) continue;
                if (waitsForAnAdmin(store.streamStatus(integration.id(), type))) continue;
                Instant deadline = clock.instant().plus(settings.runBudget());
                futures.add(executor.submit(() -> runStream(integration, type, null, deadline, Progress.NONE)));
            }
        }
        return collect(futures);
    }

    /**
     * A stream in ERROR is not called again until its integration is saved or tested, except when the error was
     * this side's configuration (a base URL this process's policy refuses): that is checked again every round
     * without calling Mimecast, so a {@code collect --once} run with another environment cannot stop a server's
     * collection, and a server restarted with the right environment resumes by itself.
     */
    static boolean waitsForAnAdmin(StreamStatus s) {
        return s.state() == StreamState.ERROR && !INVALID_CONFIGURATION.equals(s.errorCode());
    }

    /** The code of a failure this side can fix (a base URL this process's policy refuses), not Mimecast. */
    public static final String INVALID_CONFIGURATION = "invalid_configuration";

    private List<StreamReport> collect(List<Future<StreamReport>> futures) {
        List<StreamReport> reports = new ArrayList<>();
        for (Future<StreamReport> f : futures) {
            try {
                reports.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("a stream run failed unexpectedly", e.getCause());
            }
        }
        return reports;
    }

    private StreamReport runStream(Integration integration, LogType type, Instant since, Instant deadline, Progress progress)
            throws InterruptedException {
        StreamKey key = integration.stream(type);
        slots.acquire();
        try {
            if (closed.get()) return skipped(integration, type, "shutting down");
            if (!lease(key)) {
                String holder = store.leaseHolder(key).orElse("another process");
                return skipped(integration, type, "collected by " + holder);
            }
            try {
                return collectStream(integration, type, key, since, deadline, progress);
            } finally {
                store.releaseLease(key, owner);
            }
        } catch (StoreException storage) {
            // disk full, read-only or failing storage: what was committed stands, the stream goes on once it is writable
            return storageFailed(integration, type, storage, 0);
        } finally {
            slots.release();
        }
    }

    /** Reports a stream stopped by the data directory, and records that in its status if the store can still write. */
    private StreamReport storageFailed(Integration integration, LogType type, StoreException failure, long committed) {
        LOG.warn("stream {}/{} stopped: {}", integration.id(), type.id(), failure.getMessage());
        StreamStatus previous;
        try {
            previous = store.streamStatus(integration.id(), type);
        } catch (StoreException unreadable) {
            previous = StreamStatus.pending(integration.id(), type);
        }
        StreamStatus status = StatusPolicy.storageFailed(previous, failure, clock.instant());
        try {
            store.saveStreamStatus(status);
        } catch (StoreException alsoFailing) {
            LOG.warn("stream {}/{}: cannot record its status either: {}", integration.id(), type.id(), alsoFailing.getMessage());
        }
        return new StreamReport(integration, type, RunOutcome.Ending.FAILED, committed, 0, status, null);
    }

    /**
     * Takes the stream's lease; also from a holder on this host whose process is gone (killed), so a
     * restart after a crash need not wait for the lease to expire.
     */
    private boolean lease(StreamKey key) {
        if (store.tryLease(key, owner, LEASE)) return true;
        String holder = store.leaseHolder(key).orElse(null);
        if (holder == null) return store.tryLease(key, owner, LEASE);
        return isDeadLocalProcess(holder) && store.takeOverLease(key, holder, owner, LEASE);
    }

    /** Owners are {@code pid@host/nonce}; a pid of this host that no longer runs holds nothing. */
    static boolean isDeadLocalProcess(String owner) {
        int at = owner.indexOf('@');
        int slash = owner.indexOf('/', at + 1);
        if (at <= 0 || slash < 0) return false;
        if (!owner.substring(at + 1, slash).equals(hostName())) return false;
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            return ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private StreamReport collectStream(Integration integration, LogType type, StreamKey key, Instant since, Instant deadline,
                                       Progress progress) {
        StreamStatus previous = withLakeStats(store.streamStatus(integration.id(), type), key);
        MimecastClient client;
        try {
            client = connector.client(integration.baseUrl(), store.credentials(integration.id()));
        } catch (IllegalArgumentException badConfig) {
            StreamStatus status = new StreamStatus(integration.id(), type, StreamState.ERROR, INVALID_CONFIGURATION,
                    badConfig.getMessage(), "Edit the integration: " + badConfig.getMessage(), null, clock.instant(),
                    previous.lastSuccessAt(), previous.lagSeconds(), previous.calls(), previous.retries(), previous.events(),
                    previous.lastEventTime());
            store.saveStreamStatus(status);
            return new StreamReport(integration, type, RunOutcome.Ending.FAILED, 0, 0, status, null);
        }
        Listener listener = new Listener(integration, type, key, previous, progress);
        StreamRun run = new StreamRun(key, client, lake, store.networks(integration.tenantId()), settings, retry, clock,
                sleeper, listener);
        RunOutcome outcome;
        try {
            outcome = run.run(since, deadline);
        } catch (CursorConflictException conflict) {
            LOG.warn("stream {}: {}", key, conflict.getMessage());
            return skipped(integration, type, "collected by another process");
        } catch (StoreException storage) {
            return storageFailed(integration, type, storage, listener.events());
        }
        StreamStatus status = withLakeStats(StatusPolicy.afterRun(listener.status, outcome, clock.instant(), settings.lagThreshold()), key);
        store.saveStreamStatus(status);
        if (outcome.failure() != null) {
            LOG.warn("stream {} {}: {}", key, status.state(), outcome.failure().getMessage());
        }
        return new StreamReport(integration, type, outcome.ending(), outcome.events(), outcome.calls(), status, null);
    }

    private StreamStatus withLakeStats(StreamStatus s, StreamKey key) {
        Lake.StreamStats stats = lake.stats(key);
        return new StreamStatus(s.integrationId(), s.logType(), s.state(), s.errorCode(), s.errorMessage(), s.errorFix(),
                s.retryingSince(), s.lastAttemptAt(), s.lastSuccessAt(), s.lagSeconds(), s.calls(), s.retries(),
                stats.events(), stats.lastEventTime());
    }

    private StreamReport skipped(Integration integration, LogType type, String why) {
        return new StreamReport(integration, type, RunOutcome.Ending.PAUSED, 0, 0,
                store.streamStatus(integration.id(), type), why);
    }

    /** Saves DEGRADED while a run retries, renews the lease, and reports progress. */
    private final class Listener implements RunListener {
        private final Integration integration;
        private final LogType type;
        private final StreamKey key;
        private final Progress progress;
        private StreamStatus status;
        private long events;
        private Instant lastRenewal;

        Listener(Integration integration, LogType type, StreamKey key, StreamStatus initial, Progress progress) {
            this.integration = integration;
            this.type = type;
            this.key = key;
            this.status = initial;
            this.progress = progress;
            this.lastRenewal = clock.instant();
        }

        synchronized long events() { return events; }

        // a run fetches ahead on another thread, so callbacks may come from two threads
        @Override public synchronized void committed(long n, StreamCursor cursor) {
            events += n;
            progress.update(integration, type, cursor, events);
        }

        @Override public synchronized void retrying(MimecastException failure, int attempt, Duration wait) {
            StreamStatus next = StatusPolicy.retrying(status, failure, wait, clock.instant());
            boolean changed = next.state() != status.state() || !java.util.Objects.equals(next.errorCode(), status.errorCode());
            status = next;
            if (changed || attempt % 5 == 0) store.saveStreamStatus(status);
            progress.retrying(integration, type, failure, attempt, wait);
        }

        @Override public synchronized void recovered() {
            status = new StreamStatus(status.integrationId(), status.logType(), status.state(), null, null, null, null,
                    status.lastAttemptAt(), clock.instant(), status.lagSeconds(), status.calls(), status.retries(),
                    status.events(), status.lastEventTime());
        }

        @Override public synchronized boolean heartbeat() {
            if (closed.get()) return false;
            Instant now = clock.instant();
            if (Duration.between(lastRenewal, now).compareTo(LEASE_RENEW_EVERY) >= 0) {
                lastRenewal = now;
                if (!store.tryLease(key, owner, LEASE)) {
                    LOG.warn("stream {}: lost its lease; stopping", key);
                    return false;
                }
            }
            return true;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Stops scheduling; runs under way commit what they have and end at their next page or wait. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
        }
    }
}
