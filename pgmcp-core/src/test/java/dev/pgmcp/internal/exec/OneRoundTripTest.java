package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A query that stands as a subquery runs in one round trip, capped by a {@code LIMIT} around it
 * rather than by a row-limited portal: it returns what it returns alone (names, types, order,
 * parameters, its own limit), PostgreSQL may give it parallel workers, and the transaction's
 * settings still hold.
 */
class OneRoundTripTest {

    static String url;
    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("one_trip");
        String db = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        TestPostgres.run(url, """
                CREATE TABLE t (id serial PRIMARY KEY, name text, doc jsonb);
                INSERT INTO t (name, doc) SELECT 'name ' || g, jsonb_build_object('k', g) FROM generate_series(1, 50) g;
                CREATE TABLE big AS SELECT g FROM generate_series(1, 300000) g;
                ANALYZE big;
                """);
        // Parallel plans for a small table, so the test need not build a large one.
        TestPostgres.run(url, "ALTER DATABASE " + db + " SET parallel_setup_cost = 0; ALTER DATABASE " + db
                + " SET parallel_tuple_cost = 0; ALTER DATABASE " + db + " SET min_parallel_table_scan_size = 0");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).maxRows(10)
                        .statementTimeout(java.time.Duration.ofSeconds(3)).build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
        executor.query("SELECT 1", List.of(), 10); // the first call reads the server's paths: one more round trip
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @Test
    void theCappedFormReturnsWhatTheStatementReturnsAlone() {
        QueryResult ordered = executor.query("SELECT id, name FROM t ORDER BY id DESC -- newest first", List.of(), 3);
        assertEquals(List.of(List.of(50, "name 50"), List.of(49, "name 49"), List.of(48, "name 48")), ordered.rows());
        assertTrue(ordered.truncation().contains(Truncation.ROWS));
        assertEquals("int4", ordered.columns().get(0).type(), "a serial column is reported as its type");

        QueryResult same = executor.query("SELECT 1 AS a, 2 AS a, 3", List.of(), 10);
        assertEquals(List.of("a", "a", "?column?"), same.columns().stream().map(Column::name).toList());
        assertEquals(List.of(List.of(1, 2, 3)), same.rows());

        assertEquals(List.of(List.of(1, "x"), List.of(2, "y")),
                executor.query("VALUES (1, 'x'), (2, 'y')", List.of(), 10).rows());
        assertEquals(10, executor.query("TABLE t", List.of(), 10).rows().size());
        assertEquals(List.of(List.of(3)), executor.query("(SELECT 3)", List.of(), 10).rows());
        assertEquals(List.of(List.of(2L)),
                executor.query("WITH w AS (SELECT id FROM t WHERE id < 3) SELECT count(*) FROM w", List.of(), 10).rows());
        assertEquals(List.of(List.of(1), List.of(2)),
                executor.query("SELECT 1 UNION ALL SELECT 2 ORDER BY 1", List.of(), 10).rows());
        QueryResult own = executor.query("SELECT id FROM t ORDER BY id LIMIT 2", List.of(), 10);
        assertEquals(List.of(List.of(1), List.of(2)), own.rows());
        assertTrue(own.truncation().isEmpty(), "its own LIMIT is not a cut: " + own.truncation());
        assertEquals(List.of(List.of(7, 7L)), executor.query("SELECT id, ($1::int + 0)::int8 FROM t WHERE id = $1 "
                + "AND doc ? 'k'", List.of(7), 10).rows());
    }

    @Test
    void aQueryThatDoesNotStandAsASubqueryRunsAsBefore() {
        assertEquals(1, executor.query("EXPLAIN SELECT * FROM t", List.of(), 10).columns().size());
        assertEquals("on", executor.queryTrusted("SHOW transaction_read_only", List.of(), 10).rows().get(0).get(0));
    }

    @Test
    void theTransactionsSettingsHoldAndEndWithIt() {
        assertEquals(List.of(List.of("on", "on")), executor.queryTrusted(
                "SELECT current_setting('transaction_read_only'), current_setting('standard_conforming_strings')",
                List.of(), 10).rows());
        QueryException write = assertThrows(QueryException.class,
                () -> executor.queryTrusted("SELECT nextval('t_id_seq')", List.of(), 10));
        assertEquals("25006", write.sqlState());
        QueryException timeout = assertThrows(QueryException.class, () -> executor.queryTrusted(
                "SELECT set_config('statement_timeout', '0', false), pg_sleep(60)", List.of(), 10),
                "statement_timeout ends it (a session-level change comes too late for the running statement)");
        assertEquals("57014", timeout.sqlState());
        assertEquals("3s", executor.queryTrusted("SELECT current_setting('statement_timeout')", List.of(), 10)
                .rows().get(0).get(0), "nothing a statement sets outlives its transaction");
    }

    @Test
    void anAggregateRunsWithParallelWorkersThroughExecuteQuery() throws Exception {
        String sql = "SELECT count(*) FROM big WHERE md5(md5(md5(md5(g::text)))) LIKE '%abc%'";
        CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> pgmcp.callTool("execute_query",
                Map.of("sql", sql), new CallInfo(Principal.LOCAL, new Object(), null, null)));
        int most = 0;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            while (!call.isDone()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                        + "'parallel worker' AND datname = current_database()")) {
                    rs.next();
                    most = Math.max(most, rs.getInt(1));
                }
                Thread.sleep(5);
            }
        }
        ToolResult r = call.get(60, TimeUnit.SECONDS);
        assertFalse(r.error(), r.text());
        assertTrue(most >= 1, "no parallel worker ran the statement; at most " + most + " seen");
    }
}
