package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The insight tools against a real PostgreSQL: each condition a tool reports is made to happen
 * (duplicate, invalid, unused and bloated indexes, a sequence near its maximum, a constraint not
 * validated, dead rows past the autovacuum trigger, an inactive replication slot, a lock held by
 * another session, a filter on an unindexed column of a large table), and a clean database reports
 * nothing.
 */
@SuppressWarnings("unchecked")
class InsightToolsTest {

    static String clean;
    static String troubled;
    static PgMcp cleanServer;
    static PgMcp troubledServer;

    @BeforeAll
    static void start() {
        clean = TestPostgres.freshDatabase("insight_clean");
        TestPostgres.run(clean, """
                CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE);
                INSERT INTO customers SELECT g, 'c' || g || '@x' FROM generate_series(1, 100) g;
                """);
        TestPostgres.run(clean, "VACUUM ANALYZE customers");
        troubled = TestPostgres.freshDatabase("insight_troubled");
        TestPostgres.run(troubled, """
                CREATE TABLE orders (id int PRIMARY KEY, customer_ref int NOT NULL, status text NOT NULL, note text)
                    WITH (autovacuum_enabled = false);
                INSERT INTO orders SELECT g, g % 5000, CASE WHEN g % 100 = 0 THEN 'open' ELSE 'done' END, NULL
                    FROM generate_series(1, 100000) g;
                CREATE INDEX orders_status_a ON orders (status);
                CREATE INDEX orders_status_b ON orders (status);
                CREATE TABLE codes (code text);
                INSERT INTO codes VALUES ('a'), ('a');
                CREATE TABLE churn (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false);
                INSERT INTO churn SELECT g, g FROM generate_series(1, 200000) g;
                DELETE FROM churn WHERE id % 20 <> 0;
                ANALYZE orders;
                CREATE SEQUENCE ticket_no AS int MAXVALUE 1000;
                SELECT setval('ticket_no', 950);
                CREATE TABLE lines (order_id int);
                ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
                CREATE TABLE dead (id int) WITH (autovacuum_enabled = false);
                INSERT INTO dead SELECT generate_series(1, 5000);
                ANALYZE dead;
                DELETE FROM dead WHERE id > 1000;
                """);
        TestPostgres.run(troubled, "VACUUM ANALYZE churn");
        // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
        try {
            TestPostgres.run(troubled, "CREATE UNIQUE INDEX CONCURRENTLY codes_code_key ON codes (code)");
        } catch (IllegalStateException expected) {
            // could not create unique index: duplicate key
        }
        cleanServer = server(clean);
        troubledServer = server(troubled);
    }

