package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer 3 (the database session) and the cell cap of layer 5, through the executor without the
 * validator ({@code queryTrusted}) unless stated: the pinned search_path, session state that does not
 * reach the next borrower of a pooled connection, statement_timeout stopping the backend, and values
 * cut at the cell cap.
 */
class SessionLimitsTest {

    static String url;
    static String dbName;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("session_limits");
        dbName = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        TestPostgres.run(url, """
                CREATE TABLE t (id int, source text);
                INSERT INTO t VALUES (1, 'public');
                CREATE SCHEMA evil;
                CREATE TABLE evil.t (id int, source text);
                INSERT INTO evil.t VALUES (1, 'evil');
                CREATE SCHEMA "Odd ""Schema""\";
                CREATE TABLE "Odd ""Schema""\".only_here (x int);
                INSERT INTO "Odd ""Schema""\".only_here VALUES (7);
                CREATE TABLE big (id int, body text, doc jsonb, bin bytea, tags text[]);
                INSERT INTO big VALUES
                    (1, repeat('é', 100), jsonb_build_object('k', repeat('v', 200)), decode(repeat('ff', 300), 'hex'),
                     ARRAY[repeat('a', 50), repeat('b', 50), repeat('c', 50)]),
                    (2, 'short', '{"k": 1}', '\\x00', ARRAY['x']);
                ALTER DATABASE %s SET search_path = evil, public;
                """.formatted(dbName));
    }

    @AfterAll
    static void stop() {
        TestPostgres.run(TestPostgres.adminUrl(), "ALTER DATABASE " + dbName + " RESET search_path");
    }

    static PgMcp engine(PgMcpConfig.Builder b) {
        return PgMcp.builder(b.database("main", url).allowUnsafeRole(true).build()).discoverTools(false).build();
    }

    static List<Object> row(QueryExecutor ex, String sql) {
        return ex.queryTrusted(sql, List.of(), 10).rows().get(0);
    }

    @Test
    void searchPathIsPinnedAgainstTheDatabaseSetting() throws SQLException {
        // Without the pin, the database's ALTER DATABASE ... SET search_path decides what "t" means.
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source FROM t")) {
            rs.next();
            assertEquals("evil", rs.getString(1));
        }
        try (PgMcp pgmcp = engine(PgMcpConfig.builder())) {
            QueryExecutor ex = pgmcp.database(null).executor();
            assertEquals(List.of("public"), row(ex, "SELECT source FROM t"));
            assertEquals(List.of("\"$user\", public"), row(ex, "SHOW search_path"));
            // The validated path too.
            assertEquals(List.of("public"), ex.query("SELECT source FROM t", List.of(), 10).rows().get(0));
            // pg_catalog is still searched first.
            assertEquals(List.of("pg_catalog", "public"),
                    ex.queryTrusted("SELECT unnest(current_schemas(true))::text", List.of(), 10).rows().stream()
                            .map(r -> r.get(0)).toList());
        }
        try (PgMcp pgmcp = engine(PgMcpConfig.builder().searchPath(List.of("Odd \"Schema\"", "public")))) {
            QueryExecutor ex = pgmcp.database(null).executor();
            assertEquals(List.of(7), row(ex, "SELECT x FROM only_here"));
            assertEquals(List.of("public"), row(ex, "SELECT source FROM t"));
        }
    }

    /** What a new transaction on a borrowed connection sees, plus the backend pid and the transaction state before it. */
    static Map<String, Object> borrow(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("transaction state on borrow", c.unwrap(BaseConnection.class).getTransactionState());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), "
                    + "current_setting('statement_timeout'), current_setting('lock_timeout'), "
                    + "current_setting('idle_in_transaction_session_timeout'), current_setting('IntervalStyle'), "
                    + "current_setting('search_path'), current_setting('transaction_read_only'), "
                    + "current_setting('work_mem'), pg_current_xact_id_if_assigned() IS NULL")) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    seen.put(rs.getMetaData().getColumnName(i) + i, rs.getObject(i));
                }
            }
            c.rollback();
            return seen;
        }
    }

    static String backendState(int pid) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state FROM pg_stat_activity WHERE pid = " + pid)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void nothingLeaksToTheNextBorrowerOfTheConnection() throws Exception {
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).poolMaxSize(1).poolMinIdle(1)
                .statementTimeout(Duration.ofMillis(1500)).lockTimeout(Duration.ofMillis(1234))
                .idleInTransactionTimeout(Duration.ofMillis(5678)).searchPath(List.of("public")).build();
        PoolManager pools = new PoolManager(config);
        try {
            DataSource ds = pools.dataSource("main");
            QueryExecutor ex = new QueryExecutor(ds, new SqlValidator(FunctionPolicy.defaults()), ExecutionLimits.of(config));
            Map<String, Object> fresh = borrow(ds);
            assertEquals(TransactionState.IDLE, fresh.get("transaction state on borrow"));
            int pid = (Integer) fresh.get("pg_backend_pid1");

            // Every setting is in force during a call; the pool's start-up options put them in the session.
            List<Object> during = row(ex, "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
                    + "current_setting('idle_in_transaction_session_timeout'), current_setting('IntervalStyle'), "
                    + "current_setting('search_path'), current_setting('transaction_read_only')");
            assertEquals(List.of("1500ms", "1234ms", "5678ms", "iso_8601", "public", "on"), during);
            assertEquals(during.subList(0, 5), new ArrayList<>(fresh.values()).subList(2, 7));
            assertEquals(fresh, borrow(ds), "after a successful call");
            assertEquals("idle", backendState(pid));

            // Session-level changes inside the transaction are rolled back with it.
            ex.queryTrusted("SELECT set_config('search_path', 'evil', false), set_config('statement_timeout', '0', false), "
                    + "set_config('IntervalStyle', 'sql_standard', false), set_config('work_mem', '77MB', false)", List.of(), 10);
            assertEquals(fresh, borrow(ds), "after set_config(..., false)");

            // A failed statement, a statement timeout, a cancelled call: the transaction is gone each time.
            assertEquals("22012", assertThrows(QueryException.class, () -> ex.queryTrusted("SELECT 1 / 0", List.of(), 10)).sqlState());
            assertEquals(fresh, borrow(ds), "after an error");
            assertEquals("57014", assertThrows(QueryException.class,
                    () -> ex.queryTrusted("SELECT pg_sleep(10)", List.of(), 10)).sqlState());
            assertEquals(fresh, borrow(ds), "after a statement timeout");
            assertEquals("25006", assertThrows(QueryException.class,
                    () -> ex.queryTrusted("CREATE TABLE leak (i int)", List.of(), 10)).sqlState());
            assertEquals(fresh, borrow(ds), "after a refused write");
            // A session-level advisory lock survives a rollback: the executor releases it.
            ex.queryTrusted("SELECT pg_advisory_lock(4242), pg_advisory_xact_lock(4343)", List.of(), 10);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = " + pid)) {
                rs.next();
                assertEquals(0, rs.getInt(1), "advisory locks held by the idle pooled connection");
            }
            assertEquals(fresh, borrow(ds), "after an advisory lock");
            assertEquals("idle", backendState(pid));
        } finally {
            pools.close();
        }
    }

    static final String LONG_QUERY = Backends.LONG_QUERY;

    /** pg_stat_activity rows of pgmcp backends running {@code sql} right now. */
    static int running(String sql) throws SQLException {
        return Backends.running(url, sql);
    }

    static void awaitRunning(String sql, int expected, long timeoutMillis) throws Exception {
        Backends.awaitRunning(url, sql, expected, java.time.Duration.ofMillis(timeoutMillis));
    }

    @Test
    void statementTimeoutStopsTheBackend() throws Exception {
        try (PgMcp pgmcp = engine(PgMcpConfig.builder().statementTimeout(Duration.ofSeconds(3)))) {
            QueryExecutor ex = pgmcp.database(null).executor();
            CompletableFuture<QueryException> failure = CompletableFuture.supplyAsync(() ->
                    assertThrows(QueryException.class, () -> ex.query(LONG_QUERY, List.of(), 10)));
            awaitRunning(LONG_QUERY, 1, 2500);
            QueryException e = failure.get(20, TimeUnit.SECONDS);
            assertEquals("57014", e.sqlState(), e.describe());
            assertTrue(e.getMessage().contains("statement timeout"), e.getMessage());
            awaitRunning(LONG_QUERY, 0, 2000);
        }
    }

    @Test
    void cellCapCutsLongValuesAndSaysSo() {
        try (PgMcp pgmcp = engine(PgMcpConfig.builder().maxCellBytes(64).maxRows(1))) {
            QueryExecutor ex = pgmcp.database(null).executor();
            QueryResult r = ex.queryTrusted("SELECT body, doc, bin, tags, id FROM big ORDER BY id", List.of(), 10);
            assertEquals(Set.of(Truncation.ROWS, Truncation.CELLS), r.truncation());
            assertTrue(r.truncated() && r.moreRows());
            assertEquals(4, r.cutCells());
            List<Object> row = r.rows().get(0);
            assertEquals("é".repeat(32) + "…[truncated 136 bytes]", row.get(0));
            String doc = assertInstanceOf(String.class, row.get(1));
            assertTrue(doc.startsWith("{\"k\": \"vvv") && doc.endsWith(" bytes]"), doc); // PostgreSQL's jsonb text, cut
            String bin = assertInstanceOf(String.class, row.get(2));
            assertTrue(bin.startsWith("/////") && bin.endsWith("…[truncated 336 bytes]"), bin); // base64 of 300 bytes: 400 chars
            List<?> tags = assertInstanceOf(List.class, row.get(3));
            assertEquals("a".repeat(50), tags.get(0));
            assertTrue(((String) tags.get(tags.size() - 1)).startsWith("…[truncated "), tags.toString());
            assertEquals(1, row.get(4));

            // Short values are untouched and not counted.
            QueryResult small = ex.queryTrusted("SELECT body, doc, tags FROM big WHERE id = 2", List.of(), 10);
            assertEquals(Set.of(), small.truncation());
            assertEquals(0, small.cutCells());
            assertEquals("short", small.rows().get(0).get(0));
        }
    }
}
