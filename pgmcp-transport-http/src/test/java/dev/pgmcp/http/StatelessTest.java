package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.nlq.LlmSettings;
import dev.pgmcp.nlq.NaturalLanguageQueryTool;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stateless mode: two independent servers (two engines, as two processes behind a load balancer would
 * be) answer alternating requests of ONE client with no affinity. The client's request customizer
 * sends each HTTP request to the other instance, initialize included.
 */
class StatelessTest {

    /** What {@code PGMCP_HTTP_REQUEST_STATE_KEY} gives both instances. */
    private static final String SHARED_KEY = "both-instances-share-this-32-byte-secret";

    private static PgMcp engineA;
    private static PgMcp engineB;
    private static PgMcpHttpServer a;
    private static PgMcpHttpServer b;

    @BeforeAll
    static void start() {
        engineA = HttpTesting.engine(new Instance("A"), new NaturalLanguageQueryTool(LlmSettings.DEFAULTS));
        engineB = HttpTesting.engine(new Instance("B"), new NaturalLanguageQueryTool(LlmSettings.DEFAULTS));
        a = PgMcpHttpServer.builder(engineA).settings(HttpTesting.settings().mode(HttpSettings.Mode.STATELESS)
                .requestStateKey(SHARED_KEY).build()).start();
        b = PgMcpHttpServer.builder(engineB).settings(HttpTesting.settings().mode(HttpSettings.Mode.STATELESS)
                .requestStateKey(SHARED_KEY).build()).start();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        engineA.close();
        engineB.close();
    }

    @Test
    void twoInstancesServeAlternatingRequestsOfOneClient() {
        AtomicInteger requests = new AtomicInteger();
        List<URI> targets = List.of(a.uri(), b.uri());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + a.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.uri(targets.get(requests.getAndIncrement() % 2)))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            List<String> served = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                served.add(HttpTesting.text(client.callTool(new McpSchema.CallToolRequest("instance", Map.of()))));
            }
            assertTrue(served.contains("A") && served.contains("B"), "both instances answered: " + served);
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query",
                    Map.of("sql", "SELECT count(*) AS n FROM items")));
            assertFalse(Boolean.TRUE.equals(r.isError()), () -> HttpTesting.text(r));
            assertTrue(HttpTesting.text(r).contains("3"), HttpTesting.text(r));
            assertTrue(requests.get() >= 6, "every request went through the alternating customizer: " + requests.get());
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void noSessionHeaderAndNoStream() throws Exception {
        HttpTesting.Raw init = HttpTesting.raw(a.port(), "POST", "/mcp", HttpTesting.mcpHeaders(), HttpTesting.initializeBody());
        assertEquals(200, init.status(), init.body());
        assertEquals(null, init.header("Mcp-Session-Id"));
        assertEquals(405, HttpTesting.raw(a.port(), "GET", "/mcp", Map.of("Accept", "text/event-stream"), null).status());
    }

    @Test
    void aResultLinksToResourcesOnlyWhenTheProtocolVersionHeaderNamesAVersionThatHasThem() throws Exception {
        String call = McpRequests.request(1, "tools/call", "{\"name\":\"describe_table\",\"arguments\":{\"table_name\":\"items\"}}");
        HttpTesting.Raw linked = HttpTesting.raw(a.port(), "POST", "/mcp",
                HttpTesting.mcpHeaders("MCP-Protocol-Version", "2025-06-18"), call);
        assertEquals(200, linked.status(), linked.body());
        assertTrue(linked.body().contains("{\"type\":\"resource_link\",\"uri\":\"schema://main/items\""), linked.body());
        for (String version : new String[]{"2025-03-26", null}) {
            HttpTesting.Raw plain = HttpTesting.raw(b.port(), "POST", "/mcp", version == null ? HttpTesting.mcpHeaders()
                    : HttpTesting.mcpHeaders("MCP-Protocol-Version", version), call);
            assertEquals(200, plain.status(), plain.body());
            assertTrue(plain.body().contains("public.items (table"), plain.body());
            assertFalse(plain.body().contains("resource_link"), version + ": " + plain.body());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMultiRoundTripRetryMayReachTheOtherInstanceWhenTheyShareTheRequestStateKey() throws Exception {
        String call = "\"name\":\"query\",\"arguments\":{\"question\":\"How many items are there?\"}";
        Map<String, Object> first = result(a, McpRequests.request(1, "tools/call", "{" + call + "," + samplingMeta() + "}"));
        assertEquals("input_required", first.get("resultType"), first.toString());
        String state = (String) first.get("requestState");
        String answer = "\"inputResponses\":{\"sample-1\":{\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":{\"type\":\"text\",\"text\":\"SELECT count(*) AS n FROM items\"}}}";
        Map<String, Object> done = result(b, McpRequests.request(2, "tools/call", "{" + call + "," + answer
                + ",\"requestState\":\"" + state + "\"," + samplingMeta() + "}"));
        assertEquals("complete", done.get("resultType"), done.toString());
        assertEquals(false, done.get("isError"), done.toString());
        assertEquals(List.of(List.of(3)), ((Map<String, Object>) done.get("structuredContent")).get("rows"));
    }

    /** @return {@code _meta} of a 2026-07-28 request from a client that declared sampling */
    private static String samplingMeta() {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + McpRequests.MODERN + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"sampling\":{}}}";
    }

    /** @return the {@code result} of a 2026-07-28 {@code tools/call} of the {@code query} tool POSTed to {@code server} */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(PgMcpHttpServer server, String body) throws Exception {
        HttpTesting.Raw r = HttpTesting.raw(server.port(), "POST", "/mcp",
                McpRequests.modernHeaders(McpRequests.MODERN, "tools/call", "query"), body);
        assertEquals(200, r.status(), r.body());
        String json = r.body().startsWith("{") ? r.body()
                : r.body().lines().filter(l -> l.startsWith("data: {")).reduce((x, y) -> y).orElseThrow().substring(6);
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> response = (Map<String, Object>) dev.pgmcp.mcp.JsonRpc.decode(bytes, 0, bytes.length);
        assertTrue(response.get("result") instanceof Map, response.toString());
        return (Map<String, Object>) response.get("result");
    }

    /** Names the instance that answered. */
    private record Instance(String id) implements Tool {
        @Override
        public String name() {
            return "instance";
        }

        @Override
        public String description() {
            return "Which server instance answered (tests only).";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            return ToolResult.text(id);
        }
    }
}
