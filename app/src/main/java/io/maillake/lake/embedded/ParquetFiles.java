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

        /**
         * One day's staging tables and their appenders, with the day's event count and time range: the packed table
         * takes nearly every row, the plain one (created when first needed) rows that cannot be packed.
         */
        private static final class Day {
            final String table;
            final String plainTable;
            DuckDBAppender appender;
            DuckDBAppender plain;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            int rows;

            Day(String table) {
                this.table = table;
                this.plainTable = table + "_plain";
            }
        }

        /** Reused for each row's packed text columns; confined to the batch's thread like the appenders. */
        private final StringBuilder packed = new StringBuilder(512);

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
                    checkStream(stream, e);
                    if (pack(packed, e)) {
                        appendPacked(day.appender, packed, e);
                    } else {
                        if (day.plain == null) day.plain = openPlain(day);
                        appendPlain(day.plain, e);
                    }
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
                s.execute("CREATE TABLE " + day.table + " (" + PACKED_DDL + ")");
            }
            days.put(epochDay, day);
            day.appender = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, day.table);
            return day;
        }

        private DuckDBAppender openPlain(Day day) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + day.plainTable + " (" + PLAIN_DDL + ")");
            }
            return c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, day.plainTable);
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
                if (day.plain != null) day.plain.close();
                try (Statement s = c.createStatement()) {
                    s.execute("COPY (" + selectStaged(stream, day.table, day.plain != null ? day.plainTable : null) + ") TO "
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
        private static void closeQuietly(DuckDBAppender a) {
            try {
                if (a != null && !a.isClosed()) a.close();
            } catch (SQLException ignored) {
                // its table goes next anyway
            }
        }

        @Override
        public void close() {
            for (Day day : days.values()) {
                closeQuietly(day.appender);
                closeQuietly(day.plain);
                dropQuietly(c, day.table);
                dropQuietly(c, day.plainTable); // also when its appender could not be made
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
     * Staging is the costliest part of a commit, and within it each text value of 12 bytes or more crossing into
     * DuckDB is a native call of its own. So a row's short text columns travel packed into one value, separated by
     * {@link #SEPARATOR} ({@link #NULL_MARK} for null), and the COPY splits them again; the raw record (long, and
     * stored as it is) goes alone. Measured when this was chosen (StageBench, 200,000 URL events in 10,000-event
     * batches): staging took 3 of the commit's 6 microseconds per event, nearly all in those calls. What is the same
     * for the whole batch (the stream's tenant, integration and log type) is not appended at all but written once as
     * constants of the COPY, and times go in as epoch microseconds.
     */
    static final List<String> PACKED_COLUMNS = List.of("event_uid", "sender", "recipient", "subject", "message_id", "url",
            "file_name", "file_type", "file_sha256", "src_ip", "verdict", "action", "policy");
    static final char SEPARATOR = '\u001f';
    static final char NULL_MARK = '\u001e';

    private static void checkStream(StreamKey stream, EmailEvent e) {
        if (!e.tenantId().equals(stream.tenantId()) || !e.integrationId().equals(stream.integrationId())
                || e.logType() != stream.logType()) {
            throw new IllegalArgumentException("an event of " + e.tenantId() + "/" + e.integrationId() + "/"
                    + e.logType().id() + " in a batch of " + stream);
        }
    }

    /** The text values of {@link #PACKED_COLUMNS}, in that order. */
    private static String[] packedValues(EmailEvent e) {
        return new String[] {e.eventUid(), e.sender(), e.recipient(), e.subject(), e.messageId(), e.url(), e.fileName(),
            e.fileType(), e.fileSha256(), e.srcIp(), e.verdict(), e.action(), e.policy()};
    }

    /** Packs the row's text columns into {@code into}; false when a value holds a separator or the null mark. */
    static boolean pack(StringBuilder into, EmailEvent e) {
        into.setLength(0);
        String[] values = packedValues(e);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) into.append(SEPARATOR);
            String v = values[i];
            if (v == null) {
                into.append(NULL_MARK);
            } else {
                if (v.indexOf(SEPARATOR) >= 0 || v.indexOf(NULL_MARK) >= 0) return false;
                into.append(v);
            }
        }
        return true;
    }

    private static void appendPacked(DuckDBAppender a, CharSequence packed, EmailEvent e) throws SQLException {
        a.beginRow();
        a.append(packed.toString());
        appendScalars(a, e);
        a.append(e.raw());
        a.endRow();
    }

    private static void appendPlain(DuckDBAppender a, EmailEvent e) throws SQLException {
        a.beginRow();
        for (String v : packedValues(e)) text(a, v);
        appendScalars(a, e);
        a.append(e.raw());
        a.endRow();
    }

    /** The columns neither packed nor fixed by the stream, but raw: in {@link #SCALAR_COLUMNS} order. */
    private static void appendScalars(DuckDBAppender a, EmailEvent e) throws SQLException {
        a.appendEpochMicros(micros(e.time()));
        a.appendEpochMicros(micros(e.ingestedAt()));
        a.append(e.classUid());
        a.append(e.activityId());
        a.append(e.actionId());
        a.append(e.dispositionId());
        a.append(e.severityId());
        a.append(e.direction().id());
    }

    private static final List<String> SCALAR_COLUMNS = List.of("time", "ingested_at", "class_uid", "activity_id", "action_id",
            "disposition_id", "severity_id", "direction");

    private static long micros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /** The columns a batch's stream fixes, written as constants of the COPY rather than appended per row. */
    private static final List<String> STREAM_COLUMNS = List.of("tenant_id", "integration_id", "log_type");

    static {
        // every stored column is packed, a scalar, fixed by the stream, or raw
        List<String> covered = new ArrayList<>(PACKED_COLUMNS);
        covered.addAll(SCALAR_COLUMNS);
        covered.addAll(STREAM_COLUMNS);
        covered.add("raw");
        if (!new java.util.HashSet<>(covered).equals(LakeSchema.COLUMNS.stream().map(LakeSchema.Column::name)
                .collect(Collectors.toSet())) || covered.size() != LakeSchema.COLUMNS.size()) {
            throw new IllegalStateException("the staging columns do not match the lake's columns");
        }
    }

    private static String typeOf(String column) {
        return LakeSchema.COLUMNS.stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().type();
    }

    private static String ddl(List<String> columns) {
        return columns.stream().map(col -> col + " " + typeOf(col)).collect(Collectors.joining(", "));
    }

    /** The packed staging table: the packed text, the scalars, raw. */
    private static final String PACKED_DDL = "packed VARCHAR, " + ddl(SCALAR_COLUMNS) + ", raw VARCHAR";

    /** The plain staging table: the packed columns one by one, the scalars, raw. */
    private static final String PLAIN_DDL = ddl(PACKED_COLUMNS) + ", " + ddl(SCALAR_COLUMNS) + ", raw VARCHAR";

    /**
     * The stored columns in file order from the day's staging tables: the packed text split again, those of
     * {@link #STREAM_COLUMNS} as the stream's values.
     */
    private static String selectStaged(StreamKey stream, String packedTable, String plainTable) {
        String fromPacked = "SELECT " + streamColumnsAnd(stream, col -> {
            int i = PACKED_COLUMNS.indexOf(col);
            return i < 0 ? col : "nullif(p[" + (i + 1) + "], chr(30)) AS " + col;
        }) + " FROM (SELECT *, string_split(packed, chr(31)) AS p FROM " + packedTable + ")";
        if (plainTable == null) return fromPacked;
        return fromPacked + " UNION ALL SELECT " + streamColumnsAnd(stream, col -> col) + " FROM " + plainTable;
    }

    private static String streamColumnsAnd(StreamKey stream, java.util.function.UnaryOperator<String> other) {
        return LakeSchema.COLUMNS.stream().map(col -> switch (col.name()) {
            case "tenant_id" -> DuckDbs.literal(stream.tenantId()) + " AS tenant_id";
            case "integration_id" -> DuckDbs.literal(stream.integrationId()) + " AS integration_id";
            case "log_type" -> DuckDbs.literal(stream.logType().id()) + " AS log_type";
            default -> other.apply(col.name());
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
