package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PgMcp#cancel}: a call's running statement is stopped on the server (verified in
 * {@code pg_stat_activity}), the call answers that it was cancelled, and the engine keeps serving.
 */
class CancelTest {

    /** Allowed by the validator, and runs for minutes. */
    static final String LONG_QUERY = Backends.LONG_QUERY;

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("cancel");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).statementTimeout(Duration.ofMinutes(5)).build())
                .discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static int running(String sql) throws SQLException {
        return Backends.running(url, sql);
    }

    /** Waits (at most {@code seconds}) until {@code expected} pgmcp backends run {@code sql}. */
    static void awaitRunning(String sql, int expected, int seconds) throws Exception {
        Backends.awaitRunning(url, sql, expected, java.time.Duration.ofSeconds(seconds));
    }

    static CompletableFuture<ToolResult> callAsync(String sql, Object key) {
        return CompletableFuture.supplyAsync(() -> pgmcp.callTool("execute_query", Map.of("sql", sql),
                new CallInfo(Principal.LOCAL, key)));
    }

    @Test
    void cancelStopsTheRunningStatement() throws Exception {
        CompletableFuture<ToolResult> call = callAsync(LONG_QUERY, "session-a:7");
        awaitRunning(LONG_QUERY, 1, 10);
        assertFalse(pgmcp.cancel("session-a:8"), "another key");
        assertFalse(pgmcp.cancel(null));
        assertTrue(pgmcp.cancel("session-a:7"));

        ToolResult r = call.get(10, TimeUnit.SECONDS);
        assertTrue(r.error(), r.text());
        assertEquals(ToolCalls.CANCELLED, r.text());
        awaitRunning(LONG_QUERY, 0, 3);
        assertFalse(pgmcp.cancel("session-a:7"), "finished calls are forgotten");

        // The engine and its pool keep serving; the key can be used again.
        ToolResult next = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 41 + 1 AS n"), new CallInfo(Principal.LOCAL, "session-a:7"));
        assertFalse(next.error(), next.text());
        assertEquals(List.of(List.of(42)), next.structuredContent().get("rows"));
    }

    @Test
    void onlyTheCancelledCallStops() throws Exception {
        String other = LONG_QUERY + " WHERE n > 0";
        CompletableFuture<ToolResult> victim = callAsync(LONG_QUERY, 1);
        CompletableFuture<ToolResult> bystander = callAsync(other, 2);
        awaitRunning(LONG_QUERY, 1, 10);
        awaitRunning(other, 1, 10);
        assertTrue(pgmcp.cancel(1));
        assertEquals(ToolCalls.CANCELLED, victim.get(10, TimeUnit.SECONDS).text());
        awaitRunning(LONG_QUERY, 0, 3);
        assertEquals(1, running(other), "the other call's statement still runs");
        assertFalse(bystander.isDone());
        assertTrue(pgmcp.cancel(2));
        assertEquals(ToolCalls.CANCELLED, bystander.get(10, TimeUnit.SECONDS).text());
        awaitRunning(other, 0, 3);
    }

    @Test
    void statementTimeoutIsNotReportedAsACancel() {
        try (PgMcp fast = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMillis(300)).build()).discoverTools(false).build()) {
            ToolResult r = fast.callTool("execute_query", Map.of("sql", LONG_QUERY), new CallInfo(Principal.LOCAL, "k"));
            assertTrue(r.error());
            assertTrue(r.text().startsWith("ERROR 57014: canceling statement due to statement timeout"), r.text());
        }
    }
}
