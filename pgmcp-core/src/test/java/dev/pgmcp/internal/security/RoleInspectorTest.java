package dev.pgmcp.internal.security;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer 4: the role check against real roles, and how the engine acts on its verdict. */
class RoleInspectorTest {

    private static final AtomicInteger ROLES = new AtomicInteger();
    private static String url;
    private static String database;

    @BeforeAll
    static void setUp() {
        url = TestPostgres.freshDatabase("roles");
        database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        StringBuilder tables = new StringBuilder("CREATE SCHEMA sales; CREATE TABLE sales.orders (id int, total numeric); ");
        for (int i = 0; i < 12; i++) {
            tables.append("CREATE TABLE public.t").append(String.format("%02d", i)).append(" (id int, note text); ");
        }
        tables.append("CREATE VIEW public.v AS SELECT id FROM public.t00; ");
        TestPostgres.run(url, tables.toString());
    }

    /** Creates a login role with a unique name and runs {@code grants} (with {@code %s} = the role) as the superuser. */
    private static String role(String grants) {
        String role = "r_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        TestPostgres.run(url, "CREATE ROLE " + role + " LOGIN; " + grants.replace("%s", role));
        return role;
    }

    private static String as(String role) {
        return url.replaceFirst("user=[^&]*", "user=" + role);
    }

    private static RoleReport inspect(String role) throws SQLException {
        try (Connection c = DriverManager.getConnection(as(role))) {
            return RoleInspector.inspect(c);
        }
    }

    /** A role made by the SQL that --check recommends. */
    private static String reader() {
        String role = "reader_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        TestPostgres.run(url, String.join(";\n", ReadOnlyRoleSql.statements(role, null, database, List.of("public", "sales"))));
        return role;
    }

    @Test
    void theRecommendedRoleIsOkWithNoWarnings() throws SQLException {
        RoleReport r = inspect(reader());
        assertEquals(RoleReport.Verdict.OK, r.verdict(), r.describe());
        assertEquals(List.of(), r.warnings());
        assertEquals(List.of("public", "sales"), r.schemas());
        assertEquals(database, r.database());
        assertTrue(r.describe().contains(": OK"), r.describe());
    }

    @Test
    void monitoringRolesAreAcceptedAndReported() throws SQLException {
        String role = reader();
        TestPostgres.run(url, "GRANT pg_monitor TO " + role);
        RoleReport r = inspect(role);
        assertEquals(RoleReport.Verdict.OK, r.verdict(), r.describe());
        assertEquals(List.of(), r.warnings());
        assertEquals(List.of("pg_monitor", "pg_read_all_settings", "pg_read_all_stats", "pg_stat_scan_tables"),
                r.monitoringRoles(), "pg_monitor and the roles it includes");
        assertTrue(r.describe().contains("monitoring (read-only, accepted): member of pg_monitor"), r.describe());
        String statsOnly = role("GRANT pg_read_all_stats TO %s");
        assertEquals(List.of("pg_read_all_stats"), inspect(statsOnly).monitoringRoles());
        assertEquals(List.of(), inspect(reader()).monitoringRoles());
    }

    @Test
    void theRecommendedScriptOffersPgMonitorAndTheStatementsCanGrantIt() {
        assertTrue(ReadOnlyRoleSql.script("pgmcp_reader", "sales", List.of("public")).contains("-- GRANT pg_monitor TO pgmcp_reader;"));
        assertTrue(ReadOnlyRoleSql.statements("r", null, "sales", List.of("public"), true).contains("GRANT pg_monitor TO r"));
        assertFalse(ReadOnlyRoleSql.statements("r", null, "sales", List.of("public")).contains("GRANT pg_monitor TO r"));
    }

    @Test
    void superuserIsRefused() throws SQLException {
        RoleReport r = inspect("postgres");
        assertTrue(r.superuser());
        assertEquals(RoleReport.Verdict.REFUSE, r.verdict());
        assertEquals(1, r.refusals().size(), r.describe());
        assertTrue(r.refusals().get(0).contains("superuser"), r.describe());
        assertEquals(List.of(), r.warnings(), "the refusal says it all");
    }

    @Test
    void serverFileAndProgramRolesAreRefusedEvenThroughAnotherRole() throws SQLException {
        String direct = role("GRANT pg_read_server_files TO %s");
        RoleReport r = inspect(direct);
        assertEquals(RoleReport.Verdict.REFUSE, r.verdict());
        assertEquals(List.of("pg_read_server_files"), r.fileAccessRoles());
        assertTrue(r.describe().contains("REFUSE: role \"" + direct + "\" is a member of pg_read_server_files"), r.describe());

        String group = role("GRANT pg_execute_server_program, pg_write_server_files TO %s");
        String indirect = role("GRANT " + group + " TO %s");
        RoleReport ri = inspect(indirect);
        assertEquals(RoleReport.Verdict.REFUSE, ri.verdict(), ri.describe());
        assertEquals(List.of("pg_execute_server_program", "pg_write_server_files"), ri.fileAccessRoles());
    }

