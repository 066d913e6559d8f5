package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start-up check running alongside the stdio server: its failure stops a server whose stdin is
 * still open, closes the engine and reaches the caller; its success changes nothing.
 */
class StdioStartUpCheckTest {

    private static PgMcp engine() {
        String url = TestPostgres.freshDatabase("stdio_check");
        return PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
    }

    @Test
    void aFailedCheckStopsServingAndIsRethrown() throws Exception {
        BytePipe pipe = new BytePipe(1 << 16);
        InputStream in = pipe.in;
        OutputStream keepOpen = pipe.out;
        CompletableFuture<Void> check = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                StdioServer.run(engine(), in, new ByteArrayOutputStream(), check);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        server.start();
        check.completeExceptionally(new IllegalStateException("role refused"));
        server.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(server.isAlive(), "the server stops although stdin is still open");
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertEquals("role refused", thrown.get().getMessage());
        keepOpen.close();
    }

    @Test
    void aCheckThatFailsAfterEndOfInputWhileTheLastCallFinishesIsNoFailure() throws Exception {
        // A client that writes its requests and closes stdin at once (printf ... | pgmcp-server): the
        // server gives the call in flight its grace period, then closes the engine. A check still
        // running then fails because the server is stopping (its connection closed under it), which
        // must not turn a served session into a failed one.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", TestPostgres.freshDatabase("stdio_check"))
                .allowUnsafeRole(true).build()).discoverTools(false).addTool(new Hold(release)).build();
        String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"hold\",\"arguments\":{}}}\n";
        java.util.concurrent.CountDownLatch endOfInput = new java.util.concurrent.CountDownLatch(1);
        InputStream in = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    endOfInput.countDown();
                }
                return n;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> check = new CompletableFuture<>();
        Thread failing = new Thread(() -> {
            try {
                endOfInput.await();
                Thread.sleep(500); // the server has stopped reading and waits for the call in flight
                check.completeExceptionally(new IllegalStateException("could not read the database schema: Connection is closed"));
                release.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        failing.start();
        StdioServer.run(engine, in, out, check);
        failing.join();
        String answers = out.toString(StandardCharsets.UTF_8);
        assertTrue(answers.contains("\"id\":2,\"result\"") && answers.contains("held"), answers);
    }

    /** A tool that answers once released. */
    private static final class Hold implements dev.pgmcp.spi.Tool {
        private final java.util.concurrent.CountDownLatch release;

        Hold(java.util.concurrent.CountDownLatch release) {
            this.release = release;
        }

        @Override
        public String name() {
            return "hold";
        }

        @Override
        public String description() {
            return "Answers once the test releases it (tests only).";
        }

        @Override
        public java.util.Map<String, Object> inputSchema() {
            return dev.pgmcp.spi.JsonSchemas.object().build();
        }

        @Override
        public dev.pgmcp.spi.ToolResult call(dev.pgmcp.spi.ToolContext context) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return dev.pgmcp.spi.ToolResult.text("held");
        }
    }

    @Test
    void aPassedCheckKeepsServingUntilEndOfInput() throws Exception {
        BytePipe pipe = new BytePipe(1 << 16);
        InputStream in = pipe.in;
        OutputStream toServer = pipe.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> check = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                StdioServer.run(engine(), in, out, check);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        server.start();
        check.complete(null);
        toServer.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString(StandardCharsets.UTF_8).contains("serverInfo") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(server.isAlive(), "still serving after the check passed");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"serverInfo\""), out.toString(StandardCharsets.UTF_8));
        toServer.close();
        server.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(server.isAlive(), "the server stops at end of input");
        assertNull(thrown.get());
    }
}
