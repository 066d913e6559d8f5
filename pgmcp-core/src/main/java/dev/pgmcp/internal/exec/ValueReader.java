package dev.pgmcp.internal.exec;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as a JSON-ready Java value (chosen once per column, not per row). */
@FunctionalInterface
interface ValueReader {
    /**
     * @param rs    positioned on a row
     * @param index the 1-based column index
     * @return the value, or {@code null} for SQL NULL
     */
    Object read(ResultSet rs, int index) throws SQLException;
}
