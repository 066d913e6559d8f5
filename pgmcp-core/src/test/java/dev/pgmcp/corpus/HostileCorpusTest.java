package dev.pgmcp.corpus;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.CanaryDatabase;
import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus.Expectation;
import dev.pgmcp.testing.SqlCorpus;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole stack against the hostile corpus: every entry goes through
 * {@code PgMcp.callTool("execute_query", …)} as a NON-superuser role that owns every canary (so it
 * could write if the layers failed) and whose default is {@code standard_conforming_strings = off}, with a 2 s statement timeout and small caps. Each entry is
 * checked against its expectation; then the canary check proves that nothing in the database
 * changed, no lock, transaction or running statement was left behind, a bystander session was not
 * touched, and the pool's sessions carry no leaked state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    /** How long past the statement timeout a limited call may take (generous: 2 shared cores). */
    static final Duration LIMIT_MARGIN = Duration.ofSeconds(20);
    static final int POOL_SIZE = 2;
    /** SQLSTATEs that mean "a limit stopped it": statement timeout, out of memory, program limit. */
    static final Set<String> LIMIT_STATES = Set.of("57014", "53200", "53100", "53400", "54000", "54001");

    static CanaryDatabase db;
    static PgMcp pgmcp;
    /** The same, with schema and table lists: runs the denied-relation entries. */
    static PgMcp withLists;
    static Connection bystander;
    static int bystanderPid;
    static Map<String, String> before;
    static boolean corpusRan;
    static List<String> freshSession;

    @BeforeAll
    static void setUp() throws SQLException {
        db = CanaryDatabase.create("hostile");
        // An administrator's choice pgmcp must not depend on: with it, PostgreSQL would read a backslash
        // in '...' as an escape, unlike pgmcp's lexer, unless pgmcp pins the setting for its sessions.
        TestPostgres.run(db.adminUrl(), "ALTER ROLE " + db.owner().name() + " SET standard_conforming_strings = off");
        // The role could write: it owns the canaries and the schema.
        assertEquals(db.owner().name(), db.one("SELECT tableowner FROM pg_tables WHERE tablename = 'canary'"));
        assertEquals(db.owner().name(), db.one("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"));
        assertEquals("false", db.one("SELECT rolsuper::text FROM pg_roles WHERE rolname = '" + db.owner().name() + "'"));

        // The bystander: same role (so it may signal it), its own settings, listening on the channel.
        bystander = db.owner().connect(db.adminUrl());
        try (Statement s = bystander.createStatement()) {
            s.execute("SET application_name = 'canary_bystander'");
            s.execute("SET work_mem = '7MB'");
            s.execute("LISTEN canary_channel");
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                bystanderPid = rs.getInt(1);
            }
        }
        // Control: the bystander does receive a notification on its channel, so silence later means something.
        db.rows("SELECT pg_notify('canary_channel', 'control')");
        List<PGNotification> control = notifications();
        assertEquals(1, control.size(), "control notification not received: the canary could not detect one");

        pgmcp = PgMcp.builder(config().build()).discoverTools(false).build();
        withLists = PgMcp.builder(config()
                .denyTables(List.of("public.canary_secret", "public.canary_secret_child", "public.canary_secret_part"))
                .denySchemas(List.of("canary_vault"))
                .build()).discoverTools(false).build();
        // What a fresh pooled session looks like (driver-set values included), before any corpus call.
        List<String> fresh = pgmcp.database(null).executor().inReadOnlyTransaction(HostileCorpusTest::sessionState);
        freshSession = fresh.subList(1, fresh.size());
        assertTrue(freshSession.contains("role " + db.owner().name() + " " + db.owner().name()), freshSession.toString());
        assertTrue(freshSession.contains("advisory locks: 0"), freshSession.toString());
        before = db.snapshot();
    }

    private static PgMcpConfig.Builder config() {
        return PgMcpConfig.builder()
                .database("canary", db.adminUrl(), db.owner().name(), db.owner().password())
                .statementTimeout(STATEMENT_TIMEOUT)
                .lockTimeout(Duration.ofSeconds(1))
                .maxRows(50)
                .maxResultBytes(64 * 1024)
                .poolMaxSize(POOL_SIZE)
                .rateLimitPerMinute(0)
                .rateLimitPerHour(0)
                .auditLog("off");
    }

    @AfterAll
    static void tearDown() throws SQLException {
        if (pgmcp != null) {
            pgmcp.close();
        }
        if (withLists != null) {
            withLists.close();
        }
        if (bystander != null) {
            bystander.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> everyHostileEntryMeetsItsExpectation() {
        corpusRan = true;
        return SqlCorpus.hostile().stream().map(e -> DynamicTest.dynamicTest(e.displayName(), () -> check(e)));
    }

    private static void check(Entry e) {
        long start = System.nanoTime();
        PgMcp engine = e.category().equals(SqlCorpus.DENIED_RELATION) ? withLists : pgmcp;
        ToolResult result = engine.callTool("execute_query", Map.of("sql", e.sql()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String outcome = outcome(result);
        if (e.expectation() == Expectation.REJECTED) {
            if (!result.error() || !result.text().startsWith("Query rejected:")) {
                fail("expected 'Query rejected:' but got " + outcome + "\n  for " + e.describe());
            }
            return;
        }
        if (e.expectation() == Expectation.HARMLESS) {
            if (result.error()) {
                fail("expected it to run as the harmless statement the validator read, but got " + outcome
                        + "\n  for " + e.describe());
            }
            return;
        }
        System.err.println("limited " + e.displayName() + " -> " + outcome + " in " + took.toMillis() + " ms");
        boolean stopped = result.error()
                ? result.text().startsWith("Query rejected:") || LIMIT_STATES.stream().anyMatch(s -> result.text().startsWith("ERROR " + s))
                : Boolean.TRUE.equals(result.structuredContent().get("truncated"));
        if (!stopped) {
            fail("expected a limit to stop it (timeout, cap or rejection) but got " + outcome + "\n  for " + e.describe());
        }
        if (took.compareTo(STATEMENT_TIMEOUT.plus(LIMIT_MARGIN)) > 0) {
            fail("a limit stopped it only after " + took.toMillis() + " ms: " + outcome + "\n  for " + e.describe());
        }
    }

    private static String outcome(ToolResult r) {
        if (r.error()) {
            return "error: " + r.text().replace('\n', ' ');
        }
        Object truncated = r.structuredContent() == null ? null : r.structuredContent().get("truncated");
        return "success (" + (r.structuredContent() == null ? "?" : r.structuredContent().get("rowCount"))
                + " rows, truncated=" + truncated + ")";
    }

    @Order(2)
    @Test
    void canariesProveNothingChangedAndNothingWasLeftBehind() throws Exception {
        assertTrue(corpusRan, "the corpus must run first");

        // 1. Database contents and objects.
        Map<String, String> after = db.snapshot();
        for (String key : before.keySet()) {
            assertEquals(before.get(key), after.get(key), "canary '" + key + "' changed");
        }
        assertEquals("0", db.one("SELECT count(*) FROM pg_prepared_xacts"), "a prepared transaction was left");

        // 2. No backend of this database still runs a statement or sits in a transaction (a statement
        //    stopped by the timeout ends at once; wait briefly for cancellation to settle).
        String activityQuery = """
                SELECT pid || ' ' || coalesce(application_name, '') || ' ' || state || ' ' || left(query, 120)
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                  AND state <> 'idle'""";
        List<List<String>> busy = db.rows(activityQuery);
        for (int i = 0; i < 50 && !busy.isEmpty(); i++) {
            Thread.sleep(200);
            busy = db.rows(activityQuery);
        }
        assertEquals(List.of(), busy, "backends still active or idle in transaction");

        // 3. No lock held by anyone but the checker (advisory, relation, tuple...).
        assertEquals(List.of(), db.rows("""
                SELECT l.locktype || ' ' || l.mode || ' pid ' || l.pid || ' ' || coalesce(l.relation::regclass::text, '')
                FROM pg_locks l
                WHERE l.pid <> pg_backend_pid()
                  AND (l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       OR l.pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database()))"""),
                "locks left behind");

        // 4. The bystander is alive, unnotified, and keeps its settings.
        try (Statement s = bystander.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), current_setting('work_mem'), "
                    + "current_setting('application_name'), array_to_string(ARRAY(SELECT pg_listening_channels()), ',')")) {
                rs.next();
                assertEquals(bystanderPid, rs.getInt(1), "bystander backend replaced");
                assertEquals("7MB", rs.getString(2), "bystander lost its work_mem");
                assertEquals("canary_bystander", rs.getString(3));
                assertEquals("canary_channel", rs.getString(4), "bystander stopped listening");
            }
        }
        List<PGNotification> received = notifications();
        assertEquals(List.of(), received.stream().map(n -> n.getName() + ":" + n.getParameter()).toList(),
                "the bystander received notifications");

        // 5. Every pooled session shows default state: borrow all of them at once.
        for (String leak : poolSessionLeaks()) {
            fail("pooled session state leaked: " + leak);
        }
    }

    /** Drains the bystander's notifications (a query makes pgJDBC read what the server sent). */
    private static List<PGNotification> notifications() throws SQLException {
        try (Statement s = bystander.createStatement()) {
            s.execute("SELECT 1");
        }
        PGNotification[] got = bystander.unwrap(PGConnection.class).getNotifications();
        return got == null ? List.of() : List.of(got);
    }

    /**
     * Holds {@link #POOL_SIZE} pooled connections at once (so each is a different session) and
     * lists anything in a session's {@link #sessionState state} that a fresh pooled session did not
     * have: state kept from an earlier call.
     */
    private static List<String> poolSessionLeaks() throws Exception {
        QueryExecutor executor = pgmcp.database(null).executor();
        CyclicBarrier together = new CyclicBarrier(POOL_SIZE);
        ExecutorService threads = Executors.newFixedThreadPool(POOL_SIZE);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int i = 0; i < POOL_SIZE; i++) {
                futures.add(threads.submit(() -> executor.inReadOnlyTransaction(c -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not hold all pooled connections at once", e);
                    }
                    return sessionState(c);
                })));
            }
            List<String> leaks = new ArrayList<>();
            List<String> pids = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                List<String> r = f.get(60, TimeUnit.SECONDS);
                pids.add(r.get(0));
                r.subList(1, r.size()).stream().filter(x -> !freshSession.contains(x)).forEach(leaks::add);
            }
            assertEquals(POOL_SIZE, pids.stream().distinct().count(), "expected distinct pooled sessions: " + pids);
            return leaks;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The backend pid, then a session's state as lines: its role, the settings that differ from
     * their session-start value (except the ones the executor sets LOCAL in every transaction), and
     * counts of SQL-level prepared statements, holdable cursors, LISTEN channels, temporary
     * relations and advisory locks.
     */
    private static List<String> sessionState(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            out.add(single(s, "SELECT pg_backend_pid()"));
            out.add("role " + single(s, "SELECT current_user || ' ' || session_user"));
            try (ResultSet rs = s.executeQuery("""
                    SELECT name || ' = ' || setting || ' (at session start: ' || coalesce(reset_val, '') || ')'
                    FROM pg_settings
                    WHERE setting IS DISTINCT FROM reset_val
                      AND name NOT IN ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout',
                                       'IntervalStyle', 'transaction_read_only', 'transaction_isolation',
                                       'transaction_deferrable')""")) {
                while (rs.next()) {
                    out.add("setting " + rs.getString(1));
                }
            }
            String[][] counters = {
                    {"SELECT count(*) FROM pg_prepared_statements WHERE from_sql", "SQL prepared statements"},
                    {"SELECT count(*) FROM pg_cursors WHERE is_holdable", "holdable cursors"},
                    {"SELECT count(*) FROM pg_listening_channels()", "LISTEN channels"},
                    {"SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()", "temporary relations"},
                    {"SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'", "advisory locks"},
            };
            for (String[] counter : counters) {
                out.add(counter[1] + ": " + single(s, counter[0]));
            }
        }
        return out;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            String v = rs.getString(1);
            assertNotNull(v, sql);
            return v;
        }
    }
}
