package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.ToolList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tool list shows of the built-in tools: exactly the core tools (the optional modules add
 * theirs, e.g. {@code query} of pgmcp-tools-nlq), a title on every tool and resource, the safety facts
 * in the descriptions, and the compact {@code database} argument.
 */
class ToolListTest {

    static final List<String> BUILT_IN = List.of("list_schemas", "list_tables", "describe_table", "read_table",
            "execute_query", "explain_query", "get_table_stats", "search_tables", "refresh_schema", "get_database_health",
            "get_top_queries", "get_index_advice", "get_locks_and_activity");

    static String url;

    @BeforeAll
    static void database() {
        url = TestPostgres.freshDatabase("tool_list");
        TestPostgres.run(url, "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'hi');");
    }

    static PgMcpConfig.Builder config() {
        return PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off");
    }

    @Test
    void everyBuiltInToolHasATitleAndKeepsItsHints() {
        try (PgMcp pgmcp = PgMcp.builder(config().build()).discoverTools(false).build()) {
            assertEquals(BUILT_IN, List.copyOf(pgmcp.tools().keySet()));
            for (Tool t : pgmcp.tools().values()) {
                ToolAnnotations a = t.annotations();
                assertNotNull(a.title(), t.name());
                assertTrue(a.title().length() <= 20, t.name() + ": " + a.title());
                assertTrue(a.readOnlyHint() && !a.destructiveHint(), t.name());
                assertTrue(t.description().length() <= 300, t.name() + ": " + t.description().length());
            }
            assertEquals(ToolAnnotations.READ_ONLY.withTitle("Run SQL"), pgmcp.tools().get("execute_query").annotations());
            System.out.println(ToolList.report(pgmcp));
            // 9,500 bytes for the nine schema and query tools (and room for a small one); the four insight tools
            // (health, top queries, index advice, locks) and explain_query's analyze add about 4,200.
            assertTrue(ToolList.bytes(ToolList.result(pgmcp)) <= 14_000, ToolList.report(pgmcp));
        }
    }

    @Test
    void coreAloneServesExactlyTheCoreTools() {
        // Discovery on: core's own jar lists no tool (its tests list one, test_discovered); no query tool.
        try (PgMcp pgmcp = PgMcp.builder(config().build()).build()) {
            List<String> expected = new java.util.ArrayList<>(BUILT_IN);
            expected.add(new DiscoveredTestTool().name());
            assertEquals(expected, List.copyOf(pgmcp.tools().keySet()));
            assertTrue(pgmcp.prompts().isEmpty());
        }
    }

    @Test
    void theSafetyFactsStayInTheDescriptions() {
        try (PgMcp pgmcp = PgMcp.builder(config().build()).discoverTools(false).build()) {
            String execute = pgmcp.tools().get("execute_query").description();
            for (String fact : List.of("ONE read-only", "$1..$n", "capped", "untrusted data")) {
                assertTrue(execute.contains(fact), fact + " in " + execute);
            }
            assertTrue(pgmcp.tools().get("read_table").description().contains("untrusted data"));
            assertTrue(pgmcp.tools().get("explain_query").description().contains("analyze=true EXECUTES the statement"));
        }
    }

    @Test
    void theDatabaseArgumentIsATypedStringWithTheAliasesOnlyWhenThereAreSeveral() {
        try (PgMcp pgmcp = PgMcp.builder(config().build()).discoverTools(false).build()) {
            for (Tool t : pgmcp.tools().values()) {
                Map<?, ?> properties = (Map<?, ?>) pgmcp.inputSchema(t).get("properties");
                assertEquals(Map.of("type", "string"), properties.get("database"), t.name());
                assertEquals(false, pgmcp.inputSchema(t).get("additionalProperties"), t.name());
            }
            // Still accepted, and an alias that is not configured is an error naming the configured ones.
            assertFalse(pgmcp.callTool("list_tables", Map.of("database", "main")).error());
            ToolResult other = pgmcp.callTool("list_tables", Map.of("database", "sales"));
            assertTrue(other.error() && other.text().contains("main"), other.text());
        }
        try (PgMcp pgmcp = PgMcp.builder(config().database("copy", url).build()).discoverTools(false).build()) {
            Map<?, ?> properties = (Map<?, ?>) pgmcp.inputSchema(pgmcp.tools().get("list_tables")).get("properties");
            assertEquals(Map.of("type", "string", "enum", List.of("main", "copy")), properties.get("database"));
        }
    }

    @Test
    void everyBuiltInResourceHasATitle() {
        try (PgMcp pgmcp = PgMcp.builder(config().build()).discoverTools(false).build()) {
            for (ResourceDefinition r : pgmcp.resources()) {
                assertNotNull(r.title(), r.uri());
                assertFalse(r.title().isBlank(), r.uri());
            }
            assertEquals("Databases", pgmcp.resources().stream().filter(r -> r.uri().equals("databases://list"))
                    .findFirst().orElseThrow().title());
        }
        ResourceDefinition untitled = new ResourceDefinition("x://y", false, "y", "Y", "text/plain", (vars, who) -> "");
        assertEquals(null, untitled.title());
    }
}
