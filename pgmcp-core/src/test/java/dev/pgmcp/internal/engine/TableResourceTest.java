package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.UnknownDatabaseException;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.internal.tools.SchemaViews;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.UnknownRelationException;
import dev.pgmcp.spi.ResourceLink;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-table resource {@code schema://{database}/{table}} against a real database: it finds a
 * relation by the names describe_table takes, reads the same visible snapshot (a denied table and a
 * view over it stay hidden), and fails for an unknown table as for an unknown database; its
 * {@code {table}} completes from the database the client resolved; describe_table and list_tables
 * link to these resources.
 */
class TableResourceTest {

    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("table_resource");
        TestPostgres.run(url, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(12,2));"
                + "CREATE TABLE order_lines (order_id int REFERENCES orders(id), sku text);"
                + "CREATE TABLE salaries (id int PRIMARY KEY, amount numeric);"
                + "CREATE VIEW payroll AS SELECT * FROM salaries;"
                + "CREATE SCHEMA sales; CREATE TABLE sales.\"Order.Lines\" (line int);");
        String archive = TestPostgres.freshDatabase("table_resource_archive");
        TestPostgres.run(archive, "CREATE TABLE orders_2019 (id int); CREATE TABLE refunds (id int);");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).database("archive", archive)
                .denyTables(List.of("public.salaries")).allowUnsafeRole(true).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static String read(String database, String table) {
        ResourceDefinition d = pgmcp.resources().stream().filter(r -> r.uri().equals("schema://{database}/{table}"))
                .findFirst().orElseThrow();
        return d.reader().read(Map.of("database", database, "table", table));
    }

    @Test
    void aTableReadsAsDescribeTableWritesIt() {
        String text = read("main", "orders");
        assertTrue(text.startsWith("public.orders (table"), text);
        assertTrue(text.contains("  - id: integer (PK) NOT NULL"), text);
        assertTrue(text.contains("  - customer: text NOT NULL"), text);
        assertTrue(text.contains("  - total: numeric(12,2)"), text);
        assertFalse(text.contains("order_lines"), "one relation only: " + text);
        ToolResult described = pgmcp.callTool("describe_table", Map.of("table_name", "orders"));
        assertEquals(described.text(), text, "the same text as describe_table");
        assertEquals(text, read("main", "public.orders"));
        assertEquals(text, read("main", "ORDERS"), "case-insensitive when unambiguous, as describe_table");
    }

    @Test
    void aNameWithADotInAnotherSchemaIsQuotedAndReadsBack() {
        RelationInfo lines = pgmcp.database(null).schema().snapshot().find("sales", "Order.Lines").orElseThrow();
        assertEquals("sales.\"Order.Lines\"", SchemaViews.name(lines));
        assertTrue(read("main", SchemaViews.name(lines)).startsWith("sales.Order.Lines (table"));
        ToolResult described = pgmcp.callTool("describe_table", Map.of("table_name", "sales.\"Order.Lines\""));
        assertFalse(described.error(), described.text());
        RelationInfo orders = pgmcp.database(null).schema().snapshot().find("public", "orders").orElseThrow();
        assertEquals("orders", SchemaViews.name(orders), "schema public needs no qualifier");
    }

    @Test
    void anUnknownTableFailsWithItsOwnExceptionAndAnUnknownDatabaseWithTheOther() {
        UnknownRelationException e = assertThrows(UnknownRelationException.class, () -> read("main", "ordersx"));
        assertEquals("no table or view public.ordersx is visible; did you mean: public.orders", e.getMessage());
        assertThrows(UnknownDatabaseException.class, () -> read("nope", "orders"));
        ToolResult tool = pgmcp.callTool("describe_table", Map.of("table_name", "ordersx"));
        assertEquals("Invalid arguments: table_name: " + e.getMessage(), tool.text(), "the tool says the same");
    }

    @Test
    void aDeniedTableAndAViewOverItAreNotReadable() {
        UnknownRelationException denied = assertThrows(UnknownRelationException.class, () -> read("main", "salaries"));
        assertTrue(denied.getMessage().startsWith("no table or view public.salaries is visible"), denied.getMessage());
        assertFalse(denied.getMessage().contains("did you mean: public.salaries"), denied.getMessage());
        assertThrows(UnknownRelationException.class, () -> read("main", "payroll"));
        assertThrows(UnknownRelationException.class, () -> read("main", "public.payroll"));
    }

    static final String TABLE = "schema://{database}/{table}";

    @Test
    void tableNamesCompleteByPrefixFromTheDefaultDatabase() {
        assertEquals(List.of("order_lines", "orders"), pgmcp.completeTemplate(TABLE, "table", "ord"));
        assertEquals(List.of("order_lines", "orders"), pgmcp.completeTemplate(TABLE, "table", "ORD"));
        assertEquals(List.of("public.order_lines", "public.orders"), pgmcp.completeTemplate(TABLE, "table", "public.or"));
        assertEquals(List.of("sales.\"Order.Lines\""), pgmcp.completeTemplate(TABLE, "table", "sal"),
                "the denied salaries and the view over it are not offered");
        assertEquals(List.of("order_lines", "orders", "sales.\"Order.Lines\""), pgmcp.completeTemplate(TABLE, "table", null));
        for (String name : pgmcp.completeTemplate(TABLE, "table", "")) {
            assertFalse(read("main", name).isEmpty(), name + " reads back");
        }
        assertEquals(List.of(), pgmcp.completeTemplate(TABLE, "table", "zz"));
        assertEquals(List.of(), pgmcp.completeTemplate("schema://{database}", "table", "ord"), "that template has no {table}");
        assertEquals(List.of("archive", "main"), pgmcp.completeTemplate(TABLE, "database", ""));
    }

    @Test
    void tableNamesCompleteFromTheDatabaseInTheContext() {
        assertEquals(List.of("orders_2019"), pgmcp.completeTemplate(TABLE, "table", "ord", Map.of("database", "archive")));
        assertEquals(List.of("order_lines", "orders"), pgmcp.completeTemplate(TABLE, "table", "ord", Map.of("database", "main")));
        assertEquals(List.of(), pgmcp.completeTemplate(TABLE, "table", "ord", Map.of("database", "nope")),
                "an unknown database offers nothing");
        assertTrue(read("archive", "orders_2019").startsWith("public.orders_2019 (table"));
    }

    @Test
    void describeTableAndListTablesLinkToTheResourcesOfTheDatabaseTheyRead() {
        ToolResult described = pgmcp.callTool("describe_table", Map.of("table_name", "orders_2019", "database", "archive"));
        assertEquals(List.of(new ResourceLink("schema://archive/orders_2019", "public.orders_2019",
                "Schema of table public.orders_2019", null, "text/plain")), described.links());
        ToolResult quoted = pgmcp.callTool("describe_table", Map.of("table_name", "Order.Lines", "schema", "sales"));
        assertEquals("schema://main/sales.%22Order.Lines%22", quoted.links().get(0).uri(), "the default alias");
        ToolResult listed = pgmcp.callTool("list_tables", Map.of());
        assertEquals(List.of(new ResourceLink("schema://main", "main", "Schema of database main", null, "text/plain")),
                listed.links());
        assertEquals(List.of(), pgmcp.callTool("describe_table", Map.of("table_name", "salaries")).links());
        assertEquals(List.of(), pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1 AS one")).links());
    }
}
