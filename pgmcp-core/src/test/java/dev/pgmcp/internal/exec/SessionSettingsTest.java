package dev.pgmcp.internal.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.SearchPath;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.pool.SessionSettings;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgmcp's settings held by the session (sent as start-up options) or set in every transaction (where
 * the start-up options did not arrive, as behind a pooler that drops them): each transaction runs with
 * them either way, and only the first sends none of its own.
 */
class SessionSettingsTest {

    static String url;
    /** The settings {@link #config()} gives, as {@code current_setting} shows them. */
    static final List<Object> CONFIGURED = List.of("4321ms", "1234ms", "5678ms", "iso_8601", "on", "safe_encoding",
            "\"with space\\and backslash\", public");

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("session_settings");
        TestPostgres.run(url, "CREATE SCHEMA \"with space\\and backslash\"");
    }

    private static PgMcpConfig config() {
        return PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).poolMaxSize(1).poolMinIdle(1)
                .statementTimeout(Duration.ofMillis(4321)).lockTimeout(Duration.ofMillis(1234))
                .idleInTransactionTimeout(Duration.ofMillis(5678))
                .searchPath(List.of("with space\\and backslash", "public")).build();
    }

    private static TransactionOpener opener(DataSource ds, PgMcpConfig config) {
        // A connection returned within a minute counts as recent: the test need not be quick to see one lent unchecked.
        return new TransactionOpener(ds, SessionSettings.of(config.statementTimeout(), config.lockTimeout(),
                config.idleInTransactionTimeout(), SearchPath.settingValue(config.searchPath())), 60_000);
    }

    /** Lends a connection, rolls its transaction back and returns it, as the executor does. */
    private static TransactionOpener.Lent lendAndReturn(TransactionOpener opener, TransactionOpener.Local local)
            throws Exception {
        TransactionOpener.Lent lent = opener.lend(local);
        try (Connection c = lent.connection()) {
            c.rollback();
            opener.returning(c);
        }
        return lent;
    }

    @Test
    void aSessionStartedWithTheSettingsIsNotSentThemAgain() throws Exception {
        PgMcpConfig config = config();
        try (PoolManager pools = new PoolManager(config)) {
            DataSource ds = pools.dataSource("main");
            TransactionOpener opener = opener(ds, config);
            TransactionOpener.Local own = opener.local(null, null);
            // The first transaction checks the connection (its settings' round trip) and what its session holds.
            TransactionOpener.Lent first = lendAndReturn(opener, own);
            assertFalse(first.unchecked());
            assertEquals(List.of(), first.toSend().values());
            // Lent again at once: no round trip of its own, and no settings to send.
            TransactionOpener.Lent second = lendAndReturn(opener, own);
            assertTrue(second.unchecked());
            assertEquals(List.of(), second.toSend().values());
            // A call's role and application_name still go with its transaction, alone.
            TransactionOpener.Lent asPerson = lendAndReturn(opener, opener.local("pg_monitor", "pgmcp:alice"));
            assertTrue(asPerson.unchecked());
            assertEquals(List.of("role", "pg_monitor", "application_name", "pgmcp:alice"), asPerson.toSend().values());
            assertEquals("SELECT set_config(?, ?, true), set_config(?, ?, true)", asPerson.toSend().sql());

            // The values a query sees are the configured ones, the search_path's space and backslash included.
            QueryExecutor ex = new QueryExecutor(ds, new SqlValidator(FunctionPolicy.defaults()), ExecutionLimits.of(config));
            for (int i = 0; i < 3; i++) {
                assertEquals(CONFIGURED, settingsSeen(ex));
            }
        }
    }

    @Test
    void fromAHikariPoolAConnectionIdleForAWhileGetsNoCheckOfPgmcpsOwn() throws Exception {
        PgMcpConfig config = config();
        try (PoolManager pools = new PoolManager(config)) {
            DataSource ds = pools.dataSource("main");
            TransactionOpener opener = new TransactionOpener(ds, SessionSettings.of(config.statementTimeout(),
                    config.lockTimeout(), config.idleInTransactionTimeout(), SearchPath.settingValue(config.searchPath())));
            TransactionOpener.Local own = opener.local(null, null);
            assertFalse(lendAndReturn(opener, own).unchecked(), "its first transaction checks it");
            // Idle for longer than HikariCP's aliveBypassWindowMs: HikariCP tests it before lending it again.
            Thread.sleep(TransactionOpener.RECENT_MS + 200);
            TransactionOpener.Lent idle = lendAndReturn(opener, own);
            assertTrue(idle.unchecked(), "a second check would be a second round trip");
            assertEquals(List.of(), idle.toSend().values());
            // Terminated while idle: HikariCP's test finds it dead and lends a new connection, whose first
            // transaction pgmcp checks.
            long pid;
            try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
                c.rollback();
            }
            TestPostgres.run(url, "SELECT pg_terminate_backend(" + pid + ")");
            Thread.sleep(TransactionOpener.RECENT_MS + 200);
            TransactionOpener.Lent fresh = lendAndReturn(opener, own);
            assertFalse(fresh.unchecked(), "a new connection");
        }
    }

    @Test
    void aSessionWithoutThemGetsThemInEveryTransaction() throws Exception {
        PgMcpConfig config = config();
        // A pool whose connections start without pgmcp's start-up options: what a pooler that drops them gives.
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(1);
        hc.setAutoCommit(false);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            TransactionOpener opener = opener(ds, config);
            TransactionOpener.Local own = opener.local(null, null);
            assertEquals(List.of(), lendAndReturn(opener, own).toSend().values());
            TransactionOpener.Lent again = lendAndReturn(opener, own);
            assertTrue(again.unchecked());
            assertEquals(own.values(), again.toSend().values(), "every setting goes with the transaction");
            assertEquals(14 + 4, lendAndReturn(opener, opener.local("pg_monitor", "pgmcp:alice")).toSend().values().size());

            QueryExecutor ex = new QueryExecutor(ds, new SqlValidator(FunctionPolicy.defaults()), ExecutionLimits.of(config));
            for (int i = 0; i < 3; i++) {
                assertEquals(CONFIGURED, settingsSeen(ex));
            }
            // The session keeps its own values: every setting was local to a transaction, and a session-level
            // change made inside one is rolled back with it.
            List<Object> held = sessionValues(ds);
            assertEquals("0", held.get(0));
            ex.queryTrusted("SELECT set_config('statement_timeout', '1', false), set_config('search_path', 'evil', false)",
                    List.of(), 1);
            assertEquals(held, sessionValues(ds));
            assertEquals("4321ms", settingsSeen(ex).get(0));
        }
    }

    /** statement_timeout and search_path as the session holds them, outside pgmcp's transactions. */
    private static List<Object> sessionValues(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('statement_timeout'), current_setting('search_path')")) {
            rs.next();
            List<Object> values = List.of(rs.getString(1), rs.getString(2));
            c.rollback();
            return values;
        }
    }

    private static List<Object> settingsSeen(QueryExecutor ex) {
        return ex.queryTrusted("SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
                + "current_setting('idle_in_transaction_session_timeout'), current_setting('IntervalStyle'), "
                + "current_setting('standard_conforming_strings'), current_setting('backslash_quote'), "
                + "current_setting('search_path')", List.of(), 1).rows().get(0);
    }
}
