package io.maillake.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations: classpath files {@code <folder>/V1__init.sql}, {@code V2__...}, applied
 * in order, each once, recorded in {@code schema_migrations}. The caller runs this inside a write
 * transaction, so two processes starting at once cannot both migrate. A database newer than this
 * program (a higher version recorded) is refused rather than misread.
 */
public final class Migrations {
    private Migrations() { }

    public static void apply(Connection c, String folder) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        int current = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            if (rs.next()) current = rs.getInt(1);
        }
        List<String> scripts = list(folder);
        if (current > scripts.size()) {
            throw new StoreException("the database was written by a newer Maillake (schema version " + current
                    + ", this program knows " + scripts.size() + "): upgrade Maillake");
        }
        for (int version = current + 1; version <= scripts.size(); version++) {
            String name = scripts.get(version - 1);
            for (String statement : statements(read(folder + "/" + name))) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))")) {
                p.setInt(1, version);
                p.setString(2, name);
                p.executeUpdate();
            }
        }
    }

    /** Migration files V1.. in order; an index file lists them because a classpath folder cannot be listed inside a jar. */
    private static List<String> list(String folder) {
        List<String> names = new ArrayList<>();
        for (String line : read(folder + "/index.txt").split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) continue;
            String expected = "V" + (names.size() + 1) + "__";
            if (!name.startsWith(expected)) throw new IllegalStateException(folder + "/index.txt: expected " + expected + "..., found " + name);
            names.add(name);
        }
        return names;
    }

    /** Splits a script on semicolons at line ends; our scripts have no triggers or semicolons inside literals. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) continue;
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
