package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PgMcpHttpServer#close()} with a tool call still running when the drain time is over: the
 * call's statement is cancelled in PostgreSQL (verified in {@code pg_stat_activity}) and the client
 * gets an answer saying the server is shutting down, before Jetty stops.
 */
class ShutdownCancelTest {

    private static final long DRAIN_MS = 500;

    @Test
    void callsStillRunningAfterTheDrainAreCancelledAndAnswered() throws Exception {
        String url = TestPostgres.freshDatabase("http_shutdown");
        try (PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).build()).discoverTools(false).build()) {
            PgMcpHttpServer server = PgMcpHttpServer.builder(engine)
                    .settings(HttpTesting.settings().shutdownTimeout(Duration.ofMillis(DRAIN_MS)).build()).start();
            McpSyncClient client = HttpTesting.client(server.uri(), null);
            try {
                CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> client.callTool(
                        new McpSchema.CallToolRequest("execute_query", Map.of("sql", Backends.LONG_QUERY))));
                Backends.awaitRunning(url, Backends.LONG_QUERY, 1, Duration.ofSeconds(10));

                long start = System.nanoTime();
                server.close();
                long closeMs = (System.nanoTime() - start) / 1_000_000;

                Backends.awaitRunning(url, Backends.LONG_QUERY, 0, Duration.ofSeconds(2));
                McpSchema.CallToolResult r = call.get(10, TimeUnit.SECONDS);
                assertTrue(r.isError(), HttpTesting.text(r));
                assertTrue(HttpTesting.text(r).startsWith("Server shutting down: this call was cancelled"), HttpTesting.text(r));
                assertTrue(closeMs < DRAIN_MS + 3_000, "closed promptly: " + closeMs + " ms");
            } finally {
                client.close();
            }
        }
    }
}
