package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TcpProxy;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real databases configured by {@code PGMCP_DATABASES}: the same tools on each through the
 * {@code database} argument, {@code databases://list} and {@code schema://{database}}, and one
 * database stopped (behind a proxy that refuses connections) while the other keeps serving, then
 * served again once it is back.
 */
class NamedDatabasesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static TcpProxy proxy;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() throws Exception {
        String main = TestPostgres.freshDatabase("named_main");
        String analytics = TestPostgres.freshDatabase("named_analytics");
        TestPostgres.run(main, "CREATE TABLE orders (id int PRIMARY KEY, total numeric); INSERT INTO orders VALUES (1, 10), (2, 20);");
        TestPostgres.run(analytics, "CREATE TABLE visits (id int PRIMARY KEY, page text); INSERT INTO visits VALUES (1, '/'), (2, '/a'), (3, '/b');");
        URI u = URI.create(analytics.substring("jdbc:".length()));
        proxy = new TcpProxy(u.getHost(), u.getPort());
        String viaProxy = analytics.replace(u.getHost() + ":" + u.getPort(), "127.0.0.1:" + proxy.port());
        PgMcpConfig config = PgMcpConfig.builder().database("main", main).database("analytics", viaProxy)
                .allowUnsafeRole(true).connectTimeout(Duration.ofMillis(1000)).poolMinIdle(0).auditLog("off")
                .rateLimitPerMinute(0).rateLimitPerHour(0).build();
        pgmcp = PgMcp.builder(config).discoverTools(false).build();
    }

    @AfterAll
    static void stop() throws Exception {
        pgmcp.close();
        proxy.close();
    }

    static ToolResult call(String tool, Map<String, Object> args) {
        return pgmcp.callTool(tool, args);
    }

    @SuppressWarnings("unchecked")
    static List<String> tableNames(ToolResult r) {
        return ((List<Map<String, Object>>) r.structuredContent().get("tables")).stream()
                .map(t -> (String) t.get("name")).toList();
    }

    @Test
    void theSameToolsWorkOnEachDatabase() {
        assertEquals("main", pgmcp.databases().defaultName());
        assertEquals(List.of("orders"), tableNames(call("list_tables", Map.of())));
        assertEquals(List.of("orders"), tableNames(call("list_tables", Map.of("database", "main"))));
        assertEquals(List.of("visits"), tableNames(call("list_tables", Map.of("database", "analytics"))));
        ToolResult count = call("execute_query", Map.of("sql", "SELECT count(*) AS n FROM visits", "database", "analytics"));
        assertFalse(count.error(), count.text());
        assertTrue(count.text().contains("3"), count.text());
        ToolResult wrongDb = call("execute_query", Map.of("sql", "SELECT count(*) FROM visits"));
        assertTrue(wrongDb.error(), wrongDb.text());
        assertTrue(wrongDb.text().contains("42P01"), wrongDb.text());
        ToolResult described = call("describe_table", Map.of("table_name", "visits", "database", "analytics"));
        assertFalse(described.error(), described.text());
        ToolResult unknown = call("list_tables", Map.of("database", "sales"));
        assertTrue(unknown.error());
        assertTrue(unknown.text().contains("configured: main, analytics"), unknown.text());
    }

    @Test
    void everyToolAdvertisesTheDatabaseArgument() {
        for (Tool t : pgmcp.tools().values()) {
            Map<?, ?> properties = (Map<?, ?>) pgmcp.inputSchema(t).get("properties");
            Map<?, ?> database = (Map<?, ?>) properties.get("database");
            assertEquals(List.of("main", "analytics"), database.get("enum"), t.name());
            assertFalse(t.inputSchema().containsKey("required") && ((List<?>) t.inputSchema().get("required")).contains("database"),
                    t.name());
        }
    }

    @Test
    void resourcesListAndDescribeBothDatabases() {
        ResourceDefinition list = pgmcp.resources().stream().filter(r -> r.uri().equals("databases://list")).findFirst().orElseThrow();
        JsonNode root = JSON.readTree(list.reader().read(Map.of()));
        assertEquals(2, root.get("databases").size());
        assertEquals("main", root.get("databases").get(0).get("name").asString());
        assertTrue(root.get("databases").get(0).get("default").asBoolean());
        assertEquals("analytics", root.get("databases").get(1).get("name").asString());
        assertEquals("schema://analytics", root.get("databases").get(1).get("uri").asString());
        ResourceDefinition schema = pgmcp.resources().stream().filter(r -> r.uri().equals("schema://{database}")).findFirst().orElseThrow();
        String text = schema.reader().read(Map.of("database", "analytics"));
        assertTrue(text.startsWith("Database: analytics"), text);
        assertTrue(text.contains("visits"), text);
        assertFalse(text.contains("orders"), text);
    }

    @Test
    void aStoppedDatabaseIsUnavailableWhileTheOtherServesAndIsRetried() {
        assertFalse(call("list_tables", Map.of("database", "analytics")).error());
        proxy.refuse(true);
        try {
            ToolResult down = call("execute_query", Map.of("sql", "SELECT 1", "database", "analytics"));
            assertTrue(down.error(), down.text());
            assertTrue(down.text().startsWith("Database unavailable"), down.text());
            ToolResult up = call("execute_query", Map.of("sql", "SELECT count(*) FROM orders"));
            assertFalse(up.error(), up.text());
        } finally {
            proxy.refuse(false);
        }
        ToolResult back = call("execute_query", Map.of("sql", "SELECT count(*) FROM visits", "database", "analytics"));
        assertFalse(back.error(), back.text());
    }
}
