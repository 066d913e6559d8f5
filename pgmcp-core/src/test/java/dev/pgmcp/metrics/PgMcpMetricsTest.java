package dev.pgmcp.metrics;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Micrometer meters after real calls: per tool, per rejection reason, per statement, and HikariCP's pool gauges. */
class PgMcpMetricsTest {

    @Test
    void callsRejectionsStatementsAndPoolAreMeasured() {
        String url = TestPostgres.freshDatabase("metrics");
        TestPostgres.run(url, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 7);");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off")
                .poolMaxSize(4).rateLimitPerMinute(8).rateLimitPerHour(0).build();
        MeterRegistry registry = new SimpleMeterRegistry();
        PgMcpMetrics metrics = PgMcpMetrics.bindTo(registry);
        try (PgMcp pgmcp = metrics.applyTo(PgMcp.builder(config).discoverTools(false)).build()) {
            assertTrue(pgmcp.listeners().contains(metrics));
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT id FROM t")).error());
            assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT id FROM t WHERE id > $1",
                    "params", List.of(5))).error());
            assertFalse(pgmcp.callTool("list_schemas", Map.of()).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "DELETE FROM t")).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "UPDATE t SET id = 0")).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "SELECT pg_sleep(10)")).error());
            assertTrue(pgmcp.callTool("execute_query", Map.of("sql", "SELECT * FROM missing")).error());
            assertFalse(pgmcp.callTool("read_table", Map.of("table_name", "t")).error());
            assertTrue(pgmcp.callTool("list_schemas", Map.of()).error()); // the 9th call: over 8 per minute

            assertEquals(2, timerCount(registry, "pgmcp.tool.calls", "tool", "execute_query", "outcome", "ok"));
            assertEquals(3, timerCount(registry, "pgmcp.tool.calls", "tool", "execute_query", "outcome", "rejected"));
            assertEquals(1, timerCount(registry, "pgmcp.tool.calls", "tool", "execute_query", "outcome", "error"));
            assertEquals(1, timerCount(registry, "pgmcp.tool.calls", "tool", "list_schemas", "outcome", "ok"));
            assertEquals(1, timerCount(registry, "pgmcp.tool.calls", "tool", "list_schemas", "outcome", "rate_limited"));
            assertEquals(1, timerCount(registry, "pgmcp.tool.calls", "tool", "read_table", "outcome", "ok"));

            assertEquals(2.0, registry.get("pgmcp.sql.rejections").tag("reason", "not_read_only").counter().count());
            assertEquals(1.0, registry.get("pgmcp.sql.rejections").tag("reason", "denied_function").counter().count());

            assertEquals(3, timerCount(registry, "pgmcp.statements", "database", "main", "outcome", "ok"));
            assertEquals(3, timerCount(registry, "pgmcp.statements", "database", "main", "outcome", "rejected"));
            assertEquals(1, timerCount(registry, "pgmcp.statements", "database", "main", "outcome", "error"));
            assertEquals(7 + 2 + 7, registry.get("pgmcp.statement.rows").tag("database", "main").summary().totalAmount());

            // HikariCP's own binding, tagged with the pool's name.
            assertEquals(4.0, registry.get("hikaricp.connections.max").tag("pool", "pgmcp-main").gauge().value());
            assertEquals(0.0, registry.get("hikaricp.connections.active").tag("pool", "pgmcp-main").gauge().value());
            assertTrue(registry.get("hikaricp.connections").tag("pool", "pgmcp-main").gauge().value() >= 1);
            assertTrue(registry.get("hikaricp.connections.acquire").tag("pool", "pgmcp-main").timer().count() >= 4);
        }
    }

    private static long timerCount(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).timer().count();
    }
}
