package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.embedded.EmbeddedPostgresServer;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.SchemaConformance;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * {@code get_top_queries} on a server that loads {@code pg_stat_statements}: an embedded one started
 * with {@code shared_preload_libraries=pg_stat_statements}, or the server of {@code PGMCP_TEST_JDBC_URL}
 * when it loads the module. A slow query comes first by total and mean time; a read-only role with
 * {@code pg_monitor} passes the role check and sees every role's statements, one without it is told
 * what it cannot see.
 */
@SuppressWarnings("unchecked")
class TopQueriesTest {

    static EmbeddedPostgresServer own;
    static String admin;
    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() throws Exception {
        // Its own server, whatever PGMCP_TEST_JDBC_URL says: pg_stat_statements must be preloaded at start,
        // which a shared server may not do, and this test must run (not be skipped) on every build.
        own = EmbeddedPostgresServer.start(Map.of("shared_preload_libraries", "pg_stat_statements"));
        admin = own.jdbcUrl("postgres");
        String name = "top_queries_" + ProcessHandle.current().pid();
        TestPostgres.run(admin, "DROP DATABASE IF EXISTS " + name);
        TestPostgres.run(admin, "CREATE DATABASE " + name);
        url = admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        TestPostgres.run(url, """
                CREATE EXTENSION pg_stat_statements;
                CREATE TABLE events (id int PRIMARY KEY, kind text);
                INSERT INTO events SELECT g, 'k' || (g % 10) FROM generate_series(1, 1000) g;
                """);
        TestPostgres.run(url, "SELECT pg_stat_statements_reset()");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SELECT pg_sleep(0.3), 'slow report'");
            for (int i = 0; i < 50; i++) {
                s.execute("SELECT count(*) FROM events WHERE kind = 'k" + (i % 10) + "'");
            }
        }
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        if (pgmcp != null) {
            pgmcp.close();
        }
        if (own != null) {
            own.close();
        }
    }

    static Map<String, Object> ok(PgMcp server, Map<String, Object> args) {
        ToolResult r = server.callTool("get_top_queries", args);
        assertFalse(r.error(), r.text());
        SchemaConformance.assertConforms(server.tools().get("get_top_queries").outputSchema(), r.structuredContent(), "top");
        return r.structuredContent();
    }

    @Test
    void theSlowQueryComesFirstByTotalAndMeanTime() {
        Map<String, Object> top = ok(pgmcp, Map.of());
        assertEquals(true, top.get("available"), top.toString());
        List<Map<String, Object>> queries = (List<Map<String, Object>>) top.get("queries");
        assertTrue(((String) queries.get(0).get("query")).contains("pg_sleep"), queries.toString());
        assertTrue(((Number) queries.get(0).get("total_ms")).doubleValue() >= 300, queries.get(0).toString());

        Map<String, Object> byMean = ok(pgmcp, Map.of("order_by", "mean_time", "limit", 1));
        assertEquals(1, ((List<?>) byMean.get("queries")).size());
        assertTrue(((List<Map<String, Object>>) byMean.get("queries")).get(0).get("query").toString().contains("pg_sleep"));

        Map<String, Object> byCalls = ok(pgmcp, Map.of("order_by", "calls"));
        Map<String, Object> first = ((List<Map<String, Object>>) byCalls.get("queries")).get(0);
        assertTrue(first.get("query").toString().contains("FROM events WHERE kind = $1"), "normalized: " + first);
        assertEquals(50L, ((Number) first.get("calls")).longValue());
    }

    @Test
    void aReadOnlyRoleWithPgMonitorSeesEveryRolesStatementsAndOneWithoutIsToldWhy() {
        TestRoles.Role monitor = TestRoles.create(admin, "monitor", "");
        TestRoles.Role plain = TestRoles.create(admin, "plain", "");
        String database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        for (TestRoles.Role r : List.of(monitor, plain)) {
            TestPostgres.run(url, "GRANT CONNECT ON DATABASE " + database + " TO " + r.name() + "; GRANT SELECT ON events TO "
                    + r.name() + "; ALTER ROLE " + r.name() + " SET default_transaction_read_only = on");
        }
        TestPostgres.run(url, "GRANT pg_monitor TO " + monitor.name());
        // No allowUnsafeRole: the start-up role check must accept both.
        try (PgMcp asMonitor = PgMcp.builder(PgMcpConfig.builder().database("main", as(monitor)).build())
                .discoverTools(false).build();
             PgMcp asPlain = PgMcp.builder(PgMcpConfig.builder().database("main", as(plain)).build())
                     .discoverTools(false).build()) {
            Map<String, Object> seen = ok(asMonitor, Map.of());
            assertTrue(seen.get("queries").toString().contains("pg_sleep"), seen.toString());
            assertEquals(List.of(), seen.get("notes"));

            Map<String, Object> hidden = ok(asPlain, Map.of());
            assertEquals(true, hidden.get("available"));
            assertTrue(hidden.get("queries").toString().contains("<insufficient privilege>"), hidden.toString());
            assertTrue(hidden.get("notes").toString().contains("pg_monitor"), hidden.toString());

            for (PgMcp server : List.of(asMonitor, asPlain)) {
                ToolResult health = server.callTool("get_database_health", Map.of());
                assertFalse(health.error(), health.text());
                ToolResult locks = server.callTool("get_locks_and_activity", Map.of());
                assertFalse(locks.error(), locks.text());
            }
        }
    }

    static String as(TestRoles.Role role) {
        return url.replaceFirst("user=[^&]*", "user=" + role.name() + "&password=" + role.password());
    }
}