    @Test
    void writeAndCreatePrivilegesAndRiskyAttributesAreWarnings() throws SQLException {
        StringBuilder grants = new StringBuilder("GRANT USAGE ON SCHEMA sales TO %s; GRANT CREATE ON SCHEMA sales TO %s; "
                + "GRANT UPDATE (total) ON sales.orders TO %s; GRANT CREATE ON DATABASE " + database + " TO %s; "
                + "ALTER ROLE %s CREATEDB BYPASSRLS; GRANT pg_signal_backend TO %s; ");
        for (int i = 0; i < 12; i++) {
            grants.append("GRANT ").append(i % 2 == 0 ? "INSERT, DELETE" : "TRUNCATE").append(" ON public.t")
                    .append(String.format("%02d", i)).append(" TO %s; ");
        }
        RoleReport r = inspect(role(grants.toString()));
        assertEquals(RoleReport.Verdict.WARN, r.verdict(), r.describe());
        assertEquals(13, r.writableTableCount(), r.describe());
        assertEquals(RoleInspector.LISTED_TABLES, r.writableTables().size());
        assertEquals("public.t00 (INSERT, DELETE)", r.writableTables().get(0));
        assertEquals("public.t01 (TRUNCATE)", r.writableTables().get(1));
        assertEquals(List.of("sales"), r.creatableSchemas());
        assertTrue(r.databaseCreate());
        assertEquals(List.of("CREATEDB", "BYPASSRLS"), r.riskyAttributes());
        assertEquals(List.of("pg_signal_backend"), r.riskyMemberships());
        String text = r.describe();
        assertTrue(text.contains("WARN: role") && text.contains("may write 13 table(s)/view(s)") && text.contains(", ..."), text);
        assertTrue(text.contains("may CREATE in schema(s): sales") && text.contains("may CREATE schemas in database"), text);
        // A column-level UPDATE grant counts too (sales.orders is the 13th, beyond the listed ten).
        RoleReport columnOnly = inspect(role("GRANT USAGE ON SCHEMA sales TO %s; GRANT UPDATE (total) ON sales.orders TO %s"));
        assertEquals(List.of("sales.orders (UPDATE)"), columnOnly.writableTables());
    }

    @Test
    void ownedTablesAndInheritedWritesAreWarnings() throws SQLException {
        String writer = role("GRANT INSERT ON public.t05 TO %s");
        RoleReport inherited = inspect(role("GRANT " + writer + " TO %s"));
        assertEquals(List.of("public.t05 (INSERT)"), inherited.writableTables());
        String owner = role("CREATE TABLE public.owned_%s (x int); ALTER TABLE public.owned_%s OWNER TO %s");
        RoleReport owns = inspect(owner);
        assertEquals(1, owns.writableTableCount(), owns.describe());
        assertTrue(owns.writableTables().get(0).endsWith("(INSERT, UPDATE, DELETE, TRUNCATE)"), owns.describe());
    }

    @Test
    void theEngineRefusesASuperuserUnlessOverriddenAndServesAReader() {
        PgMcpConfig refused = PgMcpConfig.builder().database("main", url).build();
        try (PgMcp pgmcp = PgMcp.builder(refused).discoverTools(false).build()) {
            RoleRefusedException e = assertThrows(RoleRefusedException.class, () -> pgmcp.databases().checkRole(null));
            assertTrue(e.getMessage().startsWith("Database 'main' is not served: role \"postgres\" is a superuser"), e.getMessage());
            assertTrue(e.getMessage().contains("PGMCP_ALLOW_UNSAFE_ROLE=true"), e.getMessage());
            ToolResult r = pgmcp.callTool("list_tables", Map.of());
            assertTrue(r.error());
            assertEquals(e.getMessage(), r.text());
            assertEquals(RoleReport.Verdict.REFUSE, pgmcp.databases().inspectRole("main").verdict(), "--check still reports");
        }
        try (PgMcp pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build()) {
            assertEquals(RoleReport.Verdict.REFUSE, pgmcp.databases().checkRole(null).verdict());
            assertFalse(pgmcp.callTool("list_tables", Map.of()).error());
        }
        try (PgMcp pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", as(reader())).build())
                .discoverTools(false).build()) {
            assertEquals(RoleReport.Verdict.OK, pgmcp.databases().checkRole("main").verdict());
            ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT count(*) AS n FROM sales.orders"));
            assertFalse(r.error(), r.text());
        }
    }

    @Test
    void aDatabaseThatIsDownAtStartIsCheckedWhenItComesUp() {
        String later = "roles_later_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        String laterUrl = url.replace("/" + database + "?", "/" + later + "?");
        PgMcpConfig config = PgMcpConfig.builder().database("main", laterUrl).connectTimeout(java.time.Duration.ofMillis(500)).build();
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            QueryException down = assertThrows(QueryException.class, () -> pgmcp.databases().checkRole(null));
            assertTrue(down.connectionProblem(), down.describe());
            ToolResult r = pgmcp.callTool("list_tables", Map.of());
            assertTrue(r.error() && r.text().startsWith("Database unavailable"), r.text());
            TestPostgres.run(TestPostgres.adminUrl(), "CREATE DATABASE " + later);
            // The database is there now: once the pool connects (HikariCP retries with a back-off), the
            // first use checks the role, and refuses the superuser.
            ToolResult refused = r;
            for (long deadline = System.nanoTime() + 20_000_000_000L;
                 refused.text().startsWith("Database unavailable") && System.nanoTime() < deadline; ) {
                refused = pgmcp.callTool("list_tables", Map.of());
            }
            assertTrue(refused.error() && refused.text().contains("is a superuser"), refused.text());
        }
    }
}
