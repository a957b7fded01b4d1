package io.maillake.lake.embedded;

import io.maillake.domain.EmailEvent;
import io.maillake.domain.StreamKey;
import io.maillake.lake.LakeFile;
import io.maillake.lake.LakeSchema;
import io.maillake.lake.UidSet;
import io.maillake.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes and reads the lake's Parquet files through an in-memory DuckDB. Files are written beside
 * the lake in a staging folder, flushed to disk, then renamed into place: a file is either absent or
 * complete, and it only becomes part of the lake when the catalog registers it.
 *
 * <p>A batch's file is one row group, written as the events came, with ZSTD at its fastest level
 * (sorting it would buy no row-group pruning; measured when this was chosen, 200,000 URL events
 * committed in 10,000-event batches, variants alternated in one process, medians of 5: unsorted at
 * level 1 committed 1.27 times as fast as sorted at the default level, for 1.4 % more bytes).
 * Compaction merges a stream's small files of a day into files sorted by recipient and time, with
 * row groups of 10,000 events, so a lookup of one recipient reads few row groups (about 90 bytes
 * per event, raw record included).
 */
final class ParquetFiles implements AutoCloseable {
    /** Rows per Parquet row group: small enough for row-group pruning on recipient, large enough for fast scans. */
    static final int ROW_GROUP_SIZE = 10_000;
    /**
     * And at most this many bytes, which DuckDB buffers per row group while it writes: 10,000 rows of ordinary records
     * take some 12 MB, but records with huge fields (a 4 KB subject, a long URL) would take several times the writer's
     * 128 MB and fail every write of the stream.
     */
    private static final String ROW_GROUP_BYTES = ", ROW_GROUP_SIZE_BYTES '16MB'";
    /** Most a write may spill beyond its memory limit; a batch of 10,000 events spills far less, if at all. */
    static final String MAX_SPILL = "4GiB";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path lakeDir;
    private final Path stagingDir;
    private final DuckDBConnection root;
    private final AtomicLong tables = new AtomicLong();

    ParquetFiles(Path lakeDir) {
        this.lakeDir = lakeDir;
        this.stagingDir = lakeDir.resolve(".staging");
        try {
            Files.createDirectories(stagingDir);
            root = (DuckDBConnection) DuckDbs.inMemory(false, stagingDir.resolve("duckdb-tmp"));
            try (Statement s = root.createStatement()) {
                // one thread: a commit then runs on its caller alone. With two, the caller spent much of its time handing
                // out and waiting for the worker's tasks, and the write took 1.3 times the CPU per event (measured on
                // 10,000-event batches); ingest has other stages to keep the second core busy
                s.execute("SET threads = 1");
                s.execute("SET memory_limit = '128MB'");
                s.execute("SET preserve_insertion_order = false");
                // the lake's files are local (the OS caches them), and every commit adds a new one: DuckDB's cache of
                // external files keeps an entry for each file it ever read, so a long-lived writer grew by each commit
                s.execute("SET enable_external_file_cache = false");
                // DuckDB's default, 90% of the disk space free when it first spills, is then fixed for good: a first
                // spill on a nearly full disk would leave every later large batch failing, even once space returns
                s.execute("SET max_temp_directory_size = '" + MAX_SPILL + "'");
            }
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot prepare the lake at " + lakeDir + ": " + e.getMessage(), e);
        }
    }

    Path lakeDir() { return lakeDir; }

    /** Starts a batch of {@code stream}'s events in the writer's memory. */
    Staged stage(StreamKey stream) {
        requireSafe(stream.tenantId());
        requireSafe(stream.integrationId());
        try {
            return new Staged(stream, (DuckDBConnection) root.duplicate());
        } catch (SQLException e) {
            throw new StoreException("cannot stage events of " + stream + ": " + e.getMessage(), e);
        }
    }

    /**
     * A batch being built: its events go into staging tables of the writer's DuckDB (one per day) as they
     * are added, so the batch does not wait in the Java heap; {@link #write} then turns each day into a
     * file in its final place. Confined to one thread (DuckDB's appender is).
     */
    final class Staged implements AutoCloseable {
        private final StreamKey stream;
        private final DuckDBConnection c;
        private final Map<Long, Day> days = new TreeMap<>();
        private int rows;

