package dev.pgmcp.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What pgmcp's backends are doing on the server, from {@code pg_stat_activity}: for tests that prove a
 * statement really stopped (cancellation, timeouts), not just that the client gave up.
 */
public final class Backends {

    /**
     * Allowed by the validator, and runs until stopped: the statement cancellation tests stop it. An
     * unbounded recursion, which the planner estimates at a few cost units, so the cost budget lets it
     * run (only the statement timeout bounds it).
     */
    public static final String LONG_QUERY =
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

    /**
     * A condition on {@code pg_stat_activity.query} that matches a statement as pgmcp runs it: alone,
     * or capped, on lines of its own inside the {@code LIMIT} around it. It binds the text twice.
     */
    public static final String RUNS = "(query = ? OR strpos(query, chr(10) || ? || chr(10)) > 0)";

    private Backends() {
    }

    /**
     * @param url a JDBC URL of the database to look at (an admin connection is opened to it)
     * @param sql the exact statement text
     * @return how many pgmcp backends ({@code application_name = 'pgmcp'}) of that database are running it now
     */
    public static int running(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND application_name = 'pgmcp' AND state = 'active' "
                     + "AND " + RUNS)) {
            ps.setString(1, sql);
            ps.setString(2, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Waits until {@code expected} pgmcp backends run {@code sql}.
     *
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    public static void awaitRunning(String url, String sql, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(url, sql) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " backend(s) running " + sql + ", saw "
                        + running(url, sql));
            }
            Thread.sleep(50);
        }
    }
}
