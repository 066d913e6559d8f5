package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code PGMCP_TOOLS}: the engine serves only the tools it names, and refuses a name no tool has. */
class ToolSelectionTest {

    static String url;

    @BeforeAll
    static void database() {
        url = TestPostgres.freshDatabase("tool_selection");
        TestPostgres.run(url, "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'hi');");
    }

    static PgMcpConfig.Builder config() {
        return PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off");
    }

    @Test
    void onlyTheSelectedToolsAreServedInListingOrder() {
        PgMcpConfig selected = config().tools(List.of("execute_query", "list_tables", "describe_table")).build();
        try (PgMcp pgmcp = PgMcp.builder(selected).discoverTools(false).build()) {
            assertEquals(List.of("list_tables", "describe_table", "execute_query"), List.copyOf(pgmcp.tools().keySet()));
            ToolResult rows = pgmcp.callTool("execute_query", Map.of("sql", "SELECT body FROM notes"));
            assertFalse(rows.error(), rows.text());
            assertTrue(rows.text().contains("hi"), rows.text());
            IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
                    () -> pgmcp.callTool("read_table", Map.of("table_name", "notes")));
            assertTrue(hidden.getMessage().contains("unknown tool 'read_table'"), hidden.getMessage());
        }
    }

    @Test
    void aHostToolCanBeSelectedByName() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off")
                .tools(List.of("echo_notes", "list_schemas")).build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(new EchoNotes()).build()) {
            assertEquals(List.of("list_schemas", "echo_notes"), List.copyOf(pgmcp.tools().keySet()));
            ToolResult r = pgmcp.callTool("echo_notes", Map.of());
            assertFalse(r.error(), r.text());
        }
    }

    @Test
    void anUnknownToolNameStopsTheBuildNamingItAndTheAvailableOnes() {
        PgMcpConfig typo = config().tools(List.of("list_tables", "execute_sql", "describe")).build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> PgMcp.builder(typo).discoverTools(false).build());
        assertEquals("PGMCP_TOOLS", e.setting());
        assertTrue(e.getMessage().startsWith("PGMCP_TOOLS: no tools are named 'execute_sql', 'describe'; available: "
                + "list_schemas, list_tables, describe_table,"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", refresh_schema, get_database_health, get_top_queries, get_index_advice, "
                + "get_locks_and_activity"), e.getMessage());

        // The natural-language query tool is in pgmcp-tools-nlq, not core: naming it without the module fails.
        PgMcpConfig nlq = config().tools(List.of("list_tables", "query")).build();
        ConfigException missing = assertThrows(ConfigException.class, () -> PgMcp.builder(nlq).discoverTools(false).build());
        assertTrue(missing.getMessage().startsWith("PGMCP_TOOLS: no tool is named 'query';"), missing.getMessage());

        PgMcpConfig one = config().tools(List.of("echo_notes")).build();
        ConfigException single = assertThrows(ConfigException.class, () -> PgMcp.builder(one).discoverTools(false).build());
        assertTrue(single.getMessage().startsWith("PGMCP_TOOLS: no tool is named 'echo_notes';"), single.getMessage());
    }

    /** A host application's tool, to select by name like a built-in one. */
    static final class EchoNotes implements Tool {
        @Override
        public String name() {
            return "echo_notes";
        }

        @Override
        public String description() {
            return "Count the notes.";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            var r = context.queries().queryTrusted("SELECT count(*) FROM notes", List.of(), 1);
            return ToolResult.of(Map.of("notes", r.rows().get(0).get(0)), "notes: " + r.rows().get(0).get(0));
        }
    }
}
