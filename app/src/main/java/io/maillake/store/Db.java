package io.maillake.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One embedded SQLite database file, shared safely by the threads of a process (one connection
 * behind a lock) and by several processes (WAL journal, busy timeout, {@code BEGIN IMMEDIATE}
 * write transactions). Commits are synchronous: a committed transaction survives a crash.
 */
public final class Db implements AutoCloseable {
    /** How long a writer waits for another process's transaction; commits are short, so this is ample. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Db(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the database and applies the migrations under {@code migrations}
     * (a classpath folder of {@code V<n>__<name>.sql} files).
     */
    public static Db open(Path file, String migrations) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = FULL");
                    s.execute("PRAGMA foreign_keys = ON");
                }
                c.setAutoCommit(true);
                Db db = new Db(file, c);
                db.transaction(conn -> {
                    Migrations.apply(conn, migrations);
                    return null;
                });
                return db;
            } catch (SQLException | RuntimeException e) {
                c.close(); // a failed open (read-only or full disk) must not keep the file open
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage() + whyNotWritable(file), e);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
    }

    /** SQLite says only "unable to open database file" when it cannot write beside the file: say why, if we can tell. */
    private static String whyNotWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (Files.getFileStore(dir).isReadOnly()) return "; the file system of " + dir + " is mounted read-only";
            if (!Files.isWritable(dir)) return "; " + dir + " is not writable";
        } catch (IOException unknown) {
            // no hint then; SQLite's own message stands
        }
        return "";
    }

    public Path file() { return file; }

    /** Work on the connection, outside any transaction (autocommit); for reads. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("query on " + file.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}, so it takes the write lock
     * at once and cannot fail on upgrade); commits if it returns, rolls back if it throws.
     */
    public <T> T transaction(SqlWork<T> work) {
        lock.lock();
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            boolean committed = false;
            try {
                T result = work.run(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the original failure matters more; SQLite has already rolled back on most errors
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("transaction on " + file.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing twice or after a failure: nothing left to release
        } finally {
            lock.unlock();
        }
    }

    /** Work done with the connection; may throw SQL errors, which become {@link StoreException}s. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
