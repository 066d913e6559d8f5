package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PGMCP_METRICS=prometheus: the scrape text the HTTP transport will serve at GET /metrics. */
class PrometheusMetricsTest {

    @Test
    void scrapeTextHasToolRejectionAndPoolMetrics() {
        String url = TestPostgres.freshDatabase("prometheus");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).metrics("prometheus").auditLog("off")
                .allowUnsafeRole(true).build();
        PrometheusMetrics metrics = PrometheusMetrics.forConfig(config).orElseThrow();
        Supplier<String> scrape = metrics.scrape();
        try (PgMcp pgmcp = metrics.applyTo(PgMcp.builder(config)).build()) {
            assertFalse(pgmcp.callTool("list_schemas", Map.of()).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "SELECT nextval('s')")).error());
            String text = scrape.get();
            assertTrue(text.contains("pgmcp_tool_calls_seconds_count{outcome=\"ok\",tool=\"list_schemas\"} 1"), text);
            assertTrue(text.contains("pgmcp_tool_calls_seconds_count{outcome=\"rejected\",tool=\"execute_query\"} 1"), text);
            assertTrue(text.contains("pgmcp_sql_rejections_total{reason=\"denied_function\"} 1"), text);
            assertTrue(text.contains("hikaricp_connections_max{pool=\"pgmcp-main\"} 10"), text);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
        }
    }

    @Test
    void noRegistryUnlessAskedFor() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", "postgresql://h/db").build();
        assertTrue(PrometheusMetrics.forConfig(config).isEmpty());
    }
}
