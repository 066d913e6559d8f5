package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The real stdio server in-process over pipes, with a client side that writes lines and reads messages. */
final class StdioHarness implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputStream toServer;
    private final BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();
    private final Thread server;

    /**
     * The real stdio server running on its own thread over two in-memory pipes.
     *
     * @param toServer   the client's end of the server's stdin (closing it is end of input)
     * @param fromServer the client's end of the server's stdout (ends once the server has stopped)
     * @param server     the thread serving, until end of input
     */
    record Running(OutputStream toServer, InputStream fromServer, Thread server) {

        /** Starts serving {@code engine}; each pipe holds {@code capacity} bytes before a writer waits. */
        static Running start(PgMcp engine, int capacity) {
            BytePipe in = new BytePipe(capacity);
            BytePipe out = new BytePipe(capacity);
            Thread server = new Thread(() -> {
                try {
                    StdioServer.run(engine, in.in, out.out);
                    out.out.close();
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stdio-server");
            server.start();
            return new Running(in.out, out.in, server);
        }
    }

    StdioHarness(PgMcp engine) {
        Running running = Running.start(engine, 1 << 20);
        toServer = running.toServer();
        server = running.server();
        InputStream clientIn = running.fromServer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    fromServer.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                // server gone
            }
        }, "stdio-client");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    /** @return the next message from the server; fails after 60 s */
    JsonNode next() throws InterruptedException {
        JsonNode n = fromServer.poll(60, TimeUnit.SECONDS);
        assertNotNull(n, "no message from the server within 60 s");
        return n;
    }

    /** @return the next message within {@code millis}, or {@code null} */
    JsonNode poll(long millis) throws InterruptedException {
        return fromServer.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Sends a request and returns the next message (its response when the server sends nothing else). */
    JsonNode request(int id, String method, String params) throws IOException, InterruptedException {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}");
        return next();
    }

    /** Closes stdin (end of input). */
    @Override
    public void close() throws IOException {
        toServer.close();
    }

    /** @return whether the server stopped within {@code seconds} of end of input */
    boolean stopped(int seconds) throws InterruptedException {
        server.join(TimeUnit.SECONDS.toMillis(seconds));
        return !server.isAlive();
    }
}
