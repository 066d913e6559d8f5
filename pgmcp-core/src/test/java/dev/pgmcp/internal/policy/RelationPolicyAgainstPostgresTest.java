package dev.pgmcp.internal.policy;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.ValidationMode;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.SqlRejectedException.Reason;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relation half of layer 2 against a real PostgreSQL: credential catalogs, schema and table
 * allow/deny lists, unqualified names attributed to their schema, CTE names left alone.
 */
class RelationPolicyAgainstPostgresTest {

    static String url;
    static PgMcp defaults;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("relpolicy");
        TestPostgres.run(url, """
                CREATE TABLE t (a int);
                INSERT INTO t VALUES (1);
                CREATE SCHEMA sales;
                CREATE TABLE sales.orders (id int);
                INSERT INTO sales.orders VALUES (1), (2);
                CREATE SCHEMA hr;
                CREATE TABLE hr.salaries (amount int);
                """);
        defaults = engine(b -> b);
    }

    @AfterAll
    static void stop() {
        defaults.close();
    }

    static PgMcp engine(UnaryOperator<PgMcpConfig.Builder> settings) {
        PgMcpConfig config = settings.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    static SqlRejectedException rejected(PgMcp engine, String sql) {
        QueryExecutor ex = engine.database(null).executor();
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> ex.query(sql, List.of(), 10), sql);
        assertEquals(Reason.DENIED_RELATION, e.reason(), sql + " -> " + e.getMessage());
        return e;
    }

    static int rows(PgMcp engine, String sql) {
        return engine.database(null).executor().query(sql, List.of(), 100).rowCount();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT rolname, rolpassword FROM pg_authid",
            "SELECT * FROM pg_catalog.pg_authid",
            "SELECT * FROM \"pg_authid\"",
            "SELECT * FROM PG_CATALOG.PG_SHADOW",
            "SELECT * FROM pg_user_mappings",
            "SELECT * FROM pg_catalog.pg_user_mapping",
            "SELECT subconninfo FROM pg_subscription",
            "SELECT * FROM pg_largeobject",
            "SELECT * FROM pg_statistic",
            "SELECT * FROM pg_statistic_ext_data",
            "SELECT * FROM pg_db_role_setting",
            "SELECT * FROM pg_hba_file_rules",
            "SELECT * FROM pg_file_settings",
            "TABLE pg_authid",
            "SELECT * FROM (TABLE pg_shadow) s",
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM pg_authid WHERE rolsuper)",
            "WITH c AS (SELECT * FROM pg_authid) SELECT count(*) FROM c",
            "SELECT * FROM t JOIN pg_shadow ON true",
            "SELECT * FROM t, LATERAL (SELECT passwd FROM pg_shadow) s",
            "SELECT 1 UNION SELECT 1 FROM pg_authid",
            "SELECT * FROM (SELECT 1) AS pg_authid, pg_authid",
            "SELECT * FROM (WITH pg_authid AS (SELECT 1) SELECT * FROM pg_authid) x, pg_catalog.pg_authid",
            "EXPLAIN SELECT * FROM pg_authid"})
    void credentialCatalogsAreRejectedQualifiedOrNot(String sql) {
        SqlRejectedException e = rejected(defaults, sql);
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        try (PgMcp role = engine(b -> b.validation(ValidationMode.ROLE))) {
            rejected(role, sql);
        }
    }

    @Test
    void ordinaryCatalogsAndTablesAreReadableByDefault() {
        assertEquals(1, rows(defaults, "SELECT count(*) FROM pg_roles"));
        assertEquals(1, rows(defaults, "SELECT count(*) FROM pg_catalog.pg_class JOIN pg_namespace n ON true"));
        assertEquals(2, rows(defaults, "SELECT * FROM sales.orders"));
        assertEquals(1, rows(defaults, "SELECT * FROM hr.salaries UNION ALL SELECT 1"));
    }

    @Test
    void deniedSchema() {
        try (PgMcp engine = engine(b -> b.denySchemas(List.of("hr")))) {
            SqlRejectedException e = rejected(engine, "SELECT * FROM hr.salaries");
            assertTrue(e.getMessage().contains("hr.salaries") && e.getMessage().contains("PGMCP_DENIED_SCHEMAS"), e.getMessage());
            rejected(engine, "SELECT * FROM sales.orders o WHERE o.id IN (SELECT amount FROM HR.salaries)");
            assertEquals(2, rows(engine, "SELECT * FROM sales.orders"));
            assertEquals(1, rows(engine, "SELECT * FROM t"));
            // hr is not on the search path: an unqualified name does not find the table; PostgreSQL says so.
            QueryException missing = assertThrows(QueryException.class,
                    () -> engine.database(null).executor().query("SELECT * FROM salaries", List.of(), 10));
            assertEquals("42P01", missing.sqlState(), missing.describe());
        }
    }

    @Test
    void deniedTableMatchesQualifiedAndUnqualifiedReferences() {
        try (PgMcp engine = engine(b -> b.denyTables(List.of("public.t")))) {
            SqlRejectedException e = rejected(engine, "SELECT * FROM t");
            assertTrue(e.getMessage().contains("public.t") && e.getMessage().contains("PGMCP_DENIED_TABLES"), e.getMessage());
            rejected(engine, "SELECT * FROM public.t");
            rejected(engine, "SELECT * FROM \"public\".\"t\"");
            rejected(engine, "SELECT (SELECT max(a) FROM t)");
            // A CTE called t is not the table.
            assertEquals(1, rows(engine, "WITH t AS (SELECT 5 AS a) SELECT * FROM t"));
            assertEquals(2, rows(engine, "SELECT * FROM sales.orders"));
        }
    }

    @Test
    void allowedSchemasAndTables() {
        try (PgMcp engine = engine(b -> b.allowSchemas(List.of("sales")))) {
            assertEquals(2, rows(engine, "SELECT * FROM sales.orders"));
            assertEquals(1, rows(engine, "WITH c AS (SELECT id FROM sales.orders) SELECT count(*) FROM c"));
            SqlRejectedException e = rejected(engine, "SELECT * FROM t");
            assertTrue(e.getMessage().contains("public.t") && e.getMessage().contains("sales"), e.getMessage());
            rejected(engine, "SELECT * FROM hr.salaries");
            rejected(engine, "SELECT * FROM pg_class");
            rejected(engine, "SELECT * FROM information_schema.tables");
            // Not found anywhere on the path: cannot be proven allowed.
            SqlRejectedException unknown = rejected(engine, "SELECT * FROM orders");
            assertTrue(unknown.getMessage().contains("schema.table"), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("refresh_schema"), unknown.getMessage());
        }
        try (PgMcp engine = engine(b -> b.allowSchemas(List.of("sales")).allowTables(List.of("public.t")))) {
            assertEquals(1, rows(engine, "SELECT * FROM t"));
            assertEquals(2, rows(engine, "SELECT o.* FROM sales.orders o JOIN public.t ON true"));
            rejected(engine, "SELECT * FROM hr.salaries");
        }
    }

    @Test
    void denialsWinOverAllowlists() {
        try (PgMcp engine = engine(b -> b.allowSchemas(List.of("public", "sales")).denyTables(List.of("sales.orders")))) {
            assertEquals(1, rows(engine, "SELECT * FROM t"));
            rejected(engine, "SELECT * FROM sales.orders");
        }
    }

    @Test
    void tableCreatedAfterTheLoadIsAttributedAfterRefreshSchema() {
        try (PgMcp engine = engine(b -> b.allowSchemas(List.of("public")))) {
            assertEquals(1, rows(engine, "SELECT * FROM t"));
            TestPostgres.run(url, "CREATE TABLE public.fresh (x int)");
            ToolResult refreshed = engine.callTool("refresh_schema", Map.of());
            assertFalse(refreshed.error(), refreshed.text());
            assertEquals(0, rows(engine, "SELECT * FROM fresh"));
        } finally {
            TestPostgres.run(url, "DROP TABLE IF EXISTS public.fresh");
        }
    }

    @Test
    void toolsOwnCatalogQueriesAreNotSubjectToTheLists() {
        try (PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .allowSchemas(List.of("sales")).build()).build()) {
            ToolResult tables = engine.callTool("list_tables", Map.of("schema", "*"));
            assertFalse(tables.error(), tables.text());
            ToolResult rejectedCall = engine.callTool("execute_query", Map.of("sql", "SELECT * FROM hr.salaries"));
            assertTrue(rejectedCall.error());
            assertTrue(rejectedCall.text().startsWith("Query rejected: Table hr.salaries is not allowed"), rejectedCall.text());
        }
    }
}
