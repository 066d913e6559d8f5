package dev.pgmcp.stdio;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A legacy session over the real stdio transport, as clients with rough edges drive it: capabilities
 * declared but not served (the TypeScript SDK's client declares {@code roots.listChanged} without a
 * handler), error answers to the server's requests, a second {@code initialize}, a bogus log level,
 * an unknown resource. Each gets a clear answer and the session goes on; end of input ends it.
 */
class StdioSessionTest {

    static String url;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("stdio_session");
        TestPostgres.run(url, "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2)");
    }

    /** A server of its own (a stdio server closes its engine at end of input) with a session opened. */
    static StdioHarness initialized(String capabilities) throws Exception {
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).build();
        StdioHarness h = new StdioHarness(engine);
        JsonNode init = h.request(1, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":" + capabilities
                + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
        assertEquals("2025-06-18", init.path("result").path("protocolVersion").asString(), init.toString());
        h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return h;
    }

    @Test
    void errorAnswersToServerRequestsNeverEndTheSession() throws Exception {
        StdioHarness h = initialized("{\"roots\":{\"listChanged\":true},\"sampling\":{}}");
        h.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
        assertNull(h.poll(700), "no roots/list (or anything else) is sent unasked");

        h.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                + "\"arguments\":{\"question\":\"How many rows are in t?\"}}}");
        JsonNode ask = h.next();
        assertEquals("sampling/createMessage", ask.path("method").asString(), ask.toString());
        // The client has no sampling handler after all: it answers with an error.
        h.send("{\"jsonrpc\":\"2.0\",\"id\":" + StdioHarness.JSON.writeValueAsString(ask.get("id"))
                + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
        JsonNode call = h.next();
        assertEquals(2, call.path("id").asInt(), call.toString());
        assertTrue(call.path("result").path("isError").asBoolean(), call.toString());
        assertTrue(call.toString().contains("Method not found"), call.toString());
        // An answer to nothing the server asked is ignored.
        h.send("{\"jsonrpc\":\"2.0\",\"id\":\"stray\",\"error\":{\"code\":-32603,\"message\":\"x\"}}");

        JsonNode count = h.request(3, "tools/call", "{\"name\":\"execute_query\",\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM t\"}}");
        assertEquals(3, count.path("id").asInt(), count.toString());
        assertFalse(count.path("result").path("isError").asBoolean(), count.toString());

        h.close();
        assertTrue(h.stopped(30), "end of input ends the session");
    }

    @Test
    void aSecondInitializeIsRefusedAndTheSessionGoesOn() throws Exception {
        StdioHarness h = initialized("{}");
        JsonNode again = h.request(2, "initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
        assertEquals(-32600, again.path("error").path("code").asInt(), again.toString());
        assertTrue(again.path("error").path("message").asString().contains("already initialized"), again.toString());
        assertTrue(h.request(3, "tools/list", null).path("result").has("tools"));
        h.close();
        assertTrue(h.stopped(30));
    }

    @Test
    void aBogusLogLevelAndAnUnknownResourceGetInvalidParamsAndNotFound() throws Exception {
        StdioHarness h = initialized("{}");
        JsonNode bogus = h.request(2, "logging/setLevel", "{\"level\":\"bogus\"}");
        assertEquals(-32602, bogus.path("error").path("code").asInt(), bogus.toString());
        assertTrue(h.request(3, "logging/setLevel", "{\"level\":\"debug\"}").has("result"));
        JsonNode missing = h.request(4, "resources/read", "{\"uri\":\"schema://x\"}");
        assertEquals(-32002, missing.path("error").path("code").asInt(), missing.toString());
        JsonNode args = h.request(5, "tools/call", "{\"name\":\"execute_query\",\"arguments\":[1]}");
        assertEquals(-32602, args.path("error").path("code").asInt(), args.toString());
        assertEquals(5, args.path("id").asInt(), args.toString());
        h.close();
        assertTrue(h.stopped(30));
    }
}
