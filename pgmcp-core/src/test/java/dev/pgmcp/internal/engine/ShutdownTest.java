package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutting the engine down with calls in flight: {@link PgMcp#close()} (and {@link PgMcp#stopCalls()},
 * which transports call first) stops their statements on the server (verified in
 * {@code pg_stat_activity}: PostgreSQL would otherwise run them on after the pool dropped their
 * connections) and the calls answer that the server is shutting down; later calls do not run.
 */
class ShutdownTest {

    private static final String LONG_QUERY = Backends.LONG_QUERY;

    private static PgMcp engine(String url) {
        return PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).build()).discoverTools(false).build();
    }

    private static CompletableFuture<ToolResult> callAsync(PgMcp engine) {
        return CompletableFuture.supplyAsync(() -> engine.callTool("execute_query", Map.of("sql", LONG_QUERY)));
    }

    @Test
    void closeStopsTheStatementsInFlightBeforeClosingThePools() throws Exception {
        String url = TestPostgres.freshDatabase("shutdown_close");
        PgMcp engine = engine(url);
        CompletableFuture<ToolResult> first = callAsync(engine);
        CompletableFuture<ToolResult> second = callAsync(engine);
        Backends.awaitRunning(url, LONG_QUERY, 2, Duration.ofSeconds(10));

        long start = System.nanoTime();
        engine.close();
        long closeMs = (System.nanoTime() - start) / 1_000_000;

        Backends.awaitRunning(url, LONG_QUERY, 0, Duration.ofSeconds(2));
        for (CompletableFuture<ToolResult> call : java.util.List.of(first, second)) {
            ToolResult r = call.get(5, TimeUnit.SECONDS);
            assertTrue(r.error(), r.text());
            assertTrue(r.text().startsWith("Server shutting down: this call was cancelled"), r.text());
        }
        assertTrue(closeMs < 3_000, "close waits for the cancelled calls only: " + closeMs + " ms");
        engine.close(); // idempotent
    }

    @Test
    void stopCallsAnswersTheCallsInFlightAndRefusesLaterOnesWhileThePoolsStayOpen() throws Exception {
        String url = TestPostgres.freshDatabase("shutdown_stop");
        try (PgMcp engine = engine(url)) {
            CompletableFuture<ToolResult> running = callAsync(engine);
            Backends.awaitRunning(url, LONG_QUERY, 1, Duration.ofSeconds(10));

            assertEquals(1, engine.stopCalls());
            ToolResult r = running.get(5, TimeUnit.SECONDS);
            assertEquals(ToolCalls.STOPPED, r.text());
            Backends.awaitRunning(url, LONG_QUERY, 0, Duration.ofSeconds(2));
            assertTrue(engine.awaitCalls(Duration.ofSeconds(1)));

            ToolResult later = engine.callTool("execute_query", Map.of("sql", "SELECT 1"));
            assertTrue(later.error(), later.text());
            assertEquals(ToolCalls.REFUSED_SHUTTING_DOWN, later.text());
            assertEquals(0, engine.stopCalls(), "idempotent");
        }
    }
}
