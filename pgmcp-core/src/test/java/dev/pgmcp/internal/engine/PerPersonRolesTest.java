package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.PerPersonRoles;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-person roles on a real PostgreSQL: a login role with NOINHERIT that is a member of two roles,
 * a table with a row-level security policy on {@code current_user}, and one connection in the pool
 * (every call runs on the same backend). Each caller sees only its rows, through free-form SQL, the
 * built-in tools and a host tool; the schema tools show what its role may see; an unmapped caller is
 * refused or defaulted; and no SQL a caller sends changes the role the next call on that connection
 * runs as.
 */
@SuppressWarnings("unchecked")
class PerPersonRolesTest {

    static final String LOGIN = "pp_login_" + ProcessHandle.current().pid();
    static final String ALICE = "pp_alice_" + ProcessHandle.current().pid();
    static final String BOB = "pp_bob_" + ProcessHandle.current().pid();
    static final String GUEST = "pp_guest_" + ProcessHandle.current().pid();

    static String url;
    static Path audit;
    static PgMcp pgmcp;
    static final RecordingListener EVENTS = new RecordingListener();

    @BeforeAll
    static void start() throws IOException {
        url = TestPostgres.freshDatabase("per_person");
        PerPersonRoles roles = PerPersonRoles.create(url, "pp");
        assertEquals(List.of(LOGIN, ALICE, BOB, GUEST), List.of(roles.login(), roles.alice(), roles.bob(), roles.guest()));
        // A view that switches role when read: the validator cannot see into it.
        TestPostgres.run(url, "CREATE VIEW role_switch AS SELECT set_config('role', '" + BOB + "', false) AS switched;\n"
                + "GRANT SELECT ON role_switch TO " + ALICE);
        audit = Files.createTempFile("pgmcp-roles-audit", ".jsonl");
        pgmcp = engine(RoleMapping.builder().principal("alice", ALICE).principal("bob", BOB)
                .claim("groups").claimValue("group-a", ALICE).claimValue("group-b", BOB).build(), audit.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (pgmcp != null) {
            pgmcp.close();
        }
        Files.deleteIfExists(audit);
    }

    /** An engine connecting as the login role, with one connection, the host tool and the recording listener. */
    static PgMcp engine(RoleMapping mapping, String auditLog) {
        return PgMcp.builder(PgMcpConfig.builder().database("main", as(LOGIN)).poolMinIdle(1).poolMaxSize(1)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog(auditLog).roleMapping(mapping).build())
                .discoverTools(false).discoverListeners(false).addListener(EVENTS).addTool(new PerPersonRoles.MyNotes())
                .build();
    }

    static String as(String role) {
        return url.replaceFirst("user=[^&]*", "user=" + role);
    }

    static CallInfo caller(String name) {
        return new CallInfo(new Principal(name, "bearer", Set.of()), null);
    }

    static ToolResult call(PgMcp engine, CallInfo who, String tool, Object... args) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            m.put((String) args[i], args[i + 1]);
        }
        return engine.callTool(tool, m, who);
    }

    static List<List<Object>> rows(ToolResult r) {
        assertFalse(r.error(), r.text());
        return (List<List<Object>>) r.structuredContent().get("rows");
    }

    @Test
    void eachPersonSeesOnlyTheirRowsThroughSqlBuiltInToolsAndHostTools() {
        String sql = "SELECT current_user::text AS who, body FROM notes ORDER BY id";
        assertEquals(List.of(List.of(ALICE, "alice-1"), List.of(ALICE, "alice-2")),
                rows(call(pgmcp, caller("alice"), "execute_query", "sql", sql)));
        assertEquals(List.of(List.of(BOB, "bob-1")), rows(call(pgmcp, caller("bob"), "execute_query", "sql", sql)));

        List<List<Object>> aliceTable = rows(call(pgmcp, caller("alice"), "read_table", "table_name", "notes"));
        assertEquals(List.of("alice-1", "alice-2"), aliceTable.stream().map(r -> r.get(2)).toList());
        List<List<Object>> bobTable = rows(call(pgmcp, caller("bob"), "read_table", "table_name", "notes"));
        assertEquals(List.of("bob-1"), bobTable.stream().map(r -> r.get(2)).toList());

        assertEquals(List.of(List.of("alice-1"), List.of("alice-2")), rows(call(pgmcp, caller("alice"), "my_notes")));
        assertEquals(List.of(List.of("bob-1")), rows(call(pgmcp, caller("bob"), "my_notes")));
    }

    @Test
    void aClaimValueMapsInTheConfiguredOrderAndTheNameWinsOverIt() {
        String sql = "SELECT current_user::text FROM (VALUES (1)) v";
        // The token lists group-b first; the mapping lists group-a first: group-a decides.
        CallInfo both = new CallInfo(new Principal("someone", "oauth", Set.of(),
                Map.of("groups", List.of("group-b", "group-a"))), null);
        assertEquals(List.of(List.of(ALICE)), rows(call(pgmcp, both, "execute_query", "sql", sql)));
        CallInfo onlyB = new CallInfo(new Principal("someone-else", "oauth", Set.of(),
                Map.of("groups", List.of("group-x", "group-b"))), null);
        assertEquals(List.of(List.of(BOB)), rows(call(pgmcp, onlyB, "execute_query", "sql", sql)));
        CallInfo bobInGroupA = new CallInfo(new Principal("bob", "oauth", Set.of(),
                Map.of("groups", List.of("group-a"))), null);
        assertEquals(List.of(List.of(BOB)), rows(call(pgmcp, bobInGroupA, "execute_query", "sql", sql)));
    }

    @Test
    void anUnmappedCallerIsRefusedAndNothingRuns() {
        EVENTS.drain();
        ToolResult r = call(pgmcp, caller("carol"), "execute_query", "sql", "SELECT body FROM notes");
        assertTrue(r.error());
        assertTrue(r.text().startsWith("Not permitted: no database role is mapped to 'carol'"), r.text());
        List<RecordingListener.Received> events = EVENTS.drain();
        assertEquals(List.of("toolCallStarted", "toolCallEnded"), RecordingListener.methods(events), events.toString());
        assertNull(events.get(1).call().role());
        CallInfo wrongGroup = new CallInfo(new Principal("dave", "oauth", Set.of(), Map.of("groups", List.of("other"))), null);
        ToolResult d = call(pgmcp, wrongGroup, "list_tables");
        assertTrue(d.error() && d.text().contains("none of its groups values is mapped"), d.text());
    }

    @Test
    void aDefaultRoleServesWhomNothingMaps() {
        try (PgMcp defaulted = engine(RoleMapping.builder().principal("alice", ALICE).defaultRole(GUEST).build(), "off")) {
            assertEquals(List.of(List.of(GUEST, "guest-1")), rows(call(defaulted, caller("carol"), "execute_query",
                    "sql", "SELECT current_user::text, body FROM notes")));
            assertEquals(List.of(List.of(ALICE)), rows(call(defaulted, caller("alice"), "execute_query",
                    "sql", "SELECT current_user::text FROM (VALUES (1)) v")));
        }
    }

    @Test
    void theLocalProcessRunsAsTheLoginRoleUnlessItIsMapped() {
        String sql = "SELECT current_user::text FROM (VALUES (1)) v";
        assertEquals(List.of(List.of(LOGIN)), rows(call(pgmcp, CallInfo.LOCAL, "execute_query", "sql", sql)));
        // NOINHERIT: the login role has no privilege of its own on the table.
        ToolResult denied = call(pgmcp, CallInfo.LOCAL, "execute_query", "sql", "SELECT * FROM notes");
        assertTrue(denied.error() && denied.text().contains("42501"), denied.text());
        try (PgMcp mapped = engine(RoleMapping.builder().principal(Principal.LOCAL_NAME, GUEST).build(), "off")) {
            assertEquals(List.of(List.of(GUEST)), rows(call(mapped, CallInfo.LOCAL, "execute_query", "sql", sql)));
        }
    }

    @Test
    void theSchemaToolsShowWhatTheRoleMaySee() {
        String tables = call(pgmcp, caller("alice"), "list_tables").text();
        assertTrue(tables.contains("alice_only") && tables.contains("notes"), tables);
        String bobs = call(pgmcp, caller("bob"), "list_tables").text();
        assertTrue(bobs.contains("notes") && !bobs.contains("alice_only"), bobs);
        assertFalse(call(pgmcp, caller("alice"), "describe_table", "table_name", "alice_only").error());
        ToolResult hidden = call(pgmcp, caller("bob"), "describe_table", "table_name", "alice_only");
        assertTrue(hidden.error(), hidden.text());
    }

    @Test
    void theCatalogResourcesAndTableCompletionShowWhatTheRoleMaySee() {
        Principal alice = caller("alice").principal();
        Principal bob = caller("bob").principal();
        String alices = resource("schema://{database}").read(Map.of("database", "main"), alice);
        String bobs = resource("schema://{database}").read(Map.of("database", "main"), bob);
        assertTrue(alices.contains("alice_only") && alices.contains("notes"), alices);
        assertTrue(bobs.contains("notes") && !bobs.contains("alice_only"), bobs);
        String bobsTables = resource("postgres://tables").read(Map.of(), bob);
        assertTrue(bobsTables.contains("notes") && !bobsTables.contains("alice_only"), bobsTables);
        assertTrue(resource("postgres://schema").read(Map.of(), alice).contains("alice_only"));
        assertFalse(resource("postgres://schema").read(Map.of(), bob).contains("alice_only"));
        // A relation the role may not use is no resource for it.
        assertTrue(resource("schema://{database}/{table}").read(Map.of("database", "main", "table", "alice_only"), alice)
                .contains("alice_only"));
        assertThrows(dev.pgmcp.schema.UnknownRelationException.class, () -> resource("schema://{database}/{table}")
                .read(Map.of("database", "main", "table", "alice_only"), bob));
        // A caller the mapping refuses reads nothing.
        Principal carol = caller("carol").principal();
        assertThrows(UnmappedPrincipalException.class, () -> resource("postgres://tables").read(Map.of(), carol));

        String template = "schema://{database}/{table}";
        assertEquals(List.of("alice_only"), pgmcp.completeTemplate(template, "table", "ali", Map.of(), alice));
        assertEquals(List.of(), pgmcp.completeTemplate(template, "table", "ali", Map.of(), bob));
        assertEquals(List.of("notes"), pgmcp.completeTemplate(template, "table", "no", Map.of(), bob));
        assertEquals(List.of(), pgmcp.completeTemplate(template, "table", "no", Map.of(), carol));
    }

    static dev.pgmcp.internal.resources.ResourceDefinition.Reader resource(String uri) {
        return pgmcp.resources().stream().filter(r -> r.uri().equals(uri)).findFirst().orElseThrow().reader();
    }

    @Test
    void theAuditLogAndApplicationNameNameThePersonAndTheRole() throws IOException {
        EVENTS.drain();
        assertEquals(List.of(List.of("pgmcp:alice")), rows(call(pgmcp, caller("alice"), "execute_query",
                "sql", "SELECT current_setting('application_name')")));
        List<RecordingListener.Received> events = EVENTS.drain();
        StatementEvent statement = events.stream().filter(e -> e.method().equals("statementEnded")).findFirst()
                .orElseThrow().statement();
        assertEquals(ALICE, statement.role());
        ToolCallEvent end = events.get(events.size() - 1).call();
        assertEquals("alice", end.principal().name());
        assertEquals(ALICE, end.role());
        List<String> lines = Files.readAllLines(audit).stream().filter(l -> l.contains("application_name")).toList();
        assertFalse(lines.isEmpty());
        assertTrue(lines.get(lines.size() - 1).contains("\"principal\":\"alice\",\"role\":\"" + ALICE + "\""),
                lines.get(lines.size() - 1));
        // The rollback restores the connection's own name.
        assertEquals(List.of(List.of("pgmcp")), rows(call(pgmcp, CallInfo.LOCAL, "execute_query",
                "sql", "SELECT current_setting('application_name')")));
    }

    /** Every way to change the role from SQL: each is refused, or undone before the next call. */
    static Stream<String> roleChanges() {
        String b = "'" + BOB + "'";
        return Stream.of(
                "RESET ROLE",
                "SET ROLE " + BOB,
                "SET ROLE NONE",
                "SET LOCAL ROLE " + BOB,
                "SET SESSION AUTHORIZATION " + LOGIN,
                "SET SESSION AUTHORIZATION DEFAULT",
                "RESET SESSION AUTHORIZATION",
                "RESET ALL",
                "DISCARD ALL",
                "SELECT set_config('role', " + b + ", false)",
                "SELECT set_config('role', " + b + ", true)",
                "SELECT set_config('role', 'none', false)",
                "SELECT set_config('session_authorization', '" + LOGIN + "', false)",
                "SELECT set_config(setting_name => 'role', new_value => " + b + ", is_local => false)",
                "WITH r AS (SELECT set_config('role', " + b + ", false) AS x) SELECT * FROM r, notes",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE set_config('role', " + b
                        + ", false) IS NULL) SELECT * FROM r",
                "SELECT (SELECT set_config('role', " + b + ", false)) AS x, body FROM notes",
                "SELECT body FROM notes WHERE set_config('role', " + b + ", false) IS NOT NULL",
                "SELECT * FROM (SELECT set_config('role', " + b + ", false)) s",
                "SELECT \"set_config\"('role', " + b + ", false)",
                "SELECT pg_catalog.set_config('role', " + b + ", false)",
                "SELECT PG_CATALOG.SET_CONFIG('role', " + b + ", false)",
                "SELECT pg_catalog.\"set_config\"('role', " + b + ", false)",
                "SELECT \"pg_catalog\".\"set_config\"('role', " + b + ", true)",
                "SELECT U&\"set\\005fconfig\"('role', " + b + ", false)",
                "SELECT set_config(lower('ROLE'), " + b + ", false)",
                "EXPLAIN SELECT set_config('role', " + b + ", false)",
                "SELECT * FROM role_switch",
                "SELECT switched, (SELECT count(*) FROM notes) FROM role_switch");
    }

    @ParameterizedTest
    @MethodSource("roleChanges")
    void noSqlChangesTheRoleOfTheNextCallOnTheConnection(String attempt) {
        String probe = "SELECT current_user::text, session_user::text, pg_backend_pid(), "
                + "(SELECT string_agg(body, ',' ORDER BY id) FROM notes)";
        List<Object> before = rows(call(pgmcp, caller("alice"), "execute_query", "sql", probe)).get(0);
        assertEquals(List.of(ALICE, LOGIN, "alice-1,alice-2"), List.of(before.get(0), before.get(1), before.get(3)));

        call(pgmcp, caller("alice"), "execute_query", "sql", attempt);
        call(pgmcp, caller("alice"), "explain_query", "sql", attempt, "analyze", true);

        for (String[] who : new String[][]{{"alice", ALICE, "alice-1,alice-2"}, {"bob", BOB, "bob-1"}}) {
            List<Object> after = rows(call(pgmcp, caller(who[0]), "execute_query", "sql", probe)).get(0);
            assertEquals(List.of(who[1], LOGIN, before.get(2), who[2]), after, attempt);
        }
        List<Object> local = rows(call(pgmcp, CallInfo.LOCAL, "execute_query", "sql",
                "SELECT current_user::text, pg_backend_pid() FROM (VALUES (1)) v")).get(0);
        assertEquals(List.of(LOGIN, before.get(2)), local, attempt);
    }

    @Test
    void theRoleCheckReportsEachMappedRoleAndTheViewThatSwitchesRoles() {
        List<dev.pgmcp.internal.security.MappedRoleReport> reports = pgmcp.databases().inspectMappedRoles("main");
        assertEquals(List.of(ALICE, BOB), reports.stream().map(dev.pgmcp.internal.security.MappedRoleReport::role).toList());
        dev.pgmcp.internal.security.MappedRoleReport alice = reports.get(0);
        assertEquals(List.of("public.role_switch (view)"), alice.settingChangers());
        assertEquals(dev.pgmcp.internal.security.RoleReport.Verdict.WARN, alice.verdict(), alice.warnings().toString());
        assertEquals(LOGIN, alice.loginRole());
        assertFalse(alice.inheritedByLogin());
        assertEquals(dev.pgmcp.internal.security.RoleReport.Verdict.OK, reports.get(1).verdict(),
                reports.get(1).warnings().toString());
    }

    @Test
    void validatedAttemptsAreRejectedBeforeAnythingRuns() {
        // Every attempt but the ones hidden in a view (or harmless under EXPLAIN) is refused by the validator.
        for (String attempt : roleChanges().toList()) {
            if (attempt.contains("role_switch") || attempt.startsWith("EXPLAIN")) {
                continue;
            }
            ToolResult r = call(pgmcp, caller("alice"), "execute_query", "sql", attempt);
            assertTrue(r.error() && r.text().startsWith("Query rejected"), attempt + " -> " + r.text());
        }
    }
}
