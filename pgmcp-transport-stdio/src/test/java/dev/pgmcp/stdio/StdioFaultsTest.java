package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on the real stdio transport (in-process, over pipes): malformed JSON, messages that are
 * not JSON-RPC, unknown methods, wrong argument types and huge lines each get a JSON-RPC error
 * response, and the server keeps serving. Every line on the protocol output is a JSON-RPC message.
 */
class StdioFaultsTest {

    private static StdioHarness stdio;

    @BeforeAll
    static void start() throws Exception {
        String url = TestPostgres.freshDatabase("stdio_faults");
        TestPostgres.run(url, "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2)");
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
        stdio = new StdioHarness(engine);
        JsonNode init = request(1, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"faults\",\"version\":\"1\"}}");
        assertEquals("pgmcp", init.path("result").path("serverInfo").path("name").asString(), init.toString());
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        stdio.close();
        assertTrue(stdio.stopped(30), "the server stops at end of input");
    }

    private static void send(String line) throws IOException {
        stdio.send(line);
    }

    /** @return the next message from the server (every line must be one JSON-RPC message) */
    private static JsonNode next() throws Exception {
        JsonNode n = stdio.next();
        assertEquals("2.0", n.path("jsonrpc").asString(), n.toString());
        return n;
    }

    /** Sends a request and returns the response with its id (skipping server notifications such as logs). */
    private static JsonNode request(int id, String method, String params) throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}");
        return response(id);
    }

    private static JsonNode response(Object id) throws Exception {
        while (true) {
            JsonNode n = next();
            if (n.has("id") && (id == null ? n.get("id").isNull() : String.valueOf(id).equals(n.get("id").asString()))) {
                return n;
            }
        }
    }

    private static void assertServing() throws Exception {
        JsonNode ping = request(1000, "ping", null);
        assertTrue(ping.has("result"), ping.toString());
        JsonNode call = request(1001, "tools/call", "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM t\"}}");
        assertFalse(call.path("result").path("isError").asBoolean(), call.toString());
        assertTrue(call.toString().contains("[2]"), call.toString());
    }

    @Test
    void unparsableLinesGetAParseErrorAndTheServerKeepsServing() throws Exception {
        for (String garbage : new String[]{"this is not json", "{\"jsonrpc\":\"2.0\",\"id\":7,", "}{", "\u0000\u0001"}) {
            send(garbage);
            JsonNode e = response(null);
            assertEquals(-32700, e.path("error").path("code").asInt(), e.toString());
            assertTrue(e.path("error").path("message").asString().startsWith("Parse error"), e.toString());
        }
        send("");
        send("   ");
        assertServing();
    }

    @Test
    void jsonThatIsNotJsonRpcGetsInvalidRequestWithItsIdWhenReadable() throws Exception {
        String[][] cases = {
                {"[1, 2]", null, "batches"},
                {"42", null, "JSON object"},
                {"{\"jsonrpc\":\"2.0\",\"id\":31}", "31", "neither a request"},
                {"{\"jsonrpc\":\"1.0\",\"id\":32,\"method\":\"ping\"}", "32", "\"jsonrpc\" must be \"2.0\""},
                {"{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}", null, "\"id\""},
                {"{\"jsonrpc\":\"2.0\",\"id\":33,\"method\":42}", "33", "\"method\""},
                {"{\"jsonrpc\":\"2.0\",\"id\":34,\"method\":\"tools/call\",\"params\":\"x\"}", "34", "\"params\""},
        };
        for (String[] c : cases) {
            send(c[0]);
            JsonNode e = response(c[1] == null ? null : Integer.valueOf(c[1]));
            assertEquals(-32600, e.path("error").path("code").asInt(), c[0] + " -> " + e);
            assertTrue(e.path("error").path("message").asString().contains(c[2]), c[0] + " -> " + e);
        }
        assertServing();
    }

    @Test
    void unknownMethodsGetMethodNotFound() throws Exception {
        JsonNode e = request(40, "no/such/method", "{}");
        assertEquals(-32601, e.path("error").path("code").asInt(), e.toString());
        assertServing();
    }

    @Test
    void wrongArgumentsAndUnknownToolsGetErrorsAndTheServerKeepsServing() throws Exception {
        String[] bad = {
                "{\"name\":\"execute_query\",\"arguments\":{\"sql\":42}}",
                "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"SELECT 1\",\"params\":\"not a list\"}}",
                "{\"name\":\"execute_query\",\"arguments\":\"not an object\"}",
                "{\"name\":\"read_table\",\"arguments\":{\"table_name\":[1,2],\"limit\":\"ten\"}}",
                "{\"name\":\"no_such_tool\",\"arguments\":{}}",
                "{\"arguments\":{}}",
        };
        int id = 50;
        for (String params : bad) {
            JsonNode r = request(id++, "tools/call", params);
            boolean errorResponse = r.has("error");
            boolean errorResult = r.path("result").path("isError").asBoolean();
            assertTrue(errorResponse || errorResult, params + " -> " + r);
            assertFalse(r.toString().contains("\tat ") || r.toString().contains("Exception"), "no internals: " + r);
        }
        assertServing();
    }

    @Test
    void hugeLinesAreAnsweredWithoutKillingTheSession() throws Exception {
        String filler = "x".repeat(LineReader.MAX_LINE_BYTES + 1024);
        send("{\"jsonrpc\":\"2.0\",\"id\":60,\"method\":\"ping\",\"params\":{\"pad\":\"" + filler + "\"}}");
        JsonNode tooBig = response(60); // the id is read from the start of the line
        assertEquals(-32600, tooBig.path("error").path("code").asInt(), tooBig.toString());
        assertTrue(tooBig.path("error").path("message").asString().contains("exceeds the limit"), tooBig.toString());

        // Under the limit: a 1 MiB SQL text reaches the tool, which answers with an error result.
        String sql = "SELECT '" + "y".repeat(1 << 20) + "' AS big";
        JsonNode big = request(61, "tools/call", "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"" + sql + "\"}}");
        assertTrue(big.has("result") || big.has("error"), big.toString());
        assertServing();
    }
}
