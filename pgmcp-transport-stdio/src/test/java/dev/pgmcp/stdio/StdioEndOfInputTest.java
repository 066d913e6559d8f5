package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.engine.ToolCalls;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that writes its requests and closes stdin at once ({@code printf ... | pgmcp}) still gets
 * the answers of the calls in flight: the server lets them finish (for the shutdown grace period)
 * before it closes the pools; a call still running after it is cancelled on the server and answered.
 */
class StdioEndOfInputTest {

    /** Waits, then reads the database: a call still running when stdin reaches its end. */
    private static final Tool SLOW = new Tool() {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String description() {
            return "test: waits 700 ms, then queries";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) throws Exception {
            Thread.sleep(700);
            QueryResult r = context.queries().queryTrusted("SELECT 'still served' AS answer", List.of(), 1);
            return ToolResult.of(Map.of("answer", r.rows().get(0).get(0)), String.valueOf(r.rows().get(0).get(0)));
        }
    };

    @Test
    void callsInFlightAtEndOfInputAreAnsweredBeforeTheServerStops() throws Exception {
        String url = TestPostgres.freshDatabase("stdio_eof");
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).addTool(SLOW).build();
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{}}}") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        // The input ends right after the last request; run returns once the server has stopped.
        StdioServer.run(engine, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        long ms = (System.nanoTime() - start) / 1_000_000;
        String written = out.toString(StandardCharsets.UTF_8);
        for (int id : new int[]{2, 3}) {
            assertTrue(written.contains("\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"still served\"}]"),
                    "call " + id + " answered from the database: " + written);
        }
        assertTrue(!written.contains("has been closed"), written);
        assertTrue(ms >= 700, "the server waited for the calls: " + ms + " ms");
    }

    @Test
    void aCallStillRunningAfterTheGracePeriodIsCancelledOnTheServerAndAnswered() throws Exception {
        String url = TestPostgres.freshDatabase("stdio_eof_grace");
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .statementTimeout(Duration.ofMinutes(5)).shutdownTimeout(Duration.ofMillis(300)).build())
                .discoverTools(false).build();
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                        + "\"arguments\":{\"sql\":\"" + Backends.LONG_QUERY + "\"}}}") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        StdioServer.run(engine, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        long ms = (System.nanoTime() - start) / 1_000_000;
        String written = out.toString(StandardCharsets.UTF_8);
        assertTrue(written.contains("\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + ToolCalls.STOPPED + "\"}],\"isError\":true}"), written);
        assertTrue(ms >= 300 && ms < 5_000, "the grace period, then a prompt stop: " + ms + " ms");
        assertEquals(0, Backends.running(url, Backends.LONG_QUERY), "no statement left running");
    }
}
