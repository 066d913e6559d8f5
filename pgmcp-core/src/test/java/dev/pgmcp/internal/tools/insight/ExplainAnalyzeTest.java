package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.SchemaConformance;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain_query} with {@code analyze: true}: a write in any disguise is refused exactly as
 * {@code execute_query} refuses it, and a SELECT comes back with actual rows and timings, having
 * changed nothing.
 */
class ExplainAnalyzeTest {

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("explain_analyze");
        TestPostgres.run(url, """
                CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL);
                INSERT INTO items SELECT g, g % 7 FROM generate_series(1, 1000) g;
                CREATE SEQUENCE ticket_seq;
                ANALYZE;
                """);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).maxRows(20)
                        .statementTimeout(Duration.ofMillis(1500)).rateLimitPerMinute(0).rateLimitPerHour(0).build())
                .discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static long scalar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aWriteIsRefusedExactlyAsExecuteQueryRefusesIt() throws Exception {
        List<String> writes = List.of(
                "DELETE FROM items",
                "WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*) FROM gone",
                "SELECT * FROM items WHERE id = 1 FOR UPDATE",
                "UPDATE items SET qty = 0",
                "SELECT nextval('ticket_seq')",
                "SELECT 1; DELETE FROM items",
                "EXPLAIN ANALYZE DELETE FROM items",
                "EXPLAIN (ANALYZE) SELECT 1",
                "/* x */ EXPLAIN ANALYSE DELETE FROM items",
                "SELECT * INTO copy_of_items FROM items");
        for (String sql : writes) {
            ToolResult execute = pgmcp.callTool("execute_query", Map.of("sql", sql));
            ToolResult explain = pgmcp.callTool("explain_query", Map.of("sql", sql, "analyze", true));
            assertTrue(execute.error(), sql + ": " + execute.text());
            assertTrue(explain.error(), sql + " must be refused: " + explain.text());
            if (!sql.contains("EXPLAIN")) {
                assertEquals(execute.text(), explain.text(), sql);
            }
            assertFalse(explain.text().contains("Exception"), explain.text());
        }
        assertEquals(1000, scalar("SELECT count(*) FROM items"));
        assertEquals(0, scalar("SELECT count(*) FROM items WHERE qty = 0 AND id % 7 <> 0"));
        assertEquals(1, scalar("SELECT CASE WHEN is_called THEN 0 ELSE last_value END FROM ticket_seq"));
        assertEquals(0, scalar("SELECT count(*) FROM pg_class WHERE relname = 'copy_of_items'"));
    }

    @Test
    void aSelectComesBackWithActualRowsAndTimings() throws Exception {
        ToolResult r = pgmcp.callTool("explain_query", Map.of("sql", "SELECT * FROM items WHERE qty = $1 -- sevens",
                "params", List.of(3), "analyze", true, "buffers", true));
        assertFalse(r.error(), r.text());
        Map<String, Object> m = r.structuredContent();
        SchemaConformance.assertConforms(pgmcp.tools().get("explain_query").outputSchema(), m, "analyze");
        assertEquals(true, m.get("analyzed"));
        assertEquals(143.0, ((Number) m.get("actual_rows")).doubleValue());
        assertTrue(((Number) m.get("execution_ms")).doubleValue() > 0, m.toString());
        assertTrue(((Number) m.get("planning_ms")).doubleValue() >= 0, m.toString());
        String plan = (String) m.get("plan");
        assertTrue(plan.contains("Seq Scan on") && plan.contains("actual time=") && plan.contains("rows=143"), plan);
        assertTrue(plan.contains("Rows Removed by Filter: 857"), plan);
        assertTrue(plan.contains("Buffers: shared hit="), plan);
        assertTrue(r.text().contains("executed"), r.text());

        ToolResult json = pgmcp.callTool("explain_query", Map.of("sql", "SELECT count(*) FROM items", "analyze", true,
                "format", "json"));
        assertFalse(json.error(), json.text());
        assertTrue(json.text().contains("\"Actual Rows\""), json.text());
        assertEquals(1.0, ((Number) json.structuredContent().get("actual_rows")).doubleValue());
        assertEquals(1000, scalar("SELECT count(*) FROM items"));
    }

    @Test
    void analyzeRunsUnderTheStatementTimeout() {
        ToolResult r = pgmcp.callTool("explain_query", Map.of("analyze", true,
                "sql", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));
        assertTrue(r.error(), r.text());
        assertTrue(r.text().contains("57014") || r.text().toLowerCase().contains("timeout"), r.text());
        // Plain EXPLAIN of the same statement does not run it.
        ToolResult plain = pgmcp.callTool("explain_query", Map.of(
                "sql", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));
        assertFalse(plain.error(), plain.text());
        assertEquals(false, plain.structuredContent().get("analyzed"));
    }

    @Test
    void buffersWithoutAnalyzeIsAnArgumentError() {
        ToolResult r = pgmcp.callTool("explain_query", Map.of("sql", "SELECT 1", "buffers", true));
        assertTrue(r.error() && r.text().contains("analyze"), r.text());
    }
}
