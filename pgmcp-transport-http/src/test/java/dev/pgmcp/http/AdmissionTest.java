package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.pgmcp.http.HttpTesting.initializeBody;
import static dev.pgmcp.http.HttpTesting.mcpHeaders;
import static dev.pgmcp.http.HttpTesting.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission control on a real server: the in-flight cap, the session cap, and graceful shutdown that
 * lets a running tool call finish while refusing new requests. A tool that blocks on a latch makes the
 * "in progress" state deterministic (no sleeps, no timing assertions).
 */
class AdmissionTest {

    @Test
    void inFlightCapAnswers503WithRetryAfter() throws Exception {
        Blocking blocking = new Blocking();
        try (PgMcp engine = HttpTesting.engine(blocking);
             PgMcpHttpServer server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().maxInFlight(1).build()).start()) {
            McpSyncClient client = HttpTesting.client(server.uri(), null);
            String session = session(server.port());
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() ->
                    client.callTool(new McpSchema.CallToolRequest("block", Map.of())));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the tool call is running");
            HttpTesting.Raw r = raw(server.port(), "POST", "/mcp", mcpHeaders("Mcp-Session-Id", session),
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
            assertEquals(503, r.status(), r.body());
            assertEquals("1", r.header("Retry-After"));
            blocking.release.countDown();
            assertEquals("done", HttpTesting.text(call.get(30, TimeUnit.SECONDS)));
            client.closeGracefully();
        }
    }

    @Test
    void sessionCapRefusesANewSessionUntilOneIsDeleted() throws Exception {
        try (PgMcp engine = HttpTesting.engine();
             PgMcpHttpServer server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().maxSessions(1).build()).start()) {
            String first = session(server.port());
            HttpTesting.Raw second = raw(server.port(), "POST", "/mcp", mcpHeaders(), initializeBody());
            assertEquals(503, second.status(), second.body());
            assertTrue(second.body().contains("too many open sessions"), second.body());
            assertEquals(200, raw(server.port(), "DELETE", "/mcp", Map.of("Mcp-Session-Id", first), null).status());
            assertEquals(200, raw(server.port(), "POST", "/mcp", mcpHeaders(), initializeBody()).status());
        }
    }

    @Test
    void shutdownDrainsTheRunningCallAndRefusesNewOnes() throws Exception {
        Blocking blocking = new Blocking();
        try (PgMcp engine = HttpTesting.engine(blocking)) {
            PgMcpHttpServer server = PgMcpHttpServer.builder(engine)
                    .settings(HttpTesting.settings().shutdownTimeout(Duration.ofSeconds(60)).build()).start();
            int port = server.port();
            McpSyncClient client = HttpTesting.client(server.uri(), null);
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() ->
                    client.callTool(new McpSchema.CallToolRequest("block", Map.of())));
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            // While draining, Jetty still listens but admits no new MCP request.
            HttpTesting.Raw refused = awaitRefusal(port);
            assertEquals(503, refused.status(), refused.body());
            assertTrue(refused.body().contains("shutting down"), refused.body());
            assertFalse(closing.isDone(), "close waits for the running call");
            blocking.release.countDown();
            McpSchema.CallToolResult r = call.get(30, TimeUnit.SECONDS);
            assertFalse(Boolean.TRUE.equals(r.isError()));
            assertEquals("done", HttpTesting.text(r), "the in-flight call completed during shutdown");
            closing.get(60, TimeUnit.SECONDS);
            assertThrows(ConnectException.class, () -> raw(port, "GET", "/health", Map.of(), null));
        }
    }

    /** Polls until the server starts refusing (draining begins on another thread). Bounded; no timing assertion. */
    private static HttpTesting.Raw awaitRefusal(int port) throws Exception {
        HttpTesting.Raw last = null;
        for (int i = 0; i < 600; i++) {
            last = raw(port, "POST", "/mcp", mcpHeaders(), initializeBody());
            if (last.status() == 503) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }

    private static String session(int port) throws IOException {
        HttpTesting.Raw init = raw(port, "POST", "/mcp", mcpHeaders(), initializeBody());
        assertEquals(200, init.status(), init.body());
        return init.header("Mcp-Session-Id");
    }

    /** Blocks until released, signalling when it started. */
    private static final class Blocking implements Tool {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "block";
        }

        @Override
        public String description() {
            return "Blocks until the test releases it (tests only).";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) throws InterruptedException {
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                return ToolResult.error("never released");
            }
            return ToolResult.text("done");
        }
    }
}