    static PgMcp server(String url) {
        return PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).build())
                .discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        cleanServer.close();
        troubledServer.close();
    }

    static Map<String, Object> ok(PgMcp server, String tool, Map<String, Object> args) {
        ToolResult r = server.callTool(tool, args);
        assertFalse(r.error(), tool + ": " + r.text());
        SchemaConformance.assertConforms(server.tools().get(tool).outputSchema(), r.structuredContent(), tool + " " + args);
        assertTrue(r.text().startsWith(ToolResult.UNTRUSTED_NOTICE) || args.containsKey("top_queries")
                || tool.equals("get_top_queries"), r.text());
        return r.structuredContent();
    }

    static Map<String, Object> check(Map<String, Object> health, String name) {
        return ((List<Map<String, Object>>) health.get("checks")).stream().filter(c -> name.equals(c.get("check")))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + health));
    }

    static List<Map<String, Object>> items(Map<String, Object> check) {
        return (List<Map<String, Object>>) check.get("items");
    }

    /** Waits until the statistics collector has counted the dead rows of {@code dead} (flushed when sessions end). */
    static void awaitDeadRows() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Connection c = DriverManager.getConnection(troubled); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'dead'")) {
                if (rs.next() && rs.getLong(1) >= 4000) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aCleanDatabaseHasNothingToReport() {
        Map<String, Object> health = ok(cleanServer, "get_database_health", Map.of());
        assertEquals(DatabaseHealthTool.CHECK_NAMES.size(), ((List<?>) health.get("checks")).size());
        for (Map<String, Object> c : (List<Map<String, Object>>) health.get("checks")) {
            assertEquals("ok", c.get("status"), c.toString());
            assertEquals(List.of(), c.get("items"), c.toString());
            assertFalse(c.containsKey("remedy"), c.toString());
        }
        assertEquals("ok", health.get("status"));

        Map<String, Object> locks = ok(cleanServer, "get_locks_and_activity", Map.of());
        assertEquals(List.of(), locks.get("blocked"));
        assertEquals(List.of(), locks.get("blockers"));

        Map<String, Object> advice = ok(cleanServer, "get_index_advice", Map.of("sql", "SELECT * FROM customers WHERE id = 7"));
        assertEquals(List.of(), advice.get("recommendations"), advice.toString());
        assertEquals(false, advice.get("hypopg"));
    }

    @Test
    void healthChecksFindWhatWasMadeToHappen() throws Exception {
        awaitDeadRows();
        Map<String, Object> health = ok(troubledServer, "get_database_health", Map.of());

        Map<String, Object> invalid = check(health, "invalid_indexes");
        assertEquals("warning", invalid.get("status"), invalid.toString());
        assertEquals(List.of("codes_code_key"), items(invalid).stream().map(i -> i.get("index")).toList());
        assertTrue(((String) invalid.get("remedy")).contains("CONCURRENTLY"));

        Map<String, Object> duplicate = check(health, "duplicate_indexes");
        assertEquals("warning", duplicate.get("status"), duplicate.toString());
        assertEquals(List.of("orders_status_a", "orders_status_b"), items(duplicate).get(0).get("indexes"));

        Map<String, Object> unused = check(health, "unused_indexes");
        List<Object> unusedNames = items(unused).stream().map(i -> i.get("index")).toList();
        assertTrue(unusedNames.containsAll(List.of("orders_status_a", "orders_status_b")), unused.toString());
        assertFalse(unusedNames.contains("orders_pkey"), "a primary key is never reported unused");

        Map<String, Object> bloated = check(health, "bloated_indexes");
        assertEquals(List.of("churn_pkey"), items(bloated).stream().map(i -> i.get("index")).toList(), bloated.toString());
        assertTrue(((Number) items(bloated).get(0).get("estimated_bloat_percent")).doubleValue() > 80, bloated.toString());

        Map<String, Object> sequences = check(health, "sequences");
        assertEquals("critical", sequences.get("status"), sequences.toString());
        assertEquals("ticket_no", items(sequences).get(0).get("sequence"));
        assertEquals(95.0, ((Number) items(sequences).get(0).get("percent_used")).doubleValue(), 0.2);

        Map<String, Object> constraints = check(health, "invalid_constraints");
        assertEquals("lines_order_fk", items(constraints).get(0).get("constraint"), constraints.toString());
        assertEquals("foreign key", items(constraints).get(0).get("kind"));

        Map<String, Object> vacuum = check(health, "vacuum_analyze");
        Map<String, Object> dead = items(vacuum).stream().filter(i -> "dead".equals(i.get("table"))).findFirst()
                .orElseThrow(() -> new AssertionError(vacuum.toString()));
        assertEquals(true, dead.get("vacuum_due"), dead.toString());

        assertEquals("critical", health.get("status"));
        assertEquals("ok", check(health, "wraparound").get("status"));
        assertTrue(((Map<String, Object>) check(health, "wraparound").get("figures")).get("database_xid_age") instanceof Number);

        // A subset runs only the checks asked for.
        Map<String, Object> some = ok(troubledServer, "get_database_health", Map.of("checks", List.of("sequences", "connections")));
        assertEquals(List.of("sequences", "connections"),
                ((List<Map<String, Object>>) some.get("checks")).stream().map(c -> c.get("check")).toList());
        ToolResult unknown = troubledServer.callTool("get_database_health", Map.of("checks", List.of("vibes")));
        assertTrue(unknown.error() && unknown.text().contains("sequences"), unknown.text());
    }

    @Test
    void anInactiveReplicationSlotIsAWarning() {
        String slot = "insight_slot_" + ProcessHandle.current().pid();
        TestPostgres.run(troubled, "SELECT pg_create_physical_replication_slot('" + slot + "', true)");
        try {
            Map<String, Object> health = ok(troubledServer, "get_database_health", Map.of("checks", List.of("replication")));
            Map<String, Object> replication = check(health, "replication");
            assertEquals("warning", replication.get("status"), replication.toString());
            Map<String, Object> item = items(replication).stream().filter(i -> slot.equals(i.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(replication.toString()));
            assertEquals(false, item.get("active"));
            assertTrue(((Number) item.get("retained_wal_bytes")).longValue() >= 0, item.toString());
        } finally {
            TestPostgres.run(troubled, "SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }

    @Test
    void aLockHeldByAnotherSessionShowsAsABlockingChain() throws Exception {
        try (Connection holder = DriverManager.getConnection(troubled); Connection waiter = DriverManager.getConnection(troubled)) {
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            int holderPid = pid(holder);
            int waiterPid = pid(waiter);
            try (Statement s = holder.createStatement()) {
                s.execute("UPDATE codes SET code = 'b' WHERE ctid = (SELECT min(ctid) FROM codes)");
            }
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("LOCK TABLE codes IN ACCESS EXCLUSIVE MODE");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, Object> locks = null;
            for (int i = 0; i < 100; i++) {
                locks = ok(troubledServer, "get_locks_and_activity", Map.of("min_duration_ms", 0));
                if (!((List<?>) locks.get("blocked")).isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            List<Map<String, Object>> blocked = (List<Map<String, Object>>) locks.get("blocked");
            assertEquals(1, blocked.size(), locks.toString());
            Map<String, Object> b = blocked.get(0);
            assertEquals(waiterPid, ((Number) b.get("pid")).intValue());
            assertEquals("active", b.get("state"), b.toString());
            assertEquals("Lock", b.get("wait_event_type"), b.toString());
            assertEquals(List.of(holderPid), ((List<Number>) b.get("blocked_by")).stream().map(Number::intValue).toList());
            assertEquals("AccessExclusiveLock", b.get("lock_mode"));
            assertEquals("codes", b.get("relation"));
            assertTrue(((String) b.get("query")).contains("LOCK TABLE codes"), b.toString());
            assertEquals(false, b.get("own_pgmcp"));
            List<Map<String, Object>> blockers = (List<Map<String, Object>>) locks.get("blockers");
            assertEquals(holderPid, ((Number) blockers.get(0).get("pid")).intValue(), locks.toString());
            assertEquals("idle in transaction", blockers.get(0).get("state"));
            assertEquals(1L, ((Number) blockers.get(0).get("blocks")).longValue());
            holder.rollback();
            waiting.get(10, TimeUnit.SECONDS);
            waiter.rollback();
        }
        Map<String, Object> after = ok(troubledServer, "get_locks_and_activity", Map.of());
        assertEquals(List.of(), after.get("blocked"));
    }

    @Test
    void anIdleTransactionIsListedWithItsDurationAndPgmcpsOwnSessionsAreMarked() throws Exception {
        try (Connection idle = DriverManager.getConnection(troubled + "&ApplicationName=pgmcp")) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("SELECT 1");
            }
            Thread.sleep(300);
            Map<String, Object> locks = ok(troubledServer, "get_locks_and_activity", Map.of("min_duration_ms", 200));
            List<Map<String, Object>> sessions = (List<Map<String, Object>>) locks.get("idle_in_transaction");
            Map<String, Object> mine = sessions.stream().filter(m -> ((Number) m.get("pid")).intValue() == pidQuiet(idle))
                    .findFirst().orElseThrow(() -> new AssertionError(locks.toString()));
            assertTrue(((Number) mine.get("state_ms")).longValue() >= 200, mine.toString());
            assertEquals(true, mine.get("own_pgmcp"), "same role and application_name as pgmcp's pool: " + mine);
            idle.rollback();
        }
    }

    @Test
    void aFilterOnAnUnindexedColumnOfALargeTableGetsAnUnverifiedIndex() {
        Map<String, Object> advice = ok(troubledServer, "get_index_advice",
                Map.of("sql", "SELECT id, status FROM orders WHERE customer_ref = 42"));
        assertEquals(false, advice.get("hypopg"));
        List<Map<String, Object>> recs = (List<Map<String, Object>>) advice.get("recommendations");
        assertEquals(1, recs.size(), advice.toString());
        assertEquals(List.of("customer_ref"), recs.get(0).get("columns"));
        assertEquals("public.orders", recs.get(0).get("table"));
        assertEquals(false, recs.get(0).get("verified"));
        assertEquals("CREATE INDEX ON \"public\".\"orders\" (\"customer_ref\")", recs.get(0).get("definition"));
        assertTrue(((List<?>) advice.get("notes")).stream().anyMatch(n -> n.toString().contains("hypopg")));
        // A filter already served by an index, and a write, get nothing / are refused as execute_query refuses them.
        Map<String, Object> indexed = ok(troubledServer, "get_index_advice", Map.of("sql", "SELECT * FROM orders WHERE id = 5"));
        assertEquals(List.of(), indexed.get("recommendations"));
        ToolResult write = troubledServer.callTool("get_index_advice", Map.of("sql", "DELETE FROM orders WHERE customer_ref = 1"));
        assertEquals(troubledServer.callTool("execute_query", Map.of("sql", "DELETE FROM orders WHERE customer_ref = 1")).text(),
                write.text());
        assertTrue(write.error());
    }

    @Test
    void topQueriesWithoutTheExtensionSayHowToEnableIt() {
        Map<String, Object> top = ok(cleanServer, "get_top_queries", Map.of());
        assertEquals(false, top.get("available"));
        assertTrue(((String) top.get("message")).contains("shared_preload_libraries"), top.toString());
        Map<String, Object> advice = ok(cleanServer, "get_index_advice", Map.of("top_queries", 3));
        assertTrue(advice.get("notes").toString().contains("CREATE EXTENSION pg_stat_statements"), advice.toString());
    }

    static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int pidQuiet(Connection c) {
        try {
            return pid(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void toolsThatReportOnEveryRelationAreRefusedWhileRelationListsAreConfigured() {
        try (PgMcp withLists = PgMcp.builder(PgMcpConfig.builder().database("main", troubled).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).denyTables(List.of("public.orders")).build())
                .discoverTools(false).build()) {
            for (String tool : List.of("get_database_health", "get_top_queries", "get_locks_and_activity")) {
                ToolResult r = withLists.callTool(tool, Map.of());
                assertTrue(r.error(), tool + ": " + r.text());
                assertTrue(r.text().contains("not available while schema or table lists are configured"), r.text());
                assertFalse(r.text().contains("orders"), r.text());
            }
            // Advice on a query the lists allow still works; one on a denied table is refused as any query is.
            assertFalse(withLists.callTool("get_index_advice", Map.of("sql", "SELECT * FROM dead WHERE id = 7")).error());
            ToolResult denied = withLists.callTool("get_index_advice", Map.of("sql", "SELECT * FROM orders WHERE note = 'x'"));
            assertTrue(denied.error() && denied.text().startsWith("Query rejected: "), denied.text());
        }
    }

    @Test
    void aSequenceTheRoleMayNotReadIsCountedAsNotJudgedAndNamesTheGrant() {
        TestRoles.Role reader = TestRoles.create(TestPostgres.adminUrl(), "seq_reader", "");
        String database = troubled.substring(troubled.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        TestPostgres.run(troubled, "GRANT CONNECT ON DATABASE " + database + " TO " + reader.name()
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader.name());
        String asReader = troubled.replaceFirst("user=[^&]*", "user=" + reader.name() + "&password=" + reader.password());
        try (PgMcp server = server(asReader)) {
            Map<String, Object> blind = check(ok(server, "get_database_health", Map.of("checks", List.of("sequences"))),
                    "sequences");
            assertEquals("ok", blind.get("status"), blind.toString());
            assertEquals(1L, ((Number) ((Map<String, Object>) blind.get("figures")).get("not_readable")).longValue(),
                    blind.toString());
            assertTrue(((String) blind.get("summary")).contains("GRANT SELECT ON ALL SEQUENCES IN SCHEMA ... TO "
                    + reader.name()), blind.toString());

            TestPostgres.run(troubled, "GRANT SELECT ON SEQUENCE ticket_no TO " + reader.name());
            Map<String, Object> seen = check(ok(server, "get_database_health", Map.of("checks", List.of("sequences"))),
                    "sequences");
            assertEquals("critical", seen.get("status"), seen.toString());
            assertFalse(((Map<String, Object>) seen.get("figures")).containsKey("not_readable"), seen.toString());
        }
    }
}
