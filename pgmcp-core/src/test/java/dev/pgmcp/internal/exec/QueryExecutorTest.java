package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executor's own defences, exercised WITHOUT the validator ({@code queryTrusted}) unless stated:
 * read-only transactions, timeouts, caps, parameters, no leaking session state, recovery after a
 * lost connection.
 */
class QueryExecutorTest {

    static String url;
    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("executor");
        TestPostgres.run(url, """
                CREATE TABLE t (id int PRIMARY KEY, name text);
                INSERT INTO t SELECT g, 'name ' || g FROM generate_series(1, 50) g;
                CREATE SEQUENCE s;
                """);
        pgmcp = engine(b -> b.maxRows(10).statementTimeout(Duration.ofMillis(1234)).poolMaxSize(1));
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static PgMcp engine(UnaryOperator<PgMcpConfig.Builder> settings) {
        PgMcpConfig config = settings.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    static boolean tableExists(String name) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ddlFailsInTheReadOnlyTransaction() {
        QueryException e = assertThrows(QueryException.class,
                () -> executor.queryTrusted("CREATE TABLE x(i int)", List.of(), 10));
        assertEquals("25006", e.sqlState(), e.describe());
        assertFalse(e.connectionProblem());
        assertFalse(tableExists("x"));
    }

    @Test
    void insertFailsInTheReadOnlyTransaction() {
        QueryException e = assertThrows(QueryException.class,
                () -> executor.queryTrusted("INSERT INTO t VALUES (1000, 'x') RETURNING id", List.of(), 10));
        assertEquals("25006", e.sqlState(), e.describe());
        assertEquals(50, count("SELECT count(*) FROM t"));
        QueryException e2 = assertThrows(QueryException.class,
                () -> executor.queryTrusted("SELECT nextval('s')", List.of(), 10));
        assertEquals("25006", e2.sqlState(), e2.describe());
    }

    @Test
    void transactionControlInTrustedSqlCannotEscapeReadOnly() {
        // Several statements in one call: a COMMIT must not let the next statement run read-write.
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> executor.queryTrusted("COMMIT; DROP TABLE t", List.of(), 10));
        assertEquals(SqlRejectedException.Reason.MULTIPLE_STATEMENTS, e.reason());
        assertTrue(tableExists("t"));
        assertThrows(SqlRejectedException.class,
                () -> executor.queryTrusted("COMMIT; CREATE TABLE escaped(i int); SELECT 1", List.of(), 10));
        assertFalse(tableExists("escaped"));
        // A trailing semicolon, or one inside a literal, is still one statement.
        assertEquals(List.of(List.of("a;b")), executor.queryTrusted("SELECT 'a;b' ;  ", List.of(), 10).rows());
        assertEquals(List.of(List.of(1)), executor.queryTrusted("SELECT 1", List.of(), 10).rows());
    }

