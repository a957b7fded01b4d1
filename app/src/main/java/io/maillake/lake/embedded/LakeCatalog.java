package io.maillake.lake.embedded;

import io.maillake.domain.StreamCursor;
import io.maillake.domain.StreamKey;
import io.maillake.lake.CursorCodec;
import io.maillake.lake.CursorConflictException;
import io.maillake.lake.LakeFile;
import io.maillake.mimecast.LogType;
import io.maillake.store.Db;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded lake's catalog, an SQLite file beside the Parquet files: the list of live files and
 * each stream's cursor. Several processes may use it at once (the collector, the CLI, the console).
 */
final class LakeCatalog implements AutoCloseable {
    private final Db db;

    LakeCatalog(Path file) {
        this.db = Db.open(file, "db/catalog");
    }

    StreamCursor cursor(StreamKey stream) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT cursor, version FROM stream_cursors WHERE integration_id = ? AND log_type = ?")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? CursorCodec.decode(rs.getString(1), rs.getLong(2)) : StreamCursor.INITIAL;
                }
            }
        });
    }

    /**
     * The commit: registers the batch's files and moves the stream's cursor, in one transaction,
     * provided the cursor is still at {@code expectedVersion}.
     */
    StreamCursor commit(StreamKey stream, List<LakeFile> files, long expectedVersion, StreamCursor next,
                        long events, Instant lastEventTime, long nowMillis) {
        return db.transaction(c -> {
            long current = 0;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version FROM stream_cursors WHERE integration_id = ? AND log_type = ?")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) current = rs.getLong(1);
                }
            }
            if (current != expectedVersion) {
                throw new CursorConflictException("stream " + stream + " is at cursor version " + current
                        + ", not " + expectedVersion + ": another process is collecting it");
            }
            insertFiles(c, files, nowMillis);
            long version = expectedVersion + 1;
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO stream_cursors (integration_id, log_type, tenant_id, cursor, version, events, last_event_time, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (integration_id, log_type) DO UPDATE SET cursor = excluded.cursor, version = excluded.version,
                        events = stream_cursors.events + excluded.events,
                        last_event_time = MAX(COALESCE(stream_cursors.last_event_time, 0), COALESCE(excluded.last_event_time, 0)),
                        updated_at = excluded.updated_at""")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                p.setString(3, stream.tenantId());
                p.setString(4, CursorCodec.encode(next));
                p.setLong(5, version);
                p.setLong(6, events);
                if (lastEventTime == null) p.setNull(7, java.sql.Types.INTEGER);
                else p.setLong(7, lastEventTime.getEpochSecond());
                p.setLong(8, nowMillis);
                p.executeUpdate();
            }
            if (!files.isEmpty()) bumpGeneration(c);
            return new StreamCursor(next.leadTo(), next.matureTo(), next.active(), version);
        });
    }

    /** Replaces {@code old} files by {@code merged} atomically (compaction); false if one of them was already replaced. */
    boolean replace(Collection<String> old, LakeFile merged, long nowMillis) {
        return db.transaction(c -> {
            // BEGIN IMMEDIATE holds the write lock, so checking first and then retiring cannot race.
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM lake_files WHERE path = ? AND retired_at IS NULL")) {
                for (String path : old) {
                    p.setString(1, path);
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next() || rs.getLong(1) != 1) return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE lake_files SET retired_at = ? WHERE path = ?")) {
                for (String path : old) {
                    p.setLong(1, nowMillis);
                    p.setString(2, path);
                    p.executeUpdate();
                }
            }
            insertFiles(c, List.of(merged), nowMillis);
            bumpGeneration(c);
            return true;
        });
    }

    private static void insertFiles(Connection c, List<LakeFile> files, long nowMillis) throws SQLException {
        if (files.isEmpty()) return;
        long seq;
        try (PreparedStatement p = c.prepareStatement("UPDATE file_sequence SET last = last + ? WHERE id = 1 RETURNING last")) {
            p.setLong(1, files.size());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) - files.size();
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO lake_files (path, tenant_id, integration_id, log_type, day, min_time, max_time, row_count, byte_count, committed_at, seq) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LakeFile f : files) {
                p.setLong(11, ++seq);
                p.setString(1, f.path());
                p.setString(2, f.tenantId());
                p.setString(3, f.integrationId());
                p.setString(4, f.logType().id());
                p.setString(5, f.day());
                p.setLong(6, f.minTimeSeconds());
                p.setLong(7, f.maxTimeSeconds());
                p.setLong(8, f.rows());
                p.setLong(9, f.bytes());
                p.setLong(10, nowMillis);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void bumpGeneration(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1")) {
            p.executeUpdate();
        }
    }

    long generation() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT generation FROM catalog_generation WHERE id = 1");
                 ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Live files of the given tenants (all tenants when {@code tenants} is null). */
    List<LakeFile> liveFiles(Set<String> tenants) {
        return liveFiles(tenants, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Live files of the given tenants whose sequence number lies in {@code (afterSeq, upToSeq]} and that may hold
     * events of the seconds {@code [fromSecond, toSecond]}.
     */
    List<LakeFile> liveFiles(Set<String> tenants, long afterSeq, long upToSeq, long fromSecond, long toSecond) {
        return db.read(c -> {
            List<LakeFile> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT path, tenant_id, integration_id, log_type, day, min_time, max_time, row_count, byte_count "
                    + "FROM lake_files WHERE retired_at IS NULL AND seq > ? AND seq <= ? AND max_time >= ? AND min_time <= ? "
                    + "ORDER BY path")) {
                p.setLong(1, afterSeq);
                p.setLong(2, upToSeq);
                p.setLong(3, fromSecond);
                p.setLong(4, toSecond);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        LakeFile f = file(rs);
                        if (tenants == null || tenants.contains(f.tenantId())) out.add(f);
                    }
                }
            }
            return out;
        });
    }

    /** The sequence number of the newest registered file (0 before the first). */
    long lastFileSequence() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT last FROM file_sequence WHERE id = 1"); ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Live files of one stream whose time range meets {@code [fromSec, toSec]}. */
    List<LakeFile> streamFiles(StreamKey stream, long fromSec, long toSec) {
        return db.read(c -> {
            List<LakeFile> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT path, tenant_id, integration_id, log_type, day, min_time, max_time, row_count, byte_count "
                    + "FROM lake_files WHERE integration_id = ? AND log_type = ? AND retired_at IS NULL "
                    + "AND max_time >= ? AND min_time <= ? ORDER BY path")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                p.setLong(3, fromSec);
                p.setLong(4, toSec);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(file(rs));
                }
            }
            return out;
        });
    }

    /** Every path the catalog knows, live or retired: files on disk outside this set are debris of a crash. */
    Set<String> knownPaths() {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT path FROM lake_files"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** Retired files whose grace period is over; removes them from the catalog (the caller deletes them). */
    List<String> takeExpiredRetired(long retiredBeforeMillis) {
        return db.transaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT path FROM lake_files WHERE retired_at IS NOT NULL AND retired_at < ?")) {
                p.setLong(1, retiredBeforeMillis);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM lake_files WHERE retired_at IS NOT NULL AND retired_at < ?")) {
                p.setLong(1, retiredBeforeMillis);
                p.executeUpdate();
            }
            return out;
        });
    }

    /**
     * Small live files grouped for compaction: within one (integration, log type, day), runs of files
     * below {@code targetRows} rows, packed so each group holds at most {@code targetRows} rows,
     * kept when they have at least {@code minFiles} files. Bounding a merge bounds its memory.
     */
    List<List<LakeFile>> compactionGroups(int minFiles, long targetRows) {
        List<LakeFile> all = new ArrayList<>(liveFiles(null));
        all.removeIf(f -> f.rows() >= targetRows / 2);
        all.sort((a, b) -> (a.integrationId() + a.logType() + a.day() + a.path()).compareTo(b.integrationId() + b.logType() + b.day() + b.path()));
        List<List<LakeFile>> groups = new ArrayList<>();
        List<LakeFile> current = new ArrayList<>();
        long rows = 0;
        for (LakeFile f : all) {
            if (!current.isEmpty() && (!sameGroup(current.get(0), f) || rows + f.rows() > targetRows)) {
                if (current.size() >= minFiles) groups.add(current);
                current = new ArrayList<>();
                rows = 0;
            }
            current.add(f);
            rows += f.rows();
        }
        if (current.size() >= minFiles) groups.add(current);
        return groups;
    }

    private static boolean sameGroup(LakeFile a, LakeFile b) {
        return a.integrationId().equals(b.integrationId()) && a.logType() == b.logType() && a.day().equals(b.day());
    }

    /** Removes an integration's cursors and returns its files' paths (the caller deletes them). */
    List<String> forgetIntegration(String integrationId) {
        return db.transaction(c -> {
            List<String> paths = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT path FROM lake_files WHERE integration_id = ?")) {
                p.setString(1, integrationId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) paths.add(rs.getString(1));
                }
            }
            for (String sql : new String[] {"DELETE FROM lake_files WHERE integration_id = ?", "DELETE FROM stream_cursors WHERE integration_id = ?"}) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setString(1, integrationId);
                    p.executeUpdate();
                }
            }
            bumpGeneration(c);
            return paths;
        });
    }

    /** Per stream: events landed, the newest event time (epoch seconds) and the cursor's lead, for status pages. */
    record StreamTotals(long events, Long lastEventTime, Instant leadTo) { }

    StreamTotals totals(StreamKey stream) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT events, last_event_time, cursor, version FROM stream_cursors WHERE integration_id = ? AND log_type = ?")) {
                p.setString(1, stream.integrationId());
                p.setString(2, stream.logType().id());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) return new StreamTotals(0, null, null);
                    long last = rs.getLong(2);
                    Long lastEventTime = rs.wasNull() ? null : last;
                    return new StreamTotals(rs.getLong(1), lastEventTime, CursorCodec.decode(rs.getString(3), rs.getLong(4)).leadTo());
                }
            }
        });
    }

    private static LakeFile file(ResultSet rs) throws SQLException {
        return new LakeFile(rs.getString(1), rs.getString(2), rs.getString(3), LogType.fromId(rs.getString(4)).orElseThrow(),
                rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
    }

    @Override
    public void close() {
        db.close();
    }
}
