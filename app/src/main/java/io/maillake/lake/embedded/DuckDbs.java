package io.maillake.lake.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens in-memory DuckDB databases configured for a machine without internet: no extension downloads. */
final class DuckDbs {
    private DuckDbs() { }

    /**
     * @param streamResults fetch results lazily (for queries whose size is unknown)
     * @param spillDir      where the database spills what outgrows its memory: DuckDB's default is {@code .tmp} in
     *                      the working directory, wherever the user started maillake, and it leaves a file there at once
     */
    static Connection inMemory(boolean streamResults, Path spillDir) throws SQLException {
        Properties p = new Properties();
        p.setProperty("temp_directory", spillDir.toString());
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
