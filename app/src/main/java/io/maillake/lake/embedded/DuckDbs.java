package io.maillake.lake.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens in-memory DuckDB databases configured for a machine without internet: no extension downloads. */
final class DuckDbs {
    private DuckDbs() { }

    /**
     * @param streamResults fetch results lazily (for queries whose size is unknown)
     */
    static Connection inMemory(boolean streamResults) throws SQLException {
        Properties p = new Properties();
        // json, parquet and icu are statically linked; nothing else may be fetched or loaded.
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        if (streamResults) p.setProperty("jdbc_stream_results", "true");
        return DriverManager.getConnection("jdbc:duckdb:", p);
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
