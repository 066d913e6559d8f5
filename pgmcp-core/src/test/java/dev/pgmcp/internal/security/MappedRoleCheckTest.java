package dev.pgmcp.internal.security;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up role check of the roles callers are mapped to (per-person roles), against real roles:
 * a mapped role that is a superuser, may write a table, may create objects, or that the login role
 * cannot switch to is refused, as a refused login role is; a reading role passes.
 */
class MappedRoleCheckTest {

    private static final String SUFFIX = "_" + ProcessHandle.current().pid();
    private static final String LOGIN = "mrc_login" + SUFFIX;
    private static final String READER = "mrc_reader" + SUFFIX;
    private static final String WRITER = "mrc_writer" + SUFFIX;
    private static final String SUPER = "mrc_super" + SUFFIX;
    private static final String CREATOR = "mrc_creator" + SUFFIX;
    private static final String STRANGER = "mrc_stranger" + SUFFIX;
    private static String url;

    @BeforeAll
    static void setUp() {
        url = TestPostgres.freshDatabase("mapped_roles");
        StringBuilder sql = new StringBuilder();
        for (String r : List.of(LOGIN, READER, WRITER, SUPER, CREATOR, STRANGER)) {
            sql.append("DROP ROLE IF EXISTS ").append(r).append(";\n");
        }
        sql.append("CREATE ROLE ").append(LOGIN).append(" LOGIN NOINHERIT;\n")
                .append("CREATE ROLE ").append(READER).append(";\n")
                .append("CREATE ROLE ").append(WRITER).append(";\n")
                .append("CREATE ROLE ").append(SUPER).append(" SUPERUSER;\n")
                .append("CREATE ROLE ").append(CREATOR).append(";\n")
                .append("CREATE ROLE ").append(STRANGER).append(";\n")
                .append("GRANT ").append(String.join(", ", READER, WRITER, SUPER, CREATOR)).append(" TO ").append(LOGIN)
                .append(";\nCREATE TABLE items (id int PRIMARY KEY);\n")
                .append("GRANT SELECT ON items TO ").append(READER).append(", ").append(WRITER).append(";\n")
                .append("GRANT INSERT ON items TO ").append(WRITER).append(";\n")
                .append("CREATE SCHEMA scratch; GRANT USAGE, CREATE ON SCHEMA scratch TO ").append(CREATOR).append(";\n");
        TestPostgres.run(url, sql.toString());
    }

    private static PgMcp engine(boolean allowUnsafe, String... roles) {
        RoleMapping.Builder m = RoleMapping.builder();
        for (int i = 0; i < roles.length; i++) {
            m.principal("p" + i, roles[i]);
        }
        return PgMcp.builder(PgMcpConfig.builder().database("main", url.replaceFirst("user=[^&]*", "user=" + LOGIN))
                        .poolMinIdle(0).poolMaxSize(2).allowUnsafeRole(allowUnsafe).auditLog("off")
                        .roleMapping(m.build()).build())
                .discoverTools(false).discoverListeners(false).build();
    }

    private static RoleRefusedException refused(String role) {
        try (PgMcp pgmcp = engine(false, READER, role)) {
            RoleRefusedException e = assertThrows(RoleRefusedException.class, () -> pgmcp.databases().checkRole("main"));
            // Every call is refused as well, with the same reason.
            ToolResult r = pgmcp.callTool("list_tables", Map.of(),
                    new CallInfo(new Principal("p0", "bearer", Set.of()), null));
            assertTrue(r.error() && r.text().equals(e.getMessage()), r.text());
            return e;
        }
    }

    @Test
    void aReadingRolePasses() {
        try (PgMcp pgmcp = engine(false, READER)) {
            assertEquals(RoleReport.Verdict.OK, pgmcp.databases().checkRole("main").verdict());
            List<MappedRoleReport> reports = pgmcp.databases().inspectMappedRoles("main");
            assertEquals(1, reports.size());
            assertEquals(RoleReport.Verdict.OK, reports.get(0).verdict(), reports.get(0).warnings().toString());
        }
    }

    @Test
    void aSuperuserIsRefused() {
        RoleRefusedException e = refused(SUPER);
        assertTrue(e.getMessage().contains("role \"" + SUPER + "\" is a superuser"), e.getMessage());
    }

    @Test
    void aRoleThatMayInsertIsRefused() {
        RoleRefusedException e = refused(WRITER);
        assertTrue(e.getMessage().contains("role \"" + WRITER + "\" may write 1 table(s)/view(s): public.items (INSERT)"),
                e.getMessage());
    }

    @Test
    void aRoleThatMayCreateIsRefused() {
        RoleRefusedException e = refused(CREATOR);
        assertTrue(e.getMessage().contains("may CREATE in schema(s): scratch"), e.getMessage());
    }

    @Test
    void aRoleTheLoginRoleCannotSwitchToIsRefusedEvenWithTheOverride() {
        RoleRefusedException e = refused(STRANGER);
        assertTrue(e.getMessage().contains("mapped role \"" + STRANGER + "\" cannot be used"), e.getMessage());
        try (PgMcp pgmcp = engine(true, STRANGER)) {
            assertThrows(RoleRefusedException.class, () -> pgmcp.databases().checkRole("main"));
        }
        RoleRefusedException missing = refused("mrc_no_such_role" + SUFFIX);
        assertTrue(missing.getMessage().contains("cannot be used"), missing.getMessage());
    }

    @Test
    void theOverrideServesThroughAWritingRole() {
        try (PgMcp pgmcp = engine(true, WRITER)) {
            pgmcp.databases().checkRole("main");
            assertEquals(RoleReport.Verdict.REFUSE, pgmcp.databases().inspectMappedRoles("main").get(0).verdict());
        }
    }

    @Test
    void aLoginRoleThatInheritsAMappedRoleIsWarned() {
        String inheriting = "mrc_inheriting" + SUFFIX;
        TestPostgres.run(url, "DROP ROLE IF EXISTS " + inheriting + "; CREATE ROLE " + inheriting + " LOGIN INHERIT; "
                + "GRANT " + READER + " TO " + inheriting);
        try (PgMcp pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url.replaceFirst("user=[^&]*",
                        "user=" + inheriting)).poolMinIdle(0).auditLog("off")
                        .roleMapping(RoleMapping.builder().principal("p", READER).build()).build())
                .discoverTools(false).discoverListeners(false).build()) {
            MappedRoleReport r = pgmcp.databases().inspectMappedRoles("main").get(0);
            assertTrue(r.inheritedByLogin());
            assertEquals(RoleReport.Verdict.WARN, r.verdict());
            assertTrue(r.warnings().get(0).contains("inherits the privileges of mapped role"), r.warnings().toString());
        }
    }
}
