package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.bi.demo.DemoDataset;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host application's own tool, added through the SPI, runs next to the built-in ones. */
class RevenueByCountryToolTest {

    @Test
    @SuppressWarnings("unchecked")
    void hostToolIsListedAndAnswersFromTheDemoData() throws Exception {
        String url = TestPostgres.freshDatabase("revenue");
        DemoDataset.load(url);
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build();
        try (PgMcp pgmcp = PgMcp.builder(config).addTool(new RevenueByCountryTool()).build()) {
            assertTrue(pgmcp.tools().containsKey("revenue_by_country"));
            assertTrue(pgmcp.tools().containsKey("execute_query"));
            ToolResult r = pgmcp.callTool("revenue_by_country", Map.of("min_mrr", 50000));
            assertFalse(r.error(), r.text());
            List<List<Object>> rows = (List<List<Object>>) r.structuredContent().get("rows");
            ToolResult check = pgmcp.callTool("execute_query", Map.of("sql",
                    "SELECT count(DISTINCT country) FROM customers WHERE mrr >= 50000"));
            Object distinct = ((List<List<Object>>) check.structuredContent().get("rows")).get(0).get(0);
            assertEquals(((Number) distinct).intValue(), rows.size());
            // Largest first, and every total is an exact decimal string.
            assertTrue(new java.math.BigDecimal((String) rows.get(0).get(2))
                    .compareTo(new java.math.BigDecimal((String) rows.get(rows.size() - 1).get(2))) >= 0);
            ToolResult bad = pgmcp.callTool("revenue_by_country", Map.of("min_mrr", -1));
            assertTrue(bad.error());
            assertTrue(bad.text().startsWith("Invalid arguments: min_mrr"), bad.text());
        }
    }
}
