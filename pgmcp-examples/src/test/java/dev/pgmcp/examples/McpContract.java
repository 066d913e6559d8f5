package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every transport must deliver, as one suite: each transport's end-to-end test starts the real
 * launcher jar on the {@code --demo} database, connects the MCP Java SDK's client for that transport
 * and inherits these tests, which drive every built-in tool and resource.
 */
abstract class McpContract {

    /** @return the initialized client of the transport under test */
    protected abstract McpSyncClient client();

    @Test
    void listsEveryBuiltInToolWithSchemasAndReadOnlyHint() {
        List<McpSchema.Tool> tools = client().listTools().tools();
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
        McpSchema.CallToolResult r = call("execute_query", Map.of(
                "sql", "SELECT name, country, mrr, created_at FROM customers WHERE name = $1",
                "params", List.of("ASML Holding")));
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
        McpSchema.CallToolResult r = client().callTool(new McpSchema.CallToolRequest("execute_query", Map.of("sql", attack)));
        assertTrue(Boolean.TRUE.equals(r.isError()), attack);
        assertTrue(text(r).startsWith("Query rejected: "), text(r));
        McpSchema.CallToolResult count = call("execute_query", Map.of("sql", "SELECT count(*) AS n FROM customers"));
        assertTrue(text(count).contains("\n43\n"), "customers intact: " + text(count));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "answered at once");
    }

    @Test
    void describeTableAndSchemaResource() {
        McpSchema.CallToolResult d = call("describe_table", Map.of("table_name", "support_tickets"));
        assertTrue(text(d).contains("customer_id: integer (FK -> customers.id)"), text(d));

        String json = resource("postgres://schema");
        assertTrue(json.contains("\"support_tickets\"") && json.contains("\"subscription_tier\""), json);
        assertTrue(resource("schema://main").contains("public.customers"));
    }

    @Test
    void everyOtherBuiltInToolAnswers() {
        assertTrue(text(call("list_schemas", Map.of())).contains("public"));
        assertTrue(text(call("list_tables", Map.of("schema", "public"))).contains("support_tickets"));
        McpSchema.CallToolResult page = call("read_table", Map.of("table_name", "customers", "limit", 2));
        assertEquals(2, ((Map<?, ?>) page.structuredContent()).get("rowCount"));
        assertTrue(text(call("get_table_stats", Map.of("table_name", "customers"))).contains("customers"));
        assertTrue(text(call("search_tables", Map.of("search_term", "ticket"))).contains("support_tickets"));
        assertTrue(text(call("explain_query", Map.of("sql", "SELECT * FROM customers WHERE id = 1"))).contains("Scan"));
        assertFalse(Boolean.TRUE.equals(call("refresh_schema", Map.of()).isError()));
    }

    @Test
    void everyResourceAndTemplateIsListedAndReadable() {
        List<String> uris = client().listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        assertTrue(uris.containsAll(List.of("postgres://schema", "postgres://tables", "databases://list")), uris.toString());
        List<String> templates = client().listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).toList();
        assertTrue(templates.contains("schema://{database}"), templates.toString());
        assertTrue(resource("postgres://tables").contains("customers"));
        assertTrue(resource("databases://list").contains("main"));
    }

    @Test
    void aTemplateNamingNoDatabaseIsResourceNotFound() {
        McpError e = assertThrows(McpError.class, () -> client().readResource(new McpSchema.ReadResourceRequest("schema://nope")));
        assertEquals(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, e.getJsonRpcError().code(), e.getMessage());
        assertTrue(e.getMessage().contains("schema://nope") && e.getMessage().contains("main"), e.getMessage());
        assertTrue(resource("schema://main").contains("public.customers"), "the server answers the next read");
    }

    @Test
    @SuppressWarnings("unchecked")
    void businessIntelligenceToolsAndPromptsAreServed() {
        List<String> names = client().listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.containsAll(List.of("get_customer_info", "get_open_tickets", "get_at_risk_customers",
                "get_customer_health_score", "get_ticket_trends")), names.toString());
        Map<String, Object> score = (Map<String, Object>) call("get_customer_health_score",
                Map.of("customer_name", "Accenture")).structuredContent();
        assertEquals("ok", score.get("status"));
        assertEquals("Accenture Technology Solutions", ((Map<String, Object>) score.get("customer")).get("name"));

        List<McpSchema.Prompt> prompts = client().listPrompts().prompts();
        assertEquals(List.of("churn-review", "customer-briefing"), prompts.stream().map(McpSchema.Prompt::name).sorted().toList());
        McpSchema.GetPromptResult briefing = client().getPrompt(new McpSchema.GetPromptRequest("customer-briefing",
                Map.of("customer", "ASML")));
        String text = ((McpSchema.TextContent) briefing.messages().get(0).content()).text();
        assertTrue(text.contains("get_customer_info") && text.contains("\"ASML\""), text);
        McpError bad = assertThrows(McpError.class, () -> client().getPrompt(new McpSchema.GetPromptRequest("churn-review",
                Map.of("min_mrr", "-1"))));
        assertTrue(bad.getMessage().contains("min_mrr"), bad.getMessage());
    }

    /** Calls a tool and fails the test on an error result. */
    protected McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client().callTool(new McpSchema.CallToolRequest(tool, args));
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> tool + ": " + text(r));
        return r;
    }

    protected String resource(String uri) {
        McpSchema.ReadResourceResult r = client().readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    protected static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
