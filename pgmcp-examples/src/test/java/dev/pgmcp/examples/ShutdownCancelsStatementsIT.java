package dev.pgmcp.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher over stdio stopped while a long statement runs: at end of stdin (after
 * {@code PGMCP_SHUTDOWN_TIMEOUT_MS}) and on SIGTERM (at once) the statement is cancelled in
 * PostgreSQL, the call gets an answer saying the server is shutting down, and the process exits.
 * PostgreSQL goes on running a statement whose client merely disconnected, so pg_stat_activity, read
 * on an admin connection, is what shows whether the work really stopped.
 */
class ShutdownCancelsStatementsIT {

    /** Runs far longer than the test (a cross join of 10^10 rows) and stays within the validator's policy. */
    private static final String LONG_STATEMENT =
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";
    private static final long GRACE_MS = 1000;

    private LauncherDatabase db;

    @BeforeEach
    void database() {
        db = LauncherDatabase.create("launcher_shutdown");
    }

    @AfterEach
    void dropRole() {
        db.close();
    }

    @Test
    void endOfInputCancelsTheRunningStatementAfterTheGracePeriodAndAnswersTheCall() throws Exception {
        try (StdioLauncher launcher = startWithLongStatementRunning()) {
            long eof = System.nanoTime();
            launcher.closeStdin();

            long goneMs = awaitNoActiveStatement(eof, GRACE_MS + 5_000);
            JsonNode answer = launcher.answer(1, Duration.ofSeconds(10));
            assertTrue(launcher.process().waitFor(GRACE_MS + 10_000, TimeUnit.MILLISECONDS),
                    "the process exits:\n" + launcher.log());
            long exitMs = (System.nanoTime() - eof) / 1_000_000;
            System.out.println("end of input: statement gone from pg_stat_activity after " + goneMs
                    + " ms, process exited after " + exitMs + " ms (grace " + GRACE_MS + " ms)");

            assertShuttingDownAnswer(answer, launcher);
            assertEquals(0, launcher.process().exitValue(), launcher.log());
            assertTrue(goneMs >= GRACE_MS - 100, "the grace period is kept: " + goneMs + " ms");
            assertTrue(goneMs <= GRACE_MS + 2_000, "statement gone within 2 s of the grace period: " + goneMs + " ms");
            assertTrue(exitMs <= GRACE_MS + 5_000, "exited promptly: " + exitMs + " ms");
        }
    }

    @Test
    void sigtermCancelsTheRunningStatementAtOnceAndAnswersTheCallBeforeExiting() throws Exception {
        try (StdioLauncher launcher = startWithLongStatementRunning()) {
            long term = System.nanoTime();
            // SIGTERM through the process handle: Process.destroy() sends it too, but then closes this side
            // of the child's stdout and stderr at once, so what the server writes afterwards is lost.
            assertTrue(launcher.process().toHandle().destroy(), "SIGTERM sent");

            long goneMs = awaitNoActiveStatement(term, 5_000);
            assertTrue(launcher.process().waitFor(10, TimeUnit.SECONDS), "the process exits:\n" + launcher.log());
            long exitMs = (System.nanoTime() - term) / 1_000_000;
            // Answered before the process ended (the stdout reader may still be draining the pipe).
            JsonNode answer = launcher.answer(1, Duration.ofSeconds(5));
            System.out.println("SIGTERM: statement gone from pg_stat_activity after " + goneMs
                    + " ms, process exited after " + exitMs + " ms with status " + launcher.process().exitValue());

            assertShuttingDownAnswer(answer, launcher);
            assertEquals(143, launcher.process().exitValue(), "the JVM's status for SIGTERM:\n" + launcher.log());
            assertTrue(goneMs <= 2_000, "statement gone within 2 s: " + goneMs + " ms");
            assertTrue(exitMs <= 5_000, "exited promptly: " + exitMs + " ms");
        }
    }

    /** Starts the launcher on the test database and sends a long statement; returns once it runs in PostgreSQL. */
    private StdioLauncher startWithLongStatementRunning() throws Exception {
        StdioLauncher launcher = StdioLauncher.start(Map.of("PGMCP_AUDIT_LOG", "off",
                "PGMCP_SHUTDOWN_TIMEOUT_MS", String.valueOf(GRACE_MS)), "--url", db.launcherUrl());
        try {
            launcher.initialize(Duration.ofSeconds(60));
            launcher.executeQuery(1, LONG_STATEMENT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (activeStatements() == 0) {
                assertTrue(System.nanoTime() < deadline, "the statement never started:\n" + launcher.log());
                assertTrue(launcher.process().isAlive(), launcher.log());
                Thread.sleep(50);
            }
            return launcher;
        } catch (Exception | AssertionError e) {
            launcher.close();
            throw e;
        }
    }

    /** @return milliseconds from {@code since} until no statement of the role is active, at most {@code limitMs} */
    private long awaitNoActiveStatement(long since, long limitMs) throws SQLException, InterruptedException {
        long deadline = since + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (activeStatements() > 0) {
            assertTrue(System.nanoTime() < deadline, "the statement still runs in PostgreSQL " + limitMs
                    + " ms after the stop");
            Thread.sleep(20);
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    /**
     * @return how many backends of the launcher's role are running the long statement now (only that
     *         one: the launcher's start-up checks run short statements of their own alongside)
     */
    private int activeStatements() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.admin());
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ? "
                     + "AND state = 'active' AND pid <> pg_backend_pid() AND strpos(query, ?) > 0")) {
            s.setString(1, db.role().name());
            s.setString(2, LONG_STATEMENT);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void assertShuttingDownAnswer(JsonNode answer, StdioLauncher launcher) {
        assertTrue(StdioLauncher.isError(answer), answer.toString());
        assertTrue(StdioLauncher.text(answer).startsWith("Server shutting down: this call was cancelled and its "
                + "statement was stopped on the server"), answer.toString());
        assertEquals(List.of(), launcher.stdoutNotJson(), "stdout carries the protocol only");
        assertFalse(launcher.log().contains("\tat "), launcher.log());
    }
}
