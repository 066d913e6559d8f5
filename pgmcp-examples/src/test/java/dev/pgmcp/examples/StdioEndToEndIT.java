package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the real launcher jar ({@code pgmcp-server.jar --demo}) as a subprocess and drives it with
 * the MCP Java SDK's client over stdio, as Claude Desktop or the MCP Inspector would.
 */
class StdioEndToEndIT {

    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        Path jar = Path.of(System.getProperty("pgmcp.server.jar", "target/pgmcp-server.jar"));
        assertTrue(Files.isRegularFile(jar), "the launcher jar must be built first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java)
                .args("-jar", jar.toAbsolutePath().toString(), "--demo")
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.builder().build()));
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(120))
                .build();
        McpSchema.InitializeResult init = client.initialize();
        assertEquals("pgmcp", init.serverInfo().name());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    void listsEveryBuiltInToolWithSchemasAndReadOnlyHint() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.containsAll(List.of("list_tables", "describe_table", "read_table", "execute_query",
                "get_table_stats", "search_tables", "list_schemas", "explain_query", "refresh_schema")), names.toString());
        for (McpSchema.Tool t : tools) {
            assertEquals("object", t.inputSchema().get("type"), t.name());
            assertTrue(t.annotations().readOnlyHint(), t.name());
            assertTrue(t.outputSchema() != null && !t.outputSchema().isEmpty(), t.name() + " declares an output schema");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void executeQueryReturnsTypedDemoRows() {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query", Map.of(
                "sql", "SELECT name, country, mrr, created_at FROM customers WHERE name = $1",
                "params", List.of("ASML Holding"))));
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> text(r));
        Map<String, Object> content = (Map<String, Object>) r.structuredContent();
        List<Map<String, Object>> columns = (List<Map<String, Object>>) content.get("columns");
        assertEquals(List.of("varchar", "varchar", "numeric", "timestamp"), columns.stream().map(c -> c.get("type")).toList());
        List<List<Object>> rows = (List<List<Object>>) content.get("rows");
        assertEquals(List.of("ASML Holding", "Netherlands", "75000.00"), rows.get(0).subList(0, 3));
        assertEquals(1, content.get("rowCount"));
        assertEquals(false, content.get("truncated"));
        assertTrue(text(r).contains("ASML Holding"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COMMIT; DROP TABLE customers",
            "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
            "SELECT nextval('customers_id_seq')",
            "SELECT pg_sleep(60)"})
    void attacksAreRejectedAndTheServerAnswersTheNextCallAtOnce(String attack) {
        long start = System.nanoTime();
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query", Map.of("sql", attack)));
        assertTrue(Boolean.TRUE.equals(r.isError()), attack);
        assertTrue(text(r).startsWith("Query rejected: "), text(r));
        McpSchema.CallToolResult count = client.callTool(new McpSchema.CallToolRequest("execute_query",
                Map.of("sql", "SELECT count(*) AS n FROM customers")));
        assertFalse(Boolean.TRUE.equals(count.isError()), () -> text(count));
        assertTrue(text(count).contains("[43]"), "customers intact: " + text(count));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "answered at once");
    }

    @Test
    void describeTableAndSchemaResource() {
        McpSchema.CallToolResult d = client.callTool(new McpSchema.CallToolRequest("describe_table",
                Map.of("table_name", "support_tickets")));
        assertFalse(Boolean.TRUE.equals(d.isError()), () -> text(d));
        assertTrue(text(d).contains("customer_id: integer (FK -> customers.id)"), text(d));

        McpSchema.ReadResourceResult schema = client.readResource(new McpSchema.ReadResourceRequest("postgres://schema"));
        String json = ((McpSchema.TextResourceContents) schema.contents().get(0)).text();
        assertTrue(json.contains("\"support_tickets\"") && json.contains("\"subscription_tier\""), json);

        McpSchema.ReadResourceResult main = client.readResource(new McpSchema.ReadResourceRequest("schema://main"));
        assertTrue(((McpSchema.TextResourceContents) main.contents().get(0)).text().contains("public.customers"));
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
