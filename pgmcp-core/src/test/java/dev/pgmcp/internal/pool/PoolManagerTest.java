package dev.pgmcp.internal.pool;

import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolManagerTest {

    @Test
    void connectionsAreReadOnlyNamedAndNotAutoCommit() throws SQLException {
        String url = TestPostgres.freshDatabase("pool");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).build();
        try (PoolManager pools = new PoolManager(config);
             Connection c = pools.dataSource("main").getConnection();
             Statement s = c.createStatement()) {
            assertTrue(c.isReadOnly());
            assertFalse(c.getAutoCommit());
            try (ResultSet rs = s.executeQuery("SELECT current_setting('application_name'), "
                    + "current_setting('default_transaction_read_only'), current_setting('transaction_read_only')")) {
                assertTrue(rs.next());
                assertEquals("pgmcp", rs.getString(1));
                assertEquals("on", rs.getString(2));
                assertEquals("on", rs.getString(3));
            }
            c.rollback();
            // Even after the transaction ends, a new one cannot write.
            c.commit();
            SQLException e = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t (i int)"));
            assertEquals("25006", e.getSQLState());
        }
    }

    @Test
    void unknownAliasListsTheConfiguredOnes() {
        PgMcpConfig config = PgMcpConfig.builder().database("main", "postgresql://localhost/x").build();
        try (PoolManager pools = new PoolManager(config)) {
            UnknownDatabaseException e = assertThrows(UnknownDatabaseException.class, () -> pools.dataSource("other"));
            assertTrue(e.getMessage().contains("configured: main"), e.getMessage());
        }
    }
}
