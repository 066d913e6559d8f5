package dev.pgmcp.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PgMcpConfig.Builder}: its defaults and the errors that name the setting. Reading the
 * configuration from the environment, a file and profiles is tested in pgmcp-settings.
 */
class PgMcpConfigTest {
    private static final String URL = "postgresql://app:S3cretPw@db.example.com:5433/shop?sslmode=require";

    @Test
    void builderDefaults() {
        PgMcpConfig c = PgMcpConfig.builder().database("main", "postgresql://h/db").build();
        assertEquals(1000, c.maxRows());
        assertEquals(4L * 1024 * 1024, c.maxResultBytes());
        assertEquals(Duration.ofSeconds(30), c.statementTimeout());
        assertEquals(Duration.ofSeconds(5), c.lockTimeout());
        assertEquals(Duration.ofSeconds(60), c.idleInTransactionTimeout());
        assertEquals(Duration.ofMinutes(5), c.schemaCacheTtl());
        assertTrue(c.deniedFunctions().isEmpty());
        assertEquals("main", c.defaultDatabase());
        DatabaseConfig db = c.databases().get("main");
        assertEquals(1, db.poolMinIdle());
        assertEquals(10, db.poolMaxSize());
        assertEquals(Duration.ofSeconds(10), db.connectionTimeout());
    }

    @Test
    void builderRejectsBadValues() {
        assertEquals("PGMCP_MAX_ROWS", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).maxRows(0).build()).setting());
        assertEquals("PGMCP_STATEMENT_TIMEOUT_MS", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).statementTimeout(null).build()).setting());
        assertEquals("PGMCP_DATABASE_NAME", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).database("main", URL).allowUnsafeRole(true).build()).setting());
    }

    @Test
    void noDatabaseIsRefusedWithoutACommandLineHint() {
        ConfigException e = assertThrows(ConfigException.class, () -> PgMcpConfig.builder().build());
        assertEquals("database", e.setting());
        assertTrue(e.getMessage().contains("no database configured"), e.getMessage());
        assertTrue(!e.getMessage().contains("--"), "core knows no command line: " + e.getMessage());
    }
}
