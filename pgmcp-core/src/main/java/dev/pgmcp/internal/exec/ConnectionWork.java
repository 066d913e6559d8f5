package dev.pgmcp.internal.exec;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a connection inside a READ ONLY transaction that is rolled back afterwards.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ConnectionWork<T> {
    /** @param connection a connection in a READ ONLY transaction with pgmcp's timeouts set; do not commit or close it */
    T run(Connection connection) throws SQLException;
}
