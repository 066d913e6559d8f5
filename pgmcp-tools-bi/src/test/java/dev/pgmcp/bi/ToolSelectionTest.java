package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.ToolList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code PGMCP_TOOLS} with the business-intelligence tools: a subset is served, and only it is checked. */
class ToolSelectionTest {

    static PgMcp engine(BiMapping mapping, List<String> tools) {
        PgMcpConfig config = PgMcpConfig.builder().database("main", BiFixture.URL).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off").tools(tools).build();
        PgMcp.Builder b = PgMcp.builder(config).discoverTools(false);
        BiPack pack = BiPack.of(mapping);
        pack.tools().forEach(b::addTool);
        return b.build();
    }

    @Test
    void aSubsetOfBuiltInAndBusinessToolsIsServed() {
        try (PgMcp engine = engine(BiMapping.DEMO, List.of("get_customer_health_score", "execute_query", "get_customer_info"))) {
            assertEquals(List.of("execute_query", "get_customer_info", "get_customer_health_score"),
                    List.copyOf(engine.tools().keySet()));
            engine.checkAtStartUp();
            Map<String, Object> asml = BiFixture.ok(engine, "get_customer_info", Map.of("search", "ASML"));
            assertEquals(1, asml.get("count"));
            assertThrows(IllegalArgumentException.class, () -> engine.callTool("get_open_tickets", Map.of()));
            int bytes = ToolList.bytes(ToolList.result(engine));
            System.out.println(ToolList.report(engine));
            assertTrue(bytes < 3_000, ToolList.report(engine));
        }
    }

    @Test
    void aMappingIsCheckedOnlyWhenABusinessToolIsServed() {
        BiMapping typo = BiMapping.builder().customersTable("crm.acounts").build();
        try (PgMcp engine = engine(typo, List.of("list_tables", "describe_table"))) {
            engine.checkAtStartUp(); // no business tool is served: nothing to check
        }
        try (PgMcp engine = engine(typo, List.of("list_tables", "get_ticket_trends"))) {
            ConfigException e = assertThrows(ConfigException.class, engine::checkAtStartUp);
            assertTrue(e.getMessage().contains("crm.acounts"), e.getMessage());
        }
    }

    @Test
    void aBusinessToolMissingFromTheClassPathIsNamedAtBuild() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", BiFixture.URL).allowUnsafeRole(true).auditLog("off")
                .tools(List.of("get_open_tickets")).build();
        ConfigException e = assertThrows(ConfigException.class, () -> PgMcp.builder(config).discoverTools(false).build());
        assertTrue(e.getMessage().startsWith("PGMCP_TOOLS: no tool is named 'get_open_tickets'; available: list_schemas"),
                e.getMessage());
    }
}
