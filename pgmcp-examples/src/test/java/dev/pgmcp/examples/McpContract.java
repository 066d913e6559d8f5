package dev.pgmcp.examples;

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
 * What every transport must deliver in each protocol era, as one suite: each transport's end-to-end
 * test starts the real launcher jar on the {@code --demo} database, connects an MCP Java SDK client
 * (the classic one for protocol 2025-11-25, the modern one for 2026-07-28) and inherits these tests,
 * which drive every built-in tool, resource and prompt.
 */
abstract class McpContract {

    /** @return the connected client of the transport and era under test */
    protected abstract ContractClient client();

    /**
     * @return whether the client's protocol version has {@code resource_link} content (2025-06-18 and
     *         later), so that tool results carry their links
     */
    protected boolean resourceLinks() {
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEveryBuiltInToolWithSchemasAndReadOnlyHint() {
        List<Map<String, Object>> tools = client().tools();
        List<Object> names = tools.stream().map(t -> t.get("name")).toList();
        assertTrue(names.containsAll(List.of("list_tables", "describe_table", "read_table", "execute_query",
                "get_table_stats", "search_tables", "list_schemas", "explain_query", "refresh_schema")), names.toString());
        for (Map<String, Object> t : tools) {
            assertEquals("object", ((Map<String, Object>) t.get("inputSchema")).get("type"), t.get("name").toString());
            assertEquals(true, ((Map<String, Object>) t.get("annotations")).get("readOnlyHint"), t.get("name").toString());
            assertTrue(t.get("outputSchema") instanceof Map<?, ?> o && !o.isEmpty(), t.get("name") + " declares an output schema");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void executeQueryReturnsTypedDemoRows() {
        ContractClient.ToolCall r = call("execute_query", Map.of(
                "sql", "SELECT name, country, mrr, created_at FROM customers WHERE name = $1",
                "params", List.of("ASML Holding")));
        Map<String, Object> content = r.structuredContent();
        List<Map<String, Object>> columns = (List<Map<String, Object>>) content.get("columns");
        assertEquals(List.of("varchar", "varchar", "numeric", "timestamp"), columns.stream().map(c -> c.get("type")).toList());
        List<List<Object>> rows = (List<List<Object>>) content.get("rows");
        assertEquals(List.of("ASML Holding", "Netherlands", "75000.00"), rows.get(0).subList(0, 3));
        assertEquals(1, content.get("rowCount"));
        assertEquals(false, content.get("truncated"));
        assertTrue(r.text().contains("ASML Holding"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COMMIT; DROP TABLE customers",
            "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
            "SELECT nextval('customers_id_seq')",
            "SELECT pg_sleep(60)"})
    void attacksAreRejectedAndTheServerAnswersTheNextCallAtOnce(String attack) {
        long start = System.nanoTime();
        ContractClient.ToolCall r = client().call("execute_query", Map.of("sql", attack));
        assertTrue(r.isError(), attack);
        assertTrue(r.text().startsWith("Query rejected: "), r.text());
        ContractClient.ToolCall count = call("execute_query", Map.of("sql", "SELECT count(*) AS n FROM customers"));
        assertTrue(count.text().contains("\n43\n"), "customers intact: " + count.text());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "answered at once");
    }

    @Test
    void describeTableAndSchemaResource() {
        ContractClient.ToolCall d = call("describe_table", Map.of("table_name", "support_tickets"));
        assertTrue(d.text().contains("customer_id: integer (FK -> customers.id)"), d.text());
        assertEquals(resourceLinks() ? List.of("schema://main/support_tickets") : List.of(), d.links());
        assertEquals(d.text(), client().read("schema://main/support_tickets"), "the link reads what the call said");

        String json = client().read("postgres://schema");
        assertTrue(json.contains("\"support_tickets\"") && json.contains("\"subscription_tier\""), json);
        assertTrue(client().read("schema://main").contains("public.customers"));
    }

    @Test
    void everyOtherBuiltInToolAnswers() {
        assertTrue(call("list_schemas", Map.of()).text().contains("public"));
        ContractClient.ToolCall tables = call("list_tables", Map.of("schema", "public"));
        assertTrue(tables.text().contains("support_tickets"));
        assertEquals(resourceLinks() ? List.of("schema://main") : List.of(), tables.links());
        ContractClient.ToolCall page = call("read_table", Map.of("table_name", "customers", "limit", 2));
        assertEquals(2, page.structuredContent().get("rowCount"));
        assertTrue(call("get_table_stats", Map.of("table_name", "customers")).text().contains("customers"));
        assertTrue(call("search_tables", Map.of("search_term", "ticket")).text().contains("support_tickets"));
        assertTrue(call("explain_query", Map.of("sql", "SELECT * FROM customers WHERE id = 1")).text().contains("Scan"));
        call("refresh_schema", Map.of());
    }

    @Test
    void everyResourceAndTemplateIsListedAndReadable() {
        List<String> uris = client().resourceUris();
        assertTrue(uris.containsAll(List.of("postgres://schema", "postgres://tables", "databases://list")), uris.toString());
        List<String> templates = client().templateUris();
        assertEquals(List.of("schema://{database}", "schema://{database}/{table}"), templates);
        assertTrue(client().read("schema://main/customers").startsWith("public.customers (table"));
        assertTrue(client().read("postgres://tables").contains("customers"));
        assertTrue(client().read("databases://list").contains("main"));
    }

    @Test
    void aTemplateNamingNoDatabaseOrNoTableIsResourceNotFound() {
        ContractClient.Refused e = assertThrows(ContractClient.Refused.class, () -> client().read("schema://nope"));
        assertEquals(client().resourceNotFoundCode(), e.code, e.getMessage());
        assertTrue(e.getMessage().contains("schema://nope") && e.getMessage().contains("main"), e.getMessage());
        assertTrue(client().read("schema://main").contains("public.customers"), "the server answers the next read");
        ContractClient.Refused table = assertThrows(ContractClient.Refused.class, () -> client().read("schema://main/nope"));
        assertEquals(client().resourceNotFoundCode(), table.code, table.getMessage());
        assertTrue(table.getMessage().contains("schema://main/nope"), table.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void businessIntelligenceToolsAndPromptsAreServed() {
        List<Object> names = client().tools().stream().map(t -> t.get("name")).toList();
        assertTrue(names.containsAll(List.of("get_customer_info", "get_open_tickets", "get_at_risk_customers",
                "get_customer_health_score", "get_ticket_trends")), names.toString());
        Map<String, Object> score = call("get_customer_health_score", Map.of("customer_name", "Accenture")).structuredContent();
        assertEquals("ok", score.get("status"));
        assertEquals("Accenture Technology Solutions", ((Map<String, Object>) score.get("customer")).get("name"));

        assertEquals(List.of("churn-review", "customer-briefing"), client().promptNames().stream().sorted().toList());
        String text = client().prompt("customer-briefing", Map.of("customer", "ASML"));
        assertTrue(text.contains("get_customer_info") && text.contains("\"ASML\""), text);
        ContractClient.Refused bad = assertThrows(ContractClient.Refused.class,
                () -> client().prompt("churn-review", Map.of("min_mrr", "-1")));
        assertEquals(-32602, bad.code, bad.getMessage());
        assertTrue(bad.getMessage().contains("min_mrr"), bad.getMessage());
    }

    @Test
    void promptArgumentsAndTemplateVariablesAreCompleted() {
        assertEquals(List.of("ASML Holding"), client().complete("ref/prompt", "customer-briefing", "customer", "asm"));
        assertEquals(List.of("main"), client().complete("ref/resource", "schema://{database}", "database", "ma"));
        assertEquals(List.of(), client().complete("ref/resource", "schema://{database}", "database", "zz"));
        assertEquals(List.of("support_tickets"), client().complete("ref/resource", "schema://{database}/{table}", "table", "sup"));
    }

    /** Calls a tool and fails the test on an error result. */
    protected ContractClient.ToolCall call(String tool, Map<String, Object> args) {
        ContractClient.ToolCall r = client().call(tool, args);
        assertFalse(r.isError(), () -> tool + ": " + r.text());
        return r;
    }
}
