package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.SchemaConformance;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code get_index_advice} with the hypopg extension: the index a workload obviously needs (a filter on
 * an unindexed column of a large table) is tried as a hypothetical index and recommended with its
 * cost drop and size, a useless one is not, and no hypothetical index is left on pgmcp's pooled
 * connections afterwards.
 *
 * <p>Tagged {@code hypopg}: runs only in the Maven profile of that name, against a server that has the
 * extension ({@code PGMCP_TEST_JDBC_URL}; see the README and {@code .ci/run}).
 */
@Tag("hypopg")
@SuppressWarnings("unchecked")
class HypotheticalIndexAdviceTest {

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("hypopg_advice");
        TestPostgres.run(url, """
                CREATE EXTENSION hypopg;
                CREATE TABLE orders (id int PRIMARY KEY, customer_ref int NOT NULL, status text NOT NULL, note text);
                INSERT INTO orders SELECT g, g % 5000, CASE WHEN g % 2 = 0 THEN 'open' ELSE 'done' END, repeat('x', 40)
                    FROM generate_series(1, 200000) g;
                """);
        TestPostgres.run(url, "VACUUM ANALYZE orders");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).poolMaxSize(1)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @Test
    void theIndexTheFilterNeedsIsRecommendedWithItsCostAndSize() throws Exception {
        ToolResult r = pgmcp.callTool("get_index_advice", Map.of("sql", "SELECT id, note FROM orders WHERE customer_ref = 42"));
        assertFalse(r.error(), r.text());
        SchemaConformance.assertConforms(pgmcp.tools().get("get_index_advice").outputSchema(), r.structuredContent(), "advice");
        Map<String, Object> m = r.structuredContent();
        assertEquals(true, m.get("hypopg"), m.toString());
        List<Map<String, Object>> recs = (List<Map<String, Object>>) m.get("recommendations");
        assertEquals(1, recs.size(), m.toString());
        Map<String, Object> rec = recs.get(0);
        assertEquals(List.of("customer_ref"), rec.get("columns"));
        assertEquals(true, rec.get("verified"));
        assertTrue(((Number) rec.get("improvement_percent")).doubleValue() > 90, rec.toString());
        assertTrue(((Number) rec.get("cost_after")).doubleValue() < ((Number) rec.get("cost_before")).doubleValue());
        assertTrue(((Number) rec.get("estimated_size_bytes")).longValue() > 1_000_000, rec.toString());

        // A filter keeping half the rows: an index would not pay, so none is recommended.
        ToolResult half = pgmcp.callTool("get_index_advice", Map.of("sql", "SELECT id, note FROM orders WHERE status = 'open'"));
        assertFalse(half.error(), half.text());
        assertEquals(List.of(), half.structuredContent().get("recommendations"), half.text());

        // The hypothetical indexes lived in pgmcp's pooled session (one connection) only during the call:
        // plain EXPLAIN there would use one that was left behind.
        ToolResult plan = pgmcp.callTool("explain_query", Map.of("sql", "SELECT id, note FROM orders WHERE customer_ref = 42"));
        assertFalse(plan.error(), plan.text());
        assertTrue(plan.text().contains("Seq Scan") && !plan.text().contains("Index"), plan.text());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "only the primary key: nothing was created");
        }
    }
}
