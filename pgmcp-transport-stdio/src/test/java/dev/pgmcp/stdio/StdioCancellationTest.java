package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MCP cancellation end to end, in process: the real stdio transport ({@link StdioServer#run}) on piped
 * streams, driven with raw JSON-RPC lines as a client writes them. A {@code notifications/cancelled}
 * for a running {@code tools/call} stops the statement's backend (seen in {@code pg_stat_activity}
 * from an admin connection), the call answers with a cancellation error, and the server keeps serving.
 */
class StdioCancellationTest {

    /** Allowed by the validator ({@code pg_sleep} is not), and runs for minutes. */
    static final String LONG_QUERY = Backends.LONG_QUERY;

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static String url;
    static OutputStream toServer;
    static Thread server;
    static final Map<String, LinkedBlockingQueue<JsonNode>> responses = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.freshDatabase("stdio_cancel");
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).build()).discoverTools(false).build();
        StdioHarness.Running running = StdioHarness.Running.start(engine, 1 << 16);
        toServer = running.toServer();
        server = running.server();
        InputStream fromServer = running.fromServer();
        Thread reader = new Thread(() -> readResponses(fromServer), "stdio-client-reader");
        reader.setDaemon(true);
        reader.start();

        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + ProtocolVersions.MCP_2025_06_18 + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        JsonNode init = response("init", 60);
        assertEquals("pgmcp", init.at("/result/serverInfo/name").asString(), init.toString());
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        toServer.close(); // end of input: the server closes its engine and returns
        server.join(TimeUnit.SECONDS.toMillis(20));
    }

    static void readResponses(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode msg = JSON.readTree(line);
                if (msg.has("id") && !msg.has("method")) {
                    queue(msg.get("id").asString()).add(msg);
                }
            }
        } catch (IOException e) {
            // The server closed its output.
        }
    }

    static LinkedBlockingQueue<JsonNode> queue(String id) {
        return responses.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    static synchronized void send(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    static JsonNode response(String id, int seconds) throws InterruptedException {
        JsonNode r = queue(id).poll(seconds, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no response to request " + id + " within " + seconds + " s");
        }
        return r;
    }

    static String callLine(String jsonId, String sql) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + jsonId + ",\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                + "\"arguments\":{\"sql\":" + JSON.writeValueAsString(sql) + "}}}";
    }

    static int running(String sql) throws SQLException {
        return Backends.running(url, sql);
    }

    static void awaitRunning(String sql, int expected, int seconds) throws Exception {
        Backends.awaitRunning(url, sql, expected, java.time.Duration.ofSeconds(seconds));
    }

    /**
     * The statement ends in PostgreSQL within 500 ms of the notification, and no response is sent for
     * the cancelled request (MCP "Cancellation": the receiver SHOULD NOT send a response).
     */
    static void assertCancelledThenServing(String responseId, long cancelSentNanos) throws Exception {
        awaitRunning(LONG_QUERY, 0, 3);
        long stoppedMs = (System.nanoTime() - cancelSentNanos) / 1_000_000;
        assertTrue(stoppedMs <= 500, "the statement ran on for " + stoppedMs + " ms after the cancellation");
        JsonNode r = queue(responseId).poll(1, TimeUnit.SECONDS);
        assertNull(r, "a cancelled request gets no response");

        send(callLine("\"after-" + responseId + "\"", "SELECT 41 + 1 AS n"));
        JsonNode next = response("after-" + responseId, 20);
        assertFalse(next.at("/result/isError").asBoolean(), next.toString());
        assertEquals(42, next.at("/result/structuredContent/rows/0/0").asInt(), next.toString());
    }

    @Test
    void cancelledNotificationStopsTheBackend() throws Exception {
        send(callLine("2", LONG_QUERY));
        awaitRunning(LONG_QUERY, 1, 20);
        // An unknown request id is ignored, as the spec allows.
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":999}}");
        Thread.sleep(300);
        assertEquals(1, running(LONG_QUERY), "a cancel for another request must not stop this one");
        long sent = System.nanoTime();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2,\"reason\":\"user pressed stop\"}}");
        assertCancelledThenServing("2", sent);
    }

    /** Starts {@link #LONG_QUERY} as the request with string id {@code id} and waits until it runs. */
    static void startLongCall(String id) throws Exception {
        send(callLine(JSON.writeValueAsString(id), LONG_QUERY));
        awaitRunning(LONG_QUERY, 1, 20);
    }

    /** Cancels the request with string id {@code id}; see {@link #assertCancelledThenServing}. */
    static void cancelAndAssertStopped(String id) throws Exception {
        long sent = System.nanoTime();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                + JSON.writeValueAsString(id) + "}}");
        assertCancelledThenServing(id, sent);
    }

    @Test
    void stringRequestIdsToo() throws Exception {
        startLongCall("call-x");
        cancelAndAssertStopped("call-x");
    }

    /**
     * A call that runs long does not stop the reading: a ping and a second call sent meanwhile are
     * answered while it still runs (the session's first call may run on the thread that read it,
     * until another thread takes the reading over).
     */
    @Test
    void requestsSentWhileALongCallRunsAreAnsweredMeanwhile() throws Exception {
        startLongCall("long");
        long sent = System.nanoTime();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"ping-1\",\"method\":\"ping\"}");
        response("ping-1", 5);
        long pingMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(pingMs < 1_000, "the ping waited " + pingMs + " ms for the long call");
        send(callLine("\"short\"", "SELECT 41 + 1 AS n"));
        JsonNode r = response("short", 20);
        assertEquals(42, r.at("/result/structuredContent/rows/0/0").asInt(), r.toString());
        assertEquals(1, running(LONG_QUERY), "the long call still runs");
        cancelAndAssertStopped("long");
    }
}