    @Test
    void statementTimeoutCancelsLongQueries() {
        try (PgMcp fast = engine(b -> b.statementTimeout(Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            QueryException e = assertThrows(QueryException.class,
                    () -> fast.database(null).executor().queryTrusted("SELECT pg_sleep(5)", List.of(), 10));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("57014", e.sqlState(), e.describe());
            assertTrue(millis < 3000, "took " + millis + " ms");
        }
    }

    @Test
    void rowCap() {
        QueryResult r = executor.queryTrusted("SELECT id FROM t ORDER BY id", List.of(), 1000);
        assertEquals(10, r.rowCount());
        assertTrue(r.truncated());
        assertEquals(Set.of(Truncation.ROWS), r.truncation());
        assertTrue(r.moreRows());
        assertEquals(List.of(1), r.rows().get(0));
        assertEquals(List.of(10), r.rows().get(9));

        QueryResult smaller = executor.queryTrusted("SELECT id FROM t ORDER BY id", List.of(), 3);
        assertEquals(3, smaller.rowCount());
        assertTrue(smaller.truncated());

        QueryResult exact = executor.queryTrusted("SELECT id FROM t WHERE id <= 10", List.of(), 10);
        assertEquals(10, exact.rowCount());
        assertFalse(exact.truncated());
        assertEquals(Set.of(), exact.truncation());
    }

    @Test
    void byteCap() {
        try (PgMcp small = engine(b -> b.maxResultBytes(2048))) {
            QueryResult r = small.database(null).executor()
                    .queryTrusted("SELECT g, repeat('x', 200) FROM generate_series(1, 1000) g", List.of(), 1000);
            assertTrue(r.truncated());
            assertEquals(Set.of(Truncation.BYTES), r.truncation());
            assertTrue(r.rowCount() > 0 && r.rowCount() < 20, "rows: " + r.rowCount());
            assertEquals(1, r.rows().get(0).get(0));
        }
    }

    @Test
    void parametersAreBound() {
        QueryResult r = executor.queryTrusted("SELECT $1::text AS a, $2::int + 1 AS b, $3::text IS NULL AS c, $1::text || $1::text AS d",
                Arrays.asList("it's", 41, null), 10);
        assertEquals(Arrays.asList("it's", 42, true, "it'sit's"), r.rows().get(0));

        QueryResult names = executor.queryTrusted("SELECT name FROM t WHERE id = $1", List.of(7), 10);
        assertEquals(List.of(List.of("name 7")), names.rows());

        // An injection attempt stays a value.
        QueryResult none = executor.queryTrusted("SELECT count(*) FROM t WHERE name = $1",
                List.of("x' OR '1'='1"), 10);
        assertEquals(List.of(List.of(0L)), none.rows());
    }

    @Test
    void wrongParameterCountIsAClearError() {
        QueryException e = assertThrows(QueryException.class,
                () -> executor.queryTrusted("SELECT $1::int + $2::int", List.of(1), 10));
        assertTrue(e.getMessage().contains("$2"), e.getMessage());
        SqlRejectedException r = assertThrows(SqlRejectedException.class,
                () -> executor.query("SELECT $1::int + $2::int", List.of(1), 10));
        assertTrue(r.getMessage().contains("2 parameter"), r.getMessage());
        assertTrue(r.getMessage().contains("1 were given"), r.getMessage());
    }

    @Test
    void validatedPathRejectsSmuggledStatements() {
        assertThrows(SqlRejectedException.class, () -> executor.query("COMMIT; DROP TABLE t", List.of(), 10));
        assertThrows(SqlRejectedException.class, () -> executor.query("DROP TABLE t", List.of(), 10));
        assertTrue(tableExists("t"));
        assertEquals(50, count("SELECT count(*) FROM t"));
        QueryResult r = executor.query("SELECT count(*) FROM t WHERE id > $1", List.of(40), 10);
        assertEquals(List.of(List.of(10L)), r.rows());
    }

    @Test
    void sessionStateDoesNotLeak() {
        assertEquals("1234ms", executor.queryTrusted("SHOW statement_timeout", List.of(), 10).rows().get(0).get(0));
        // A plain SET is not a query: refused; whatever ran is rolled back.
        assertThrows(QueryException.class, () -> executor.queryTrusted("SET statement_timeout = 0", List.of(), 10));
        assertEquals("1234ms", executor.queryTrusted("SHOW statement_timeout", List.of(), 10).rows().get(0).get(0));
        // set_config(..., false) would change the session: the rollback undoes it.
        executor.queryTrusted("SELECT set_config('search_path', 'nowhere', false), "
                + "set_config('statement_timeout', '0', false)", List.of(), 10);
        assertEquals("1234ms", executor.queryTrusted("SHOW statement_timeout", List.of(), 10).rows().get(0).get(0));
        String searchPath = (String) executor.queryTrusted("SHOW search_path", List.of(), 10).rows().get(0).get(0);
        assertFalse(searchPath.contains("nowhere"), searchPath);
        assertEquals("on", executor.queryTrusted("SHOW transaction_read_only", List.of(), 10).rows().get(0).get(0));
    }

    @Test
    void recoversAfterTheConnectionIsTerminated() throws Exception {
        // Its own database: terminating backends must not disturb the other tests' pool.
        String ownUrl = TestPostgres.freshDatabase("executor_lost");
        PgMcpConfig config = PgMcpConfig.builder().database("main", ownUrl).allowUnsafeRole(true).poolMaxSize(2).poolMinIdle(1).build();
        try (PgMcp own = PgMcp.builder(config).discoverTools(false).build()) {
            QueryExecutor ex = own.database(null).executor();
            assertEquals(List.of(List.of(1)), ex.queryTrusted("SELECT 1", List.of(), 10).rows());
            String dbName = ownUrl.substring(ownUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            long killed;
            try (Connection c = DriverManager.getConnection(ownUrl); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         + "WHERE application_name = 'pgmcp' AND datname = '" + dbName + "' AND pid <> pg_backend_pid()")) {
                rs.next();
                killed = rs.getLong(1);
            }
            assertTrue(killed >= 1, "no pgmcp backend found to terminate");
            // The caller sees no error: the statement is sent again on a new connection.
            assertEquals(List.of(List.of(2)), ex.queryTrusted("SELECT 2", List.of(), 10).rows());
            assertEquals(List.of(List.of(3)), ex.queryTrusted("SELECT 3", List.of(), 10).rows());
        }
    }
}
