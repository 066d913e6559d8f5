package dev.pgmcp.layers;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.ExecutionLimits;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.testing.CanaryDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Layer 3 (database) on its own: statements that write, change the schema or take locks are sent
 * as raw JDBC text through {@link QueryExecutor#inReadOnlyTransaction} on the real pool, with NO
 * validator in front, as a role that owns every canary (so only the layer can stop it). PostgreSQL
 * must refuse each with SQLSTATE 25006 (read-only transaction) and nothing may change; the
 * statement and lock timeouts must stop long statements (57014, 55P03).
 */
class TransactionLayerTest {

    static CanaryDatabase db;
    static PoolManager pools;
    static QueryExecutor executor;

    @BeforeAll
    static void setUp() {
        db = CanaryDatabase.create("txlayer");
        PgMcpConfig config = PgMcpConfig.builder()
                .database("canary", db.adminUrl(), db.owner().name(), db.owner().password())
                .statementTimeout(Duration.ofMillis(1500))
                .lockTimeout(Duration.ofMillis(300))
                .poolMaxSize(1)
                .build();
        pools = new PoolManager(config);
        // The validator is never consulted by inReadOnlyTransaction: this is the layer without it.
        executor = new QueryExecutor(pools.dataSource("canary"), SqlValidator.withDefaults(), ExecutionLimits.of(config));
    }

    @AfterAll
    static void tearDown() {
        if (pools != null) {
            pools.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Runs raw SQL text on a pooled connection inside the layer's READ ONLY transaction. */
    static void raw(String sql) {
        executor.inReadOnlyTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    @Test
    void theRoleCouldWriteWithoutTheLayer() throws Exception {
        // Control: the same role on a plain connection may delete canaries (rolled back here).
        try (Connection c = db.owner().connect(db.adminUrl()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(100, s.executeUpdate("DELETE FROM canary"));
            c.rollback();
        }
        assertEquals("100", db.one("SELECT count(*) FROM canary"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO canary VALUES (1000, 'pwned')",
            "UPDATE canary SET payload = 'pwned'",
            "DELETE FROM canary",
            "MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE",
            "TRUNCATE canary",
            "WITH d AS (DELETE FROM canary RETURNING id) SELECT count(*) FROM d",
            "SELECT * INTO pwned FROM canary",
            "CREATE TABLE pwned (i int)",
            "CREATE TEMP TABLE pwned (i int)",
            "DROP TABLE canary",
            "ALTER TABLE canary ADD COLUMN pwned int",
            "CREATE INDEX ON canary (payload)",
            "COMMENT ON TABLE canary IS 'pwned'",
            "GRANT SELECT ON canary TO PUBLIC",
            "ALTER ROLE CURRENT_USER SET work_mem = '1MB'",
            "CREATE OR REPLACE FUNCTION canary_write() RETURNS int LANGUAGE sql AS 'SELECT 0'",
            "SELECT nextval('canary_seq')",
            "SELECT setval('canary_seq', 1)",
            "SELECT canary_write()",
            "SELECT c.canary_touch FROM canary c",
            "SELECT * FROM canary_rows()",
            "CALL canary_proc()",
            "DO $$BEGIN INSERT INTO canary_log (note) VALUES ('pwned'); END$$",
            "SELECT lo_create(0)",
            "SELECT lo_from_bytea(0, 'x')",
            "SELECT * FROM canary FOR UPDATE",
            "SELECT * FROM canary FOR SHARE",
            // A stray COMMIT ends the READ ONLY transaction, but the session default keeps the next one read-only.
            "COMMIT; DELETE FROM canary",
            "ROLLBACK; INSERT INTO canary_log (note) VALUES ('pwned')",
    })
    void postgresRefusesWritesInTheReadOnlyTransaction(String sql) {
        Map<String, String> before = db.snapshot();
        QueryException e = assertThrows(QueryException.class, () -> raw(sql), sql);
        assertEquals("25006", e.sqlState(), sql + " -> " + e.describe());
        assertEquals(before, db.snapshot(), "changed by: " + sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET TRANSACTION READ WRITE",
            "SET TRANSACTION READ WRITE; INSERT INTO canary_log (note) VALUES ('pwned'); COMMIT",
            "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
    })
    void theTransactionCannotBeSwitchedToReadWrite(String sql) {
        // The executor takes the first snapshot before the work runs, so PostgreSQL refuses the switch.
        Map<String, String> before = db.snapshot();
        QueryException e = assertThrows(QueryException.class, () -> raw(sql), sql);
        assertEquals("25001", e.sqlState(), sql + " -> " + e.describe());
        assertEquals(before, db.snapshot(), "changed by: " + sql);
    }

    @Test
    void aLockTakenInsideIsReleasedWithTheTransaction() {
        // PostgreSQL allows LOCK in a READ ONLY transaction (it changes no data); the rollback that
        // always ends the work releases it, so no lock outlives the call.
        raw("LOCK TABLE canary IN ACCESS EXCLUSIVE MODE");
        assertEquals("0", db.one("SELECT count(*) FROM pg_locks WHERE relation = 'canary'::regclass"));
    }

    @Test
    void statementTimeoutStopsALongStatement() {
        QueryException e = assertThrows(QueryException.class, () -> raw("SELECT pg_sleep(30)"));
        assertEquals("57014", e.sqlState(), e.describe());
        QueryException e2 = assertThrows(QueryException.class,
                () -> raw("SELECT count(*) FROM canary_big a, canary_big b, canary_big c"));
        assertEquals("57014", e2.sqlState(), e2.describe());
        assertEquals("0", db.one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state = 'active' AND query LIKE '%canary_big a%' AND pid <> pg_backend_pid()"));
    }

    @Test
    void lockTimeoutStopsAStatementWaitingForALock() throws Exception {
        try (Connection holder = db.owner().connect(db.adminUrl()); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE canary IN ACCESS EXCLUSIVE MODE");
            QueryException e = assertThrows(QueryException.class, () -> raw("SELECT count(*) FROM canary"));
            assertEquals("55P03", e.sqlState(), e.describe());
            holder.rollback();
        }
    }
}
