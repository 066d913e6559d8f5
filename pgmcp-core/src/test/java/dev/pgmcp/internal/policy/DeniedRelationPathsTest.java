package dev.pgmcp.internal.policy;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.schema.UnknownRelationException;
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
 * Denied means not readable and not listed, through every path pgmcp offers: the built-in tools'
 * own SQL ({@code read_table}), views, materialized views, inheritance and partitions, planner
 * statistics, functions that return or read a denied table, and everything that lists names
 * (schema tools, resources, the catalog tools get; pgmcp-tools-nlq checks its schema context the same
 * way). Each secret table holds the
 * marker {@value #MARKER}; no result may contain it.
 */
class DeniedRelationPathsTest {

    static final String MARKER = "TOP-SECRET-7431";

    static String url;
    static PgMcp denyTable;
    static PgMcp denySchema;
    static PgMcp allowCanary;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("deniedpaths");
        TestPostgres.run(url, """
                CREATE TABLE secret (id int PRIMARY KEY, code text);
                INSERT INTO secret SELECT g, '%1$s' FROM generate_series(1, 50) g;
                CREATE TABLE canary (id int PRIMARY KEY, ref_id int REFERENCES secret (id));
                INSERT INTO canary VALUES (1, 1);
                CREATE TABLE other (n int);
                INSERT INTO other VALUES (1), (2);
                CREATE VIEW secret_view AS SELECT code FROM secret;
                CREATE VIEW view_of_view AS SELECT * FROM secret_view;
                CREATE MATERIALIZED VIEW secret_mat AS SELECT code FROM secret;
                CREATE TABLE base (code text);
                CREATE TABLE secret_child () INHERITS (base);
                INSERT INTO secret_child VALUES ('%1$s');
                CREATE TABLE child_of_secret () INHERITS (secret);
                CREATE TABLE measurements (code text, at int) PARTITION BY RANGE (at);
                CREATE TABLE secret_part PARTITION OF measurements FOR VALUES FROM (0) TO (100);
                INSERT INTO measurements VALUES ('%1$s', 1);
                CREATE FUNCTION secret_rows() RETURNS SETOF secret LANGUAGE sql STABLE AS 'SELECT * FROM secret';
                CREATE FUNCTION secret_codes() RETURNS SETOF text LANGUAGE sql STABLE AS 'SELECT code FROM public.secret';
                CREATE FUNCTION secret_codes_plpgsql() RETURNS SETOF text LANGUAGE plpgsql STABLE
                    AS $$ BEGIN RETURN QUERY SELECT code FROM secret; END $$;
                CREATE FUNCTION harmless() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 42';
                CREATE SCHEMA hidden;
                CREATE TABLE hidden.t (code text);
                INSERT INTO hidden.t VALUES ('%1$s');
                ANALYZE;
                """.formatted(MARKER));
        denyTable = engine(b -> b.denyTables(List.of("public.secret", "public.secret_child", "public.secret_part")));
        denySchema = engine(b -> b.denySchemas(List.of("hidden")));
        allowCanary = engine(b -> b.allowTables(List.of("public.canary")));
    }

    @AfterAll
    static void stop() {
        denyTable.close();
        denySchema.close();
        allowCanary.close();
    }

    static PgMcp engine(UnaryOperator<PgMcpConfig.Builder> settings) {
        PgMcpConfig config = settings.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    static ToolResult call(PgMcp engine, String tool, Map<String, Object> args) {
        ToolResult r = engine.callTool(tool, args);
        assertFalse(String.valueOf(r.structuredContent()).contains(MARKER), tool + " " + args + " leaked: " + r);
        assertFalse(r.text().contains(MARKER), tool + " " + args + " leaked: " + r.text());
        return r;
    }

    static void refused(PgMcp engine, String tool, Map<String, Object> args) {
        ToolResult r = call(engine, tool, args);
        assertTrue(r.error(), tool + " " + args + " should be refused: " + r.text());
    }

    static SqlRejectedException rejected(PgMcp engine, String sql) {
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> engine.database(null).executor().query(sql, List.of(), 100), sql);
        assertEquals(Reason.DENIED_RELATION, e.reason(), sql + " -> " + e.getMessage());
        assertFalse(e.getMessage().contains(MARKER));
        return e;
    }

    @Test
    void readTableHonoursTheDeniedTableList() {
        refused(denyTable, "read_table", Map.of("table_name", "secret"));
        refused(denyTable, "read_table", Map.of("table_name", "public.secret"));
        refused(denyTable, "read_table", Map.of("table_name", "secret_view"));
        refused(denyTable, "read_table", Map.of("table_name", "base"));
        ToolResult ok = call(denyTable, "read_table", Map.of("table_name", "other"));
        assertFalse(ok.error(), ok.text());
    }

    @Test
    void readTableHonoursTheDeniedSchemaList() {
        refused(denySchema, "read_table", Map.of("table_name", "t", "schema", "hidden"));
        refused(denySchema, "read_table", Map.of("table_name", "hidden.t"));
    }

    @Test
    void readTableHonoursTheAllowlist() {
        refused(allowCanary, "read_table", Map.of("table_name", "other"));
        refused(allowCanary, "read_table", Map.of("table_name", "secret"));
        ToolResult ok = call(allowCanary, "read_table", Map.of("table_name", "canary"));
        assertFalse(ok.error(), ok.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM secret",
            "TABLE secret",
            "SELECT * FROM secret TABLESAMPLE BERNOULLI (100)",
            "SELECT * FROM secret_view",
            "SELECT * FROM view_of_view",
            "SELECT * FROM secret_mat",
            "SELECT * FROM public.base",
            "SELECT * FROM base",
            "SELECT * FROM child_of_secret",
            "SELECT * FROM measurements",
            "SELECT * FROM secret_part",
            "SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats WHERE tablename = 'secret'",
            "SELECT * FROM pg_catalog.pg_stats",
            "SELECT * FROM pg_stats_ext",
            "SELECT * FROM pg_stats_ext_exprs",
            "SELECT * FROM pg_statistic_ext_data",
            "SELECT * FROM secret_rows()",
            "SELECT secret_rows()",
            "SELECT * FROM secret_codes()",
            "SELECT secret_codes_plpgsql()",
            "SELECT (SELECT code FROM secret LIMIT 1)",
            "WITH x AS (SELECT * FROM secret) SELECT * FROM x",
            "SELECT * FROM other WHERE n IN (SELECT id FROM secret)"})
    void everyPathToADeniedTableIsRefused(String sql) {
        rejected(denyTable, sql);
    }

    @Test
    void theToastTableOfADeniedTableIsRefused() throws Exception {
        String toast;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'public.secret'::regclass")) {
            rs.next();
            toast = rs.getString(1);
        }
        assertTrue(toast.startsWith("pg_toast."), toast);
        String why = rejected(denyTable, "SELECT * FROM " + toast).getMessage();
        assertTrue(why.contains("public.secret"), why);
    }

    @Test
    void theReasonNamesTheDeniedTable() {
        String view = rejected(denyTable, "SELECT * FROM view_of_view").getMessage();
        assertTrue(view.contains("public.secret") && view.contains("PGMCP_DENIED_TABLES"), view);
        String parent = rejected(denyTable, "SELECT * FROM base").getMessage();
        assertTrue(parent.contains("public.secret_child"), parent);
        String child = rejected(denyTable, "SELECT * FROM child_of_secret").getMessage();
        assertTrue(child.contains("inheritance parent"), child);
        String function = rejected(denyTable, "SELECT * FROM secret_codes_plpgsql()").getMessage();
        assertTrue(function.contains("public.secret"), function);
    }

    @Test
    void whatDoesNotTouchADeniedTableStillRuns() {
        assertEquals(2, denyTable.database(null).executor().query("SELECT * FROM other", List.of(), 10).rowCount());
        assertEquals(1, denyTable.database(null).executor().query("SELECT harmless()", List.of(), 10).rowCount());
        assertEquals(1, denyTable.database(null).executor().query("SELECT * FROM canary", List.of(), 10).rowCount());
        assertEquals(2, denySchema.database(null).executor().query("SELECT * FROM other", List.of(), 10).rowCount());
    }

    @Test
    void aToolsOwnSqlIsCheckedEvenWhenTheParserCannotReadIt() {
        // GROUP BY DISTINCT is PostgreSQL 14 syntax that JSqlParser does not parse: the tool's statement
        // is then checked by its tokens.
        var executor = denyTable.database(null).executor();
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> executor.queryTrusted("SELECT code FROM secret GROUP BY DISTINCT code", List.of(), 10));
        assertTrue(e.getMessage().contains("public.secret"), e.getMessage());
        assertThrows(SqlRejectedException.class,
                () -> executor.queryTrusted("SELECT s.code FROM public.secret_view s GROUP BY DISTINCT s.code", List.of(), 10));
        assertEquals(2, executor.queryTrusted("SELECT n FROM other o GROUP BY DISTINCT o.n", List.of(), 10).rowCount());
        assertThrows(SqlRejectedException.class,
                () -> allowCanary.database(null).executor().queryTrusted("SELECT n FROM other GROUP BY DISTINCT n",
                        List.of(), 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM hidden.t", "SELECT * FROM pg_stats WHERE schemaname = 'hidden'"})
    void deniedSchemaPathsAreRefused(String sql) {
        rejected(denySchema, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM other", "SELECT * FROM secret_view", "SELECT * FROM hidden.t",
            "SELECT * FROM pg_stats"})
    void theAllowlistAdmitsNothingElse(String sql) {
        rejected(allowCanary, sql);
    }

    @Test
    void schemaToolsDoNotListDeniedRelations() {
        for (String tool : List.of("list_tables", "search_tables", "list_schemas")) {
            Map<String, Object> args = tool.equals("search_tables") ? Map.of("search_term", "secret") : Map.of();
            ToolResult r = call(denyTable, tool, args);
            String listed = r.text().replace("Nothing matches 'secret'", "");
            assertFalse(listed.contains("secret") || listed.contains("base") || listed.contains("measurements"),
                    tool + ": " + r.text());
            assertFalse(String.valueOf(r.structuredContent()).contains("secret"), tool + ": " + r.structuredContent());
            ToolResult h = call(denySchema, tool, tool.equals("search_tables") ? Map.of("search_term", "t") : Map.of());
            assertFalse(h.text().contains("hidden"), tool + ": " + h.text());
            ToolResult a = call(allowCanary, tool, tool.equals("search_tables") ? Map.of("search_term", "e") : Map.of());
            assertFalse(a.text().contains("other") || a.text().contains("secret"), tool + ": " + a.text());
        }
        for (String denied : List.of("secret", "secret_view", "base", "measurements", "secret_part")) {
            refused(denyTable, "describe_table", Map.of("table_name", denied));
            refused(denyTable, "get_table_stats", Map.of("table_name", denied));
        }
        ToolResult canary = call(denyTable, "describe_table", Map.of("table_name", "canary"));
        assertFalse(canary.error(), canary.text());
        assertFalse(canary.text().contains("secret("), "the foreign key to the denied table is not shown: " + canary.text());
        assertFalse(String.valueOf(canary.structuredContent()).contains("public.secret"), canary.text());
    }

    @Test
    void resourcesAndTheCatalogDoNotShowDeniedRelations() {
        for (ResourceDefinition d : denyTable.resources()) {
            if (d.uri().contains("{table}")) {
                for (String denied : List.of("secret", "secret_view", "base", "measurements", "secret_part", "public.secret")) {
                    assertThrows(UnknownRelationException.class,
                            () -> d.reader().read(Map.of("database", "main", "table", denied)), denied);
                }
                String canary = d.reader().read(Map.of("database", "main", "table", "canary"));
                assertFalse(canary.contains("public.secret") || canary.contains("FK -> secret"), canary);
                continue;
            }
            String text = d.reader().read(Map.of("database", "main"));
            assertFalse(text.contains("\"secret") || text.contains("public.secret") || text.contains("secret_view"),
                    d.uri() + ": " + text);
        }
        var catalog = denyTable.database(null).schema().snapshot();
        assertTrue(catalog.find("public", "canary").isPresent());
        assertTrue(catalog.find("public", "secret").isEmpty());
    }
}