        /** One day's staging table and its appender, with the day's event count and time range. */
        private static final class Day {
            final String table;
            DuckDBAppender appender;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            int rows;

            Day(String table) {
                this.table = table;
            }
        }

        private Staged(StreamKey stream, DuckDBConnection c) {
            this.stream = stream;
            this.c = c;
        }

        int rows() { return rows; }

        /** The newest event time added, in epoch seconds; null before the first. */
        Long newestSecond() {
            return days.values().stream().map(d -> d.max).max(Long::compare).orElse(null);
        }

        void add(List<EmailEvent> events) {
            try {
                for (EmailEvent e : events) {
                    long second = e.time().getEpochSecond();
                    long epochDay = Math.floorDiv(second, 86_400L);
                    Day day = days.get(epochDay);
                    if (day == null) day = open(epochDay);
                    appendRow(day.appender, stream, e);
                    day.min = Math.min(day.min, second);
                    day.max = Math.max(day.max, second);
                    day.rows++;
                    rows++;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot stage events of " + stream + ": " + e.getMessage(), e);
            }
        }

        private Day open(long epochDay) throws SQLException {
            Day day = new Day("staging_" + tables.incrementAndGet());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + day.table + " (" + STAGED_DDL + ")");
            }
            days.put(epochDay, day);
            day.appender = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, day.table);
            return day;
        }

        /** Writes each day's events as a file in its final place; returns them for the catalog. */
        List<LakeFile> write() {
            List<LakeFile> files = new ArrayList<>();
            try {
                for (Map.Entry<Long, Day> day : days.entrySet()) {
                    files.add(writeDay(java.time.LocalDate.ofEpochDay(day.getKey()).toString(), day.getValue()));
                }
            } catch (SQLException | IOException e) {
                // the batch's files of other days, already in place, are not registered: they would only take space
                for (LakeFile f : files) deleteQuietly(lakeDir.resolve(f.path()));
                throw new StoreException("cannot write events of " + stream + " to the lake: " + e.getMessage(), e);
            }
            return files;
        }

        private LakeFile writeDay(String dayText, Day day) throws SQLException, IOException {
            String relative = "email_events/tenant_id=" + stream.tenantId() + "/log_type=" + stream.logType().id()
                    + "/day=" + dayText + "/part-" + UUID.randomUUID() + ".parquet";
            Path target = lakeDir.resolve(relative);
            Path staged = stagingDir.resolve(UUID.randomUUID() + ".parquet");
            try {
                day.appender.close();
                try (Statement s = c.createStatement()) {
                    s.execute("COPY (SELECT " + selectWithStreamColumns(stream) + " FROM " + day.table + ") TO "
                            + DuckDbs.literal(staged.toString())
                            + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ROW_GROUP_BYTES + ")");
                }
                Files.createDirectories(target.getParent());
                fsync(staged);
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteQuietly(staged); // gone after the move; after a failure, a partial file taking space
            }
            fsyncDirectory(target.getParent());
            return new LakeFile(relative, stream.tenantId(), stream.integrationId(), stream.logType(), dayText, day.min,
                    day.max, day.rows, Files.size(target));
        }

        /**
         * Drops the staging tables, written or not: a table left behind would hold its events in the writer's
         * bounded memory, and enough of them would make every later write fail (also after a failed write, such
         * as on a full disk).
         */
        @Override
        public void close() {
            for (Day day : days.values()) {
                try {
                    if (day.appender != null && !day.appender.isClosed()) day.appender.close();
                } catch (SQLException ignored) {
                    // the table goes next anyway
                }
                dropQuietly(c, day.table);
            }
            days.clear();
            try {
                c.close();
            } catch (SQLException ignored) {
                // a duplicate connection of the in-memory writer: nothing to lose
            }
        }
    }

    /**
     * Appends one event to a staging table. Every value crossing into DuckDB costs a native call, and the
     * write path is ingest's costliest stage, so what is the same for the whole batch (the stream's tenant,
     * integration and log type) is not appended row by row but written once as constants of the COPY, and
     * times go in as epoch microseconds.
     */
    private static void appendRow(DuckDBAppender a, StreamKey stream, EmailEvent e) throws SQLException {
        if (!e.tenantId().equals(stream.tenantId()) || !e.integrationId().equals(stream.integrationId())
                || e.logType() != stream.logType()) {
            throw new IllegalArgumentException("an event of " + e.tenantId() + "/" + e.integrationId() + "/"
                    + e.logType().id() + " in a batch of " + stream);
        }
        a.beginRow();
        a.append(e.eventUid());
        a.appendEpochMicros(micros(e.time()));
        a.appendEpochMicros(micros(e.ingestedAt()));
        a.append(e.classUid());
        a.append(e.activityId());
        a.append(e.actionId());
        a.append(e.dispositionId());
        a.append(e.severityId());
        a.append(e.direction().id());
        text(a, e.sender());
        text(a, e.recipient());
        text(a, e.subject());
        text(a, e.messageId());
        text(a, e.url());
        text(a, e.fileName());
        text(a, e.fileType());
        text(a, e.fileSha256());
        text(a, e.srcIp());
        text(a, e.verdict());
        text(a, e.action());
        text(a, e.policy());
        a.append(e.raw());
        a.endRow();
    }

    private static long micros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /** The columns a batch's stream fixes, written as constants of the COPY rather than appended per row. */
    private static final List<String> STREAM_COLUMNS = List.of("tenant_id", "integration_id", "log_type");

    /** The staging table: every stored column but {@link #STREAM_COLUMNS}, in file order. */
    private static final String STAGED_DDL = LakeSchema.COLUMNS.stream().filter(col -> !STREAM_COLUMNS.contains(col.name()))
            .map(col -> col.name() + " " + col.type()).collect(Collectors.joining(", "));

    /** The stored columns in file order, those of {@link #STREAM_COLUMNS} as the stream's values. */
    private static String selectWithStreamColumns(StreamKey stream) {
        return LakeSchema.COLUMNS.stream().map(col -> switch (col.name()) {
            case "tenant_id" -> DuckDbs.literal(stream.tenantId()) + " AS tenant_id";
            case "integration_id" -> DuckDbs.literal(stream.integrationId()) + " AS integration_id";
            case "log_type" -> DuckDbs.literal(stream.logType().id()) + " AS log_type";
            default -> col.name();
        }).collect(Collectors.joining(", "));
    }

    private static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) a.appendNull();
        else a.append(value);
    }

    /** Uids of the events in {@code files} whose time lies in {@code [fromSec, toSec]}. */
    UidSet uids(List<LakeFile> files, long fromSec, long toSec) {
        UidSet set = new UidSet();
        if (files.isEmpty()) return set;
        String list = files.stream().map(f -> DuckDbs.literal(lakeDir.resolve(f.path()).toString())).collect(Collectors.joining(", "));
        try (Connection c = root.duplicate(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_uid FROM read_parquet([" + list + "]) WHERE time BETWEEN "
                     + "make_timestamp(" + fromSec * 1_000_000L + ") AND make_timestamp(" + toSec * 1_000_000L + ")")) {
            while (rs.next()) set.add(rs.getString(1));
        } catch (SQLException e) {
            throw new StoreException("cannot read event ids from the lake: " + e.getMessage(), e);
        }
        return set;
    }

    /** Merges {@code files} (one stream, one day) into one sorted file in its final place. */
    LakeFile merge(List<LakeFile> files) {
        LakeFile first = files.get(0);
        String relative = "email_events/tenant_id=" + first.tenantId() + "/log_type=" + first.logType().id()
                + "/day=" + first.day() + "/part-" + UUID.randomUUID() + ".parquet";
        Path target = lakeDir.resolve(relative);
        Path staged = stagingDir.resolve(UUID.randomUUID() + ".parquet");
        String list = files.stream().map(f -> DuckDbs.literal(lakeDir.resolve(f.path()).toString())).collect(Collectors.joining(", "));
        try (Connection c = root.duplicate(); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT " + LakeSchema.names() + " FROM read_parquet([" + list + "]) ORDER BY recipient, time) TO "
                    + DuckDbs.literal(staged.toString()) + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ROW_GROUP_BYTES + ")");
            fsync(staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(target.getParent());
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot compact lake files: " + e.getMessage(), e);
        } finally {
            deleteQuietly(staged);
        }
        long rows = files.stream().mapToLong(LakeFile::rows).sum();
        long min = files.stream().mapToLong(LakeFile::minTimeSeconds).min().orElseThrow();
        long max = files.stream().mapToLong(LakeFile::maxTimeSeconds).max().orElseThrow();
        try {
            return new LakeFile(relative, first.tenantId(), first.integrationId(), first.logType(), first.day(), min, max,
                    rows, Files.size(target));
        } catch (IOException e) {
            throw new StoreException("cannot read the size of " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the events of {@code files} within {@code [from, to)} to hive-partitioned Parquet under {@code target}
     * ({@code tenant_id=/log_type=/day=/events-<uuid>.parquet}), one partition at a time, streaming and unsorted, so
     * memory stays bounded however large the export. (Sorting a day by recipient, or DuckDB's PARTITION_BY writer,
     * which buffers every open partition, ran out of the lake's 128 MB on a few hundred thousand events.)
     */
    long export(List<LakeFile> files, Path target, java.time.Instant from, java.time.Instant to, boolean withOcsf) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (from != null) where.append(" AND time >= make_timestamp(").append(from.getEpochSecond() * 1_000_000L).append(")");
        if (to != null) where.append(" AND time < make_timestamp(").append(to.getEpochSecond() * 1_000_000L).append(")");
        // the partition columns stay in the files too, so readers that ignore hive paths still see them
        String columns = (withOcsf ? LakeSchema.namesWithOcsf(LakeSchema.OCSF_EXPRESSION) : LakeSchema.names())
                + ", CAST(time AS DATE) AS day";
        // a lake file holds one tenant, log type and day (the UTC day of its events' time)
        Map<String, List<LakeFile>> partitions = new TreeMap<>();
        for (LakeFile f : files) {
            if (from != null && f.maxTimeSeconds() < from.getEpochSecond() || to != null && f.minTimeSeconds() >= to.getEpochSecond()) continue;
            partitions.computeIfAbsent("tenant_id=" + f.tenantId() + "/log_type=" + f.logType().id() + "/day=" + f.day(),
                    k -> new ArrayList<>()).add(f);
        }
        long rows = 0;
        try (Connection c = root.duplicate(); Statement s = c.createStatement()) {
            if (withOcsf) QueryEngine.registerOcsf(c);
            for (Map.Entry<String, List<LakeFile>> partition : partitions.entrySet()) {
                String list = partition.getValue().stream().map(f -> DuckDbs.literal(lakeDir.resolve(f.path()).toString()))
                        .collect(Collectors.joining(", "));
                Path file = target.resolve(partition.getKey()).resolve("events-" + UUID.randomUUID() + ".parquet");
                Files.createDirectories(file.getParent());
                // COPY answers how many rows it wrote; a partition the time range leaves empty is not kept
                long n = s.executeUpdate("COPY (SELECT " + columns + " FROM read_parquet([" + list + "])" + where + ") TO "
                        + DuckDbs.literal(file.toString()) + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ROW_GROUP_BYTES + ")");
                if (n == 0) {
                    Files.delete(file);
                    for (Path dir = file.getParent(); !dir.equals(target) && isEmptyDirectory(dir); dir = dir.getParent()) Files.delete(dir);
                }
                rows += n;
            }
            return rows;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot export the lake to " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** On a statement of its own: DuckDB closes a statement whose query failed. */
    private static void dropQuietly(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException ignored) {
            // the write's own failure is the one to report
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more can be done here; EmbeddedLake.collectDebris removes unregistered lake files later
        }
    }

    private static void requireSafe(String id) {
        if (!SAFE_ID.matcher(id).matches()) throw new IllegalArgumentException("unsafe id for a lake path: " + id);
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system can sync a directory; the rename itself is atomic
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException ignored) {
            // closing an in-memory database cannot lose anything
        }
    }
}
