package io.maillake.lake.embedded;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.Lake;
import io.maillake.lake.LakeFile;
import io.maillake.lake.UidSet;
import io.maillake.lake.VirtualTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default lake: Parquet files (ZSTD) under {@code <data-dir>/lake/email_events/tenant_id=/log_type=/day=/},
 * listed by an SQLite catalog that also holds every stream's cursor. Committing a batch means
 * writing its files, then registering them and moving the cursor in one catalog transaction.
 * A crash before that transaction leaves only unregistered files, which readers never see and
 * {@link #collectDebris} removes; after it, everything is there.
 */
public final class EmbeddedLake implements Lake {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLake.class);
    /** How long a file replaced by compaction stays on disk, so queries already reading it can finish. */
    static final Duration RETIRED_GRACE = Duration.ofMinutes(10);
    /** Unregistered files younger than this may belong to a commit in progress in another process. */
    static final Duration DEBRIS_AGE = Duration.ofMinutes(30);
    /** A (stream, day) with at least this many small files is merged. */
    static final int COMPACT_MIN_FILES = 8;
    /** Rows of a merged file: sorting more at once would not fit the writer's memory limit with raw records. */
    static final long COMPACT_TARGET_ROWS = 50_000;

    private final Path dir;
    private final LakeCatalog catalog;
    private final ParquetFiles files;
    private final Clock clock;

    public EmbeddedLake(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        this.catalog = new LakeCatalog(dir.resolve("catalog.db"));
        this.files = new ParquetFiles(dir);
    }

    public Path dir() { return dir; }

    private final List<VirtualTable> virtualTables = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile QueryEngine queryEngine;

    /** The read-only query engine over this lake's files (and the registered virtual tables). */
    public QueryEngine queryEngine() {
        QueryEngine q = queryEngine;
        if (q == null) {
            synchronized (this) {
                if (queryEngine == null) queryEngine = new QueryEngine(catalog, dir, virtualTables);
                q = queryEngine;
            }
        }
        return q;
    }

    /** Makes a table such as {@code detections} readable by every query beside {@code email_events}. */
    public void registerTable(VirtualTable table) {
        virtualTables.removeIf(t -> t.name().equals(table.name()));
        virtualTables.add(table);
    }

    /** The sequence number of the newest file committed; files committed later have higher numbers. */
    public long lastFileSequence() {
        return catalog.lastFileSequence();
    }

    @Override
    public StreamCursor cursor(StreamKey stream) {
        return catalog.cursor(stream);
    }

    @Override
    public UidSet landedUids(StreamKey stream, Instant from, Instant to) {
        long fromSec = from.getEpochSecond();
        long toSec = to.getEpochSecond();
        return files.uids(catalog.streamFiles(stream, fromSec, toSec), fromSec, toSec);
    }

    @Override
    public StreamCursor commit(StreamKey stream, List<EmailEvent> events, long expectedVersion, StreamCursor next) {
        try (Batch batch = openBatch(stream)) {
            batch.add(events);
            return batch.commit(expectedVersion, next);
        }
    }

    /** A batch staged in the writer's DuckDB as it is added (see {@link ParquetFiles.Staged}). */
    @Override
    public Batch openBatch(StreamKey stream) {
        ParquetFiles.Staged staged = files.stage(stream);
        return new Batch() {
            private boolean spent;

            @Override
            public void add(List<EmailEvent> events) {
                if (spent) throw new IllegalStateException("the batch of " + stream + " is spent");
                try {
                    staged.add(events);
                } catch (RuntimeException e) {
                    spent = true; // a batch missing some of its events must never land
                    throw e;
                }
            }

            @Override
            public int size() { return staged.rows(); }

            @Override
            public StreamCursor commit(long expectedVersion, StreamCursor next) {
                if (spent) throw new IllegalStateException("the batch of " + stream + " is spent");
                spent = true;
                List<LakeFile> written = staged.write();
                Long newest = staged.newestSecond();
                try {
                    return catalog.commit(stream, written, expectedVersion, next, staged.rows(),
                            newest == null ? null : Instant.ofEpochSecond(newest), clock.millis());
                } catch (RuntimeException e) {
                    deleteQuietly(written);
                    throw e;
                }
            }

            @Override
            public void close() {
                staged.close();
            }
        };
    }

    @Override
    public StreamStats stats(StreamKey stream) {
        LakeCatalog.StreamTotals t = catalog.totals(stream);
        return new StreamStats(t.events(), t.lastEventTime() == null ? null : Instant.ofEpochSecond(t.lastEventTime()), t.leadTo());
    }

    /**
     * Merges streams' small files, one (stream, day) at a time, and deletes files retired longer
     * than the grace period. Safe to run while collectors commit: only files that are still live
     * when the merge commits are replaced.
     *
     * @return the number of merges
     */
    public int compact() {
        int merges = 0;
        for (List<LakeFile> group : catalog.compactionGroups(COMPACT_MIN_FILES, COMPACT_TARGET_ROWS)) {
            LakeFile merged = files.merge(group);
            if (catalog.replace(group.stream().map(LakeFile::path).toList(), merged, clock.millis())) {
                merges++;
            } else {
                deleteQuietly(List.of(merged));
            }
        }
        for (String path : catalog.takeExpiredRetired(clock.millis() - RETIRED_GRACE.toMillis())) {
            deleteQuietly(dir.resolve(path));
        }
        return merges;
    }

    /** What an export wrote. */
    public record ExportResult(long rows, int files, long bytes, Path target) { }

    /**
     * Exports events to Parquet (ZSTD) under {@code target}, hive-partitioned
     * {@code tenant_id=/log_type=/day=/} for Spark, Trino, Athena or any other engine, with the OCSF
     * event as a JSON text column unless {@code withOcsf} is false. The target must be empty or absent.
     *
     * @param tenants null: every tenant
     * @param from    inclusive, null: from the start
     * @param to      exclusive, null: up to now
     */
    public ExportResult export(Path target, java.util.Set<String> tenants, Instant from, Instant to, boolean withOcsf) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new io.maillake.domain.InvalidInputException("to: " + target + " is not empty; export into a new or empty folder");
                    }
                }
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new io.maillake.store.StoreException("cannot create " + target + ": " + e.getMessage(), e);
        }
        List<LakeFile> live = catalog.liveFiles(tenants);
        if (live.isEmpty()) return new ExportResult(0, 0, 0, target);
        long rows = files.export(live, target, from, to, withOcsf);
        long bytes = 0;
        int count = 0;
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(p);
                count++;
            }
        } catch (IOException e) {
            throw new io.maillake.store.StoreException("cannot read " + target + ": " + e.getMessage(), e);
        }
        return new ExportResult(rows, count, bytes, target);
    }

    /** Deletes Parquet files no catalog entry names and that are old enough to be crash debris. */
    public int collectDebris() {
        Set<String> known = catalog.knownPaths();
        Path root = dir.resolve("email_events");
        long cutoff = clock.millis() - DEBRIS_AGE.toMillis();
        int removed = 0;
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = dir.relativize(p).toString();
                if (!known.contains(relative) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("could not scan the lake for debris: {}", e.getMessage());
        }
        return removed;
    }

    @Override
    public void forgetIntegration(String integrationId) {
        for (String path : catalog.forgetIntegration(integrationId)) deleteQuietly(dir.resolve(path));
    }

    private void deleteQuietly(List<LakeFile> written) {
        for (LakeFile f : written) deleteQuietly(dir.resolve(f.path()));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.getMessage());
        }
    }

    @Override
    public void close() {
        files.close();
        catalog.close();
    }
}
