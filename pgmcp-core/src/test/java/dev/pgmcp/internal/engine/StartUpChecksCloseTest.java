package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.StartupCheck;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PgMcp#checkAtStartUp()} on a thread of its own while the engine is closed, as the launcher runs
 * it beside serving: {@code close()} lets a running check finish its statement before it closes the pools,
 * and a check that would start after {@code close()} began checks nothing.
 */
class StartUpChecksCloseTest {

    private static PgMcpConfig config;

    @BeforeAll
    static void database() {
        config = PgMcpConfig.builder().database("main", TestPostgres.freshDatabase("startup_close"))
                .allowUnsafeRole(true).build();
    }

    /** A tool whose start-up check runs a statement of {@code seconds} and records how it ended. */
    static final class SlowCheckTool implements Tool, StartupCheck {
        final double seconds;
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile long endedAt;

        SlowCheckTool(double seconds) {
            this.seconds = seconds;
        }

        @Override
        public String name() {
            return "slow_check";
        }

        @Override
        public String description() {
            return "a tool with a slow start-up check";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return Map.of("type", "object");
        }

        @Override
        public ToolResult call(ToolContext context) {
            return ToolResult.of(Map.of(), "ok");
        }

        @Override
        public void checkAtStartUp(ToolContext context) {
            runs.incrementAndGet();
            started.countDown();
            try {
                context.queries().queryTrusted("SELECT pg_sleep($1::float8)", List.of(seconds), 1);
            } catch (RuntimeException e) {
                failure.set(e);
                throw e;
            } finally {
                endedAt = System.nanoTime();
            }
        }
    }

    @Test
    void closeWaitsForARunningCheckToEndBeforeClosingThePools() throws Exception {
        SlowCheckTool tool = new SlowCheckTool(0.5);
        PgMcp engine = PgMcp.builder(config).discoverTools(false).addTool(tool).build();
        CompletableFuture<Void> check = CompletableFuture.runAsync(engine::checkAtStartUp);
        assertTrue(tool.started.await(30, TimeUnit.SECONDS), "the check started");

        engine.close();
        long closedAt = System.nanoTime();

        check.get(10, TimeUnit.SECONDS);
        assertNull(tool.failure.get(), "the check's statement ran to its end");
        assertTrue(tool.endedAt != 0 && tool.endedAt <= closedAt, "close() returned after the check had ended");
    }

    @Test
    void aCheckAfterCloseChecksNothing() {
        SlowCheckTool tool = new SlowCheckTool(0);
        PgMcp engine = PgMcp.builder(config).discoverTools(false).addTool(tool).build();
        engine.checkAtStartUp();
        assertEquals(1, tool.runs.get());

        engine.close();
        engine.checkAtStartUp();
        assertEquals(1, tool.runs.get(), "no check runs once the engine is closing");
    }
}
