package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read buffer bounds what one call receives from PostgreSQL before any of it is held in memory:
 * a value larger than the buffer is refused with an error that says what to do, not read and then
 * cut, and the pool serves the next call.
 */
class ReadBufferTest {

    private static final long BUFFER = 1024 * 1024;

    private static PgMcp pgmcp;
    private static QueryExecutor executor;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("read_buffer");
        // A catalog larger than the read buffer: 12 column comments of 150 kB each.
        StringBuilder ddl = new StringBuilder("CREATE TABLE documented (");
        for (int i = 0; i < 12; i++) {
            ddl.append(i == 0 ? "" : ", ").append("c").append(i).append(" int");
        }
        ddl.append(");");
        for (int i = 0; i < 12; i++) {
            ddl.append("COMMENT ON COLUMN documented.c").append(i).append(" IS '").append("d".repeat(150_000)).append("';");
        }
        TestPostgres.run(url, ddl.toString());
        // One connection: the call after a refused one must be served by its replacement.
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .poolMinIdle(0).poolMaxSize(1).maxReadBufferBytes(BUFFER).build();
        pgmcp = PgMcp.builder(config).build();
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    private static void assertRefused(String sql) {
        QueryException e = assertThrows(QueryException.class, () -> executor.query(sql, List.of(), 10), sql);
        assertEquals("54000", e.sqlState(), e.describe());
        assertFalse(e.connectionProblem(), e.describe());
        assertTrue(e.describe().startsWith("ERROR 54000: the result's values exceed pgmcp's read buffer of 1 MiB"),
                e.describe());
        assertTrue(e.describe().contains("HINT: select a part of large values, e.g. left("), e.describe());
    }

    private static void assertServed() {
        assertEquals(List.of(List.of(1)), executor.query("SELECT 1 AS one", List.of(), 10).rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // one value far over the buffer
            "SELECT repeat('x', 50000000) AS v",
            // a NULL first: pgJDBC's count covers the whole row
            "SELECT NULL::text AS a, repeat('x', 3000000) AS v",
            // many rows under the buffer each, together over it in one fetch
            "SELECT repeat('x', 100000) AS v FROM generate_series(1, 100)",
    })
    void aResultOverTheReadBufferIsRefusedAndTheNextCallIsServed(String sql) {
        assertRefused(sql);
        assertServed();
    }

    @Test
    void aRowThatLeavesTheDriverOutOfStepIsReportedAndItsConnectionReplaced() {
        // A first value of 822..872 MB: after refusing the row, pgJDBC reads the high byte of the
        // value's length (0x31..0x33) as a message type of its own protocol bookkeeping and fails
        // with NoSuchElementException; the caller gets a plain error, the pool a new connection.
        QueryException e = assertThrows(QueryException.class,
                () -> executor.query("SELECT repeat('x', 830000000) AS v", List.of(), 10));
        assertFalse(e.connectionProblem(), e.describe());
        assertTrue(e.describe().startsWith("ERROR: reading the result failed in the database driver, most likely on "
                + "a row larger than pgmcp's read buffer of 1 MiB"), e.describe());
        assertFalse(e.describe().contains("Exception"), e.describe());
        assertServed();
    }

    @Test
    void aCatalogLargerThanTheReadBufferIsStillRead() {
        // The buffer bounds what callers' queries return, not pgmcp's own reading of the schema.
        var relation = pgmcp.database(null).schema().refresh().relations().stream()
                .filter(r -> r.name().equals("documented")).findFirst().orElseThrow();
        assertEquals(12, relation.columns().size());
        assertEquals(150_000, relation.columns().get(11).comment().length());
        assertServed();
    }

    @Test
    void rowsReadBeforeALaterFetchExceedsTheBufferAreReturnedAsACutResult() {
        // pgJDBC fetches 500 rows at a time: the first 500 rows are small, the next 500 (1.5 MB) exceed the buffer.
        QueryResult r = executor.query("SELECT g, repeat('x', CASE WHEN g <= 500 THEN 10 ELSE 3000 END) AS v "
                + "FROM generate_series(1, 1000) g", List.of(), 1000);
        assertEquals(500, r.rowCount());
        assertEquals(Set.of(Truncation.BYTES), r.truncation());
        assertTrue(r.truncated());
        assertServed();
    }

    @Test
    void theBufferBoundsOneCallNotTheConnectionsLife() {
        assertRefused("SELECT repeat('x', 5000000) AS v");
        // Each call reads most of the buffer on the same (single) connection: pgJDBC's count starts
        // afresh, so none is refused; the values are cut at the cell cap as usual.
        for (int i = 0; i < 10; i++) {
            QueryResult r = executor.query("SELECT repeat('x', 700000) AS v", List.of(), 10);
            assertEquals(1, r.cutCells());
        }
        assertServed();
    }

    @Test
    void theToolAnswersWithTheReadBufferErrorNotAsAnUnavailableDatabase() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT repeat('x', 20000000) AS v"));
        assertTrue(r.error());
        assertTrue(r.text().contains("the result's values exceed pgmcp's read buffer of 1 MiB"), r.text());
        assertFalse(r.text().contains("unavailable"), r.text());
        assertFalse(r.text().contains("maxResultBuffer") || r.text().contains("Exception"), r.text());
        ToolResult next = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 2 AS two"));
        assertFalse(next.error(), next.text());
    }
}
