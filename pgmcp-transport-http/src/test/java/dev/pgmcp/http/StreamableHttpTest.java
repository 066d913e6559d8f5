package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.pgmcp.http.HttpTesting.initializeBody;
import static dev.pgmcp.http.HttpTesting.mcpHeaders;
import static dev.pgmcp.http.HttpTesting.raw;
import static dev.pgmcp.http.HttpTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamable HTTP on a real Jetty (random port) and a real PostgreSQL, without authentication (loopback):
 * the SDK client end to end, then the transport's status codes and network guards with raw requests.
 */
class StreamableHttpTest {

    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static int port;

    @BeforeAll
    static void start() {
        engine = HttpTesting.engine();
        server = PgMcpHttpServer.builder(engine)
                .settings(HttpTesting.settings().maxBodyBytes(4096).build())
                .metrics(() -> "# TYPE pgmcp_test gauge\npgmcp_test 1\n")
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void sdkClientListsToolsAndQueriesThroughHttp() {
        McpSyncClient client = HttpTesting.client(server.uri(), null);
        try {
            assertTrue(HttpTesting.toolNames(client).containsAll(List.of("execute_query", "list_tables", "whoami")));
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query",
                    Map.of("sql", "SELECT name FROM items WHERE id = $1", "params", List.of(2))));
            assertFalse(Boolean.TRUE.equals(r.isError()), () -> text(r));
            assertTrue(text(r).contains("beta"), text(r));
            McpSchema.CallToolResult who = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertEquals("anonymous|none|", text(who), "the transport's principal reaches the tool");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLargeResultArrivesWholeWithItsContentLength() throws IOException {
        // About 300 kB of JSON, several times Jetty's response buffer: sent with a Content-Length, not in
        // chunks (a chunked body would not parse as JSON here), and every byte of it counted.
        String call = McpRequests.modern(7, "tools/call", "\"name\":\"execute_query\",\"arguments\":{\"sql\":"
                + "\"SELECT g AS n, repeat('\u00e9x', 60) AS pad FROM generate_series(1, 1000) g\"}", McpRequests.MODERN);
        // Accepting JSON only: a call slower than a moment would otherwise be answered as an event stream.
        Map<String, String> headers = McpRequests.modernHeaders(McpRequests.MODERN, "tools/call", "execute_query");
        headers.put("Accept", "application/json");
        HttpTesting.Raw r = raw(port, "POST", "/mcp", headers, call);
        assertEquals(200, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
        assertEquals("application/json;charset=utf-8", r.header("Content-Type").toLowerCase(java.util.Locale.ROOT).replace(" ", ""));
        byte[] body = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(body.length > 200_000, "a large body: " + body.length + " bytes");
        assertEquals(String.valueOf(body.length), r.header("Content-Length"));
        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) dev.pgmcp.mcp.JsonRpc
                .decode(body, 0, body.length)).get("result");
        Map<String, Object> structured = (Map<String, Object>) result.get("structuredContent");
        assertEquals(1000, structured.get("rowCount"), () -> String.valueOf(result.get("content")));
        assertEquals(List.of(1000, "\u00e9x".repeat(60)), ((List<Object>) structured.get("rows")).get(999));
    }

    @Test
    void healthAndReadyNeedNoAuthenticationAndTellNoDetails() throws IOException {
        HttpTesting.Raw health = raw(port, "GET", "/health", Map.of(), null);
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"ok\"}", health.body());
        HttpTesting.Raw ready = raw(port, "GET", "/ready", Map.of(), null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("{\"status\":\"ready\"}", ready.body());
        assertEquals(null, health.header("Server"), "no Server header");
    }

    @Test
    void foreignOriginGets403() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders("Origin", "http://evil.example.com"), initializeBody());
        assertEquals(403, r.status(), r.body());
        assertTrue(r.body().contains("Origin"), r.body());
        // Every path is guarded, not only MCP.
        assertEquals(403, raw(port, "GET", "/health", Map.of("Origin", "https://evil.example.com"), null).status());
    }

    @Test
    void localOriginIsAccepted() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders("Origin", "http://localhost:6274"), initializeBody());
        assertEquals(200, r.status(), r.body());
        assertNotNull(r.header("Mcp-Session-Id"));
    }

    @Test
    void foreignHostGets403DnsRebinding() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders("Host", "evil.example.com:" + port), initializeBody());
        assertEquals(403, r.status(), r.body());
        assertEquals(200, raw(port, "POST", "/mcp", mcpHeaders("Host", "localhost:" + port), initializeBody()).status());
    }

    @Test
    void oversizedBodyGets413() throws IOException {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5000) + "\"}}";
        assertEquals(413, raw(port, "POST", "/mcp", mcpHeaders(), big).status(), "declared length over the cap");
        // Without a declared length, the SDK's reader applies the same cap.
        String chunk = Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
        HttpTesting.Raw chunked = raw(port, "POST", "/mcp", mcpHeaders("Transfer-Encoding", "chunked",
                "Mcp-Session-Id", session()), chunk);
        assertEquals(413, chunked.status(), chunked.body());
    }

    @Test
    void unknownSessionGets404AndDeletedSessionIsGone() throws IOException {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        assertEquals(404, raw(port, "POST", "/mcp", mcpHeaders("Mcp-Session-Id", "no-such-session"), ping).status());
        String id = session();
        assertEquals(200, raw(port, "DELETE", "/mcp", Map.of("Mcp-Session-Id", id), null).status());
        assertEquals(404, raw(port, "POST", "/mcp", mcpHeaders("Mcp-Session-Id", id), ping).status());
    }

    @Test
    void statusCodesOfTheTransport() throws IOException {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        assertEquals(400, raw(port, "POST", "/mcp", mcpHeaders(), ping).status(), "no session id on a non-initialize request");
        assertEquals(415, raw(port, "POST", "/mcp", mcpHeaders("Content-Type", "text/plain"), ping).status());
        assertEquals(400, raw(port, "POST", "/mcp", mcpHeaders("Mcp-Session-Id", session()), "{not json").status());
        assertEquals(405, raw(port, "PUT", "/mcp", mcpHeaders(), ping).status());
        assertEquals(404, raw(port, "GET", "/nothing-here", Map.of(), null).status());
    }

    @Test
    void tokenInQueryStringIsRefused() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp?access_token=abc", mcpHeaders(), initializeBody());
        assertEquals(400, r.status());
        assertTrue(r.body().contains("invalid_request"), r.body());
    }

    @Test
    void metricsServeTheHostSupplier() throws IOException {
        HttpTesting.Raw r = raw(port, "GET", "/metrics", Map.of(), null);
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        assertTrue(r.body().contains("pgmcp_test 1"), r.body());
    }

    @Test
    void oauthMetadataIsAbsentWithoutOAuth() throws IOException {
        assertEquals(404, raw(port, "GET", "/.well-known/oauth-protected-resource", Map.of(), null).status());
    }

    private static String session() throws IOException {
        HttpTesting.Raw init = raw(port, "POST", "/mcp", mcpHeaders(), initializeBody());
        assertEquals(200, init.status(), init.body());
        return init.header("Mcp-Session-Id");
    }
}
