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
