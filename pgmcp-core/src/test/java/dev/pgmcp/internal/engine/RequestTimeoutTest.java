package dev.pgmcp.internal.engine;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.QueryListeners;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request deadline: a call still running when it passes is cancelled on the server (the backend
 * stops, seen in {@code pg_stat_activity}) and answers with a timeout error, even though each of its
 * statements is within {@code statement_timeout}.
 */
class RequestTimeoutTest {

    /** A tool that runs a long statement (as a tool running many statements in a row would take long). */
    static final class SlowTool implements Tool {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String description() {
            return "runs a long statement";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return Map.of("type", "object");
        }

        @Override
        public ToolResult call(ToolContext context) {
            context.queries().queryTrusted(Backends.LONG_QUERY, List.of(), 1);
            return ToolResult.text("finished");
        }
    }

    @Test
    void aCallPastItsDeadlineIsCancelledOnTheServer() throws Exception {
        String url = TestPostgres.freshDatabase("deadline");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).build();
        try (Databases databases = new Databases(config)) {
            ToolCalls calls = new ToolCalls(databases, QueryListeners.NONE, RateLimiter.UNLIMITED, Duration.ofSeconds(2));
            long start = System.nanoTime();
            CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> calls.call(new SlowTool(), Map.of()));
            Backends.awaitRunning(url, Backends.LONG_QUERY, 1, Duration.ofSeconds(10));
            ToolResult result = call.get(20, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(result.error(), result.text());
            assertTrue(result.text().startsWith("Request timeout: the call ran longer than 2000 ms"), result.text());
            assertTrue(tookMs >= 2000, "answered after " + tookMs + " ms, before the deadline");
            Backends.awaitRunning(url, Backends.LONG_QUERY, 0, Duration.ofSeconds(5));
            // The engine keeps serving, and a quick call is not affected by the deadline.
            ToolResult next = calls.call(new dev.pgmcp.internal.tools.ExecuteQueryTool(), Map.of("sql", "SELECT 1 AS one"));
            assertFalse(next.error(), next.text());
            assertEquals(0, Backends.running(url, Backends.LONG_QUERY));
        }
    }
}
