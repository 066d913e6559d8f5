package dev.pgmcp.layers;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.ExecutionLimits;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer 5 (result caps) on its own: large results through {@link QueryExecutor#queryTrusted} (no
 * validator) are cut at the row cap or the byte cap, and the result says so ({@code truncated} and
 * which cap), so a capped count is never mistaken for the real one.
 */
class ResultCapLayerTest {

    static final int MAX_ROWS = 100;
    static final long MAX_BYTES = 8 * 1024;

    static String url;
    static TestRoles.Role role;
    static PoolManager pools;
    static QueryExecutor executor;

    @BeforeAll
    static void setUp() {
        url = TestPostgres.freshDatabase("caplayer");
        role = TestRoles.create(TestPostgres.adminUrl(), "caplayer_reader", "");
        PgMcpConfig config = PgMcpConfig.builder()
                .database("caps", url, role.name(), role.password())
                .maxRows(MAX_ROWS)
                .maxResultBytes(MAX_BYTES)
                .poolMaxSize(1)
                .build();
        pools = new PoolManager(config);
        executor = new QueryExecutor(pools.dataSource("caps"), SqlValidator.withDefaults(), ExecutionLimits.of(config));
    }

    @AfterAll
    static void tearDown() {
        if (pools != null) {
            pools.close();
        }
        if (role != null) {
            TestRoles.dropQuietly(TestPostgres.adminUrl(), role);
        }
    }

    @Test
    void theRowCapCutsALargeResult() {
        QueryResult r = executor.queryTrusted("SELECT g FROM generate_series(1, 1000000) g", List.of(), Integer.MAX_VALUE);
        assertEquals(MAX_ROWS, r.rowCount());
        assertTrue(r.truncated());
        assertEquals(java.util.Set.of(dev.pgmcp.spi.Truncation.ROWS), r.truncation());
    }

    @Test
    void aSmallerPerCallLimitCutsEarlierAndALargerOneIsLowered() {
        QueryResult small = executor.queryTrusted("SELECT g FROM generate_series(1, 1000) g", List.of(), 7);
        assertEquals(7, small.rowCount());
        assertEquals(java.util.Set.of(dev.pgmcp.spi.Truncation.ROWS), small.truncation());
        QueryResult large = executor.queryTrusted("SELECT g FROM generate_series(1, 1000) g", List.of(), 10 * MAX_ROWS);
        assertEquals(MAX_ROWS, large.rowCount());
        assertTrue(large.truncated());
    }

    @Test
    void aResultExactlyAtTheCapIsNotTruncated() {
        QueryResult r = executor.queryTrusted("SELECT g FROM generate_series(1, " + MAX_ROWS + ") g", List.of(), MAX_ROWS);
        assertEquals(MAX_ROWS, r.rowCount());
        assertFalse(r.truncated());
        assertTrue(r.truncation().isEmpty());
    }

    @Test
    void theByteCapCutsWideRows() {
        QueryResult r = executor.queryTrusted("SELECT g, repeat('x', 1000) FROM generate_series(1, 50) g", List.of(), MAX_ROWS);
        assertTrue(r.truncated());
        assertEquals(java.util.Set.of(dev.pgmcp.spi.Truncation.BYTES), r.truncation());
        assertTrue(r.rowCount() > 0 && r.rowCount() < 9, "rows kept under an 8 KiB cap: " + r.rowCount());
    }

    @Test
    void aSingleCellLargerThanTheByteCapYieldsNoRows() {
        QueryResult r = executor.queryTrusted("SELECT repeat('x', 1000000)", List.of(), MAX_ROWS);
        assertTrue(r.truncated());
        assertEquals(java.util.Set.of(dev.pgmcp.spi.Truncation.BYTES), r.truncation());
        assertEquals(0, r.rowCount());
    }
}
