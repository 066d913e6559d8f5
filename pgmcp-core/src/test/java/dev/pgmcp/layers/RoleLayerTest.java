package dev.pgmcp.layers;

import dev.pgmcp.testing.CanaryDatabase;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer 4 (role) on its own: a real read-only role (LOGIN, USAGE on the schema and SELECT on the
 * tables, nothing else) on a plain auto-commit JDBC connection: no pool, no READ ONLY transaction,
 * no session default, no validator. Every write, DDL, lock, sequence change, server-side file or
 * program access and signal to another role's backend must fail with 42501 (insufficient
 * privilege), and nothing may change.
 */
class RoleLayerTest {

    static CanaryDatabase db;
    static TestRoles.Role reader;
    static Connection connection;

    @BeforeAll
    static void setUp() throws SQLException {
        db = CanaryDatabase.create("rolelayer");
        reader = TestRoles.create(TestPostgres.adminUrl(), "rolelayer_reader", "NOINHERIT");
        TestPostgres.run(db.adminUrl(), "GRANT USAGE ON SCHEMA public TO " + reader.name()
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader.name());
        connection = reader.connect(db.adminUrl());
        assertTrue(connection.getAutoCommit());
        assertFalse(connection.isReadOnly());
    }

    @AfterAll
    static void tearDown() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (db != null) {
            db.close();
        }
        if (reader != null) {
            TestRoles.dropQuietly(TestPostgres.adminUrl(), reader);
        }
    }

    @Test
    void theConnectionIsWritableAndTheRoleCanRead() throws SQLException {
        // Control: nothing but the role stops writes here (the transaction is read-write).
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('transaction_read_only'), count(*) FROM canary")) {
            rs.next();
            assertEquals("off", rs.getString(1));
            assertEquals(100, rs.getInt(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO canary VALUES (1000, 'pwned')",
            "UPDATE canary SET payload = 'pwned'",
            "DELETE FROM canary",
            "TRUNCATE canary",
            "MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE",
            "WITH d AS (DELETE FROM canary RETURNING id) SELECT count(*) FROM d",
            "CREATE TABLE pwned (i int)",
            "SELECT * INTO pwned FROM canary",
            "DROP TABLE canary",
            "ALTER TABLE canary ADD COLUMN pwned int",
            "CREATE INDEX ON canary (payload)",
            "COMMENT ON TABLE canary IS 'pwned'",
            "ALTER TABLE canary RENAME TO pwned",
            "DROP SCHEMA public CASCADE",
            "CREATE OR REPLACE FUNCTION canary_write() RETURNS int LANGUAGE sql AS 'SELECT 0'",
            "SELECT nextval('canary_seq')",
            "SELECT setval('canary_seq', 1)",
            "SELECT canary_write()",
            "SELECT c.canary_touch FROM canary c",
            "CALL canary_proc()",
            "SELECT * FROM canary FOR UPDATE",
            "COPY canary TO PROGRAM 'id'",
            "COPY canary FROM '/etc/hostname'",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT lo_import('/etc/hostname')",
            "SELECT pg_ls_dir('.')",
            "SELECT pg_reload_conf()",
            "SET ROLE postgres",
            "SET log_statement = 'none'",
    })
    void theRoleCannotWrite(String sql) {
        Map<String, String> before = db.snapshot();
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }, sql);
        assertEquals("42501", e.getSQLState(), sql + " -> " + e.getMessage());
        assertEquals(before, db.snapshot(), "changed by: " + sql);
    }

    @Test
    void theRoleCannotTakeAStrongLock() throws SQLException {
        // LOCK needs a transaction block; this one is read-write, only the role's privileges stop it.
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute("LOCK TABLE canary IN ACCESS EXCLUSIVE MODE"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Test
    void theRoleCannotSignalAnotherRolesBackend() throws SQLException {
        try (Connection other = db.owner().connect(db.adminUrl()); Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            for (String f : new String[]{"pg_terminate_backend", "pg_cancel_backend"}) {
                SQLException e = assertThrows(SQLException.class, () -> {
                    try (Statement st = connection.createStatement()) {
                        st.execute("SELECT " + f + "(" + pid + ")");
                    }
                });
                assertEquals("42501", e.getSQLState(), f + " -> " + e.getMessage());
            }
            assertTrue(other.isValid(2), "the other backend was touched");
        }
    }
}
