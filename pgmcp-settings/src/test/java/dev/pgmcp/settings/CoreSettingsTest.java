package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.SslMode;
import dev.pgmcp.config.SearchPath;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CoreSettings}: the environment (and what the builder then refuses), mapped onto PgMcpConfig. */
class CoreSettingsTest {
    private static final String URL = "postgresql://app:S3cretPw@db.example.com:5433/shop?sslmode=require";

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsMatchSettingDocumentation() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", "postgresql://h/db"));
        assertEquals(Setting.MAX_ROWS.defaultValue(), String.valueOf(c.maxRows()));
        assertEquals(Setting.MAX_RESULT_BYTES.defaultValue(), String.valueOf(c.maxResultBytes()));
        assertEquals(Setting.STATEMENT_TIMEOUT_MS.defaultValue(), String.valueOf(c.statementTimeout().toMillis()));
        assertEquals(Setting.LOCK_TIMEOUT_MS.defaultValue(), String.valueOf(c.lockTimeout().toMillis()));
        assertEquals(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS.defaultValue(),
                String.valueOf(c.idleInTransactionTimeout().toMillis()));
        assertEquals(Setting.SCHEMA_CACHE_TTL_SECONDS.defaultValue(), String.valueOf(c.schemaCacheTtl().toSeconds()));
        assertEquals(Setting.DATABASE_NAME.defaultValue(), c.defaultDatabase());
        assertEquals(Setting.MAX_CELL_BYTES.defaultValue(), String.valueOf(c.maxCellBytes()));
        assertEquals(SearchPath.parse("x", Setting.SEARCH_PATH.defaultValue()), c.searchPath());
        assertEquals(List.of("$user", "public"), c.searchPath());
    }

    @Test
    void searchPathAndCellCapFromTheEnvironment() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", URL,
                "PGMCP_SEARCH_PATH", " Sales ,\"Odd \"\"Name\"\"\", $user,\"$user\"", "PGMCP_MAX_CELL_BYTES", "1024"));
        assertEquals(List.of("sales", "Odd \"Name\"", "$user", "$user"), c.searchPath());
        assertEquals(1024, c.maxCellBytes());
        assertEquals("sales, \"Odd \"\"Name\"\"\", \"$user\", \"$user\"", SearchPath.settingValue(c.searchPath()));
        assertEquals(List.of("pg_catalog", "public"),
                TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_SEARCH_PATH", "pg_catalog, public")).searchPath());
    }

    @Test
    void badSearchPathsNameTheSetting() {
        for (String bad : new String[]{",", "public,", "a b", "public; DROP TABLE x", "\"unterminated", "1abc",
                "public, pg_catalog", "pg_temp", "\"\"", "x".repeat(64), "public,,sales", "sales\"x\""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> TestSettings.config(
                    env("PGMCP_DATABASE_URL", URL, "PGMCP_SEARCH_PATH", bad)), bad);
            assertEquals("PGMCP_SEARCH_PATH", e.setting(), bad + ": " + e.getMessage());
        }
        assertEquals("PGMCP_SEARCH_PATH", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).searchPath(List.of()).build()).setting());
        assertEquals("PGMCP_SEARCH_PATH", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).searchPath(null).build()).setting());
        assertEquals("PGMCP_SEARCH_PATH", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).searchPath(List.of("a\0b")).build()).setting());
        assertBad("PGMCP_MAX_CELL_BYTES", env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_CELL_BYTES", "63"));
        assertEquals("PGMCP_MAX_CELL_BYTES", assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", URL).allowUnsafeRole(true).maxCellBytes((1L << 30) + 1).build()).setting());
    }

    @Test
    void pgmcpDatabaseUrl() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_ROWS", "250",
                "PGMCP_STATEMENT_TIMEOUT_MS", "1500", "PGMCP_DENIED_FUNCTIONS", "Foo, bar ,",
                "PGMCP_POOL_MAX_SIZE", "3", "PGMCP_POOL_MIN_IDLE", "0", "PGMCP_DATABASE_NAME", "shop"));
        DatabaseConfig db = c.databases().get("shop");
        assertNotNull(db, c.databases().toString());
        assertEquals("jdbc:postgresql://db.example.com:5433/shop", db.jdbcUrl());
        assertEquals("app", db.user());
        assertEquals("S3cretPw", db.password());
        assertEquals(SslMode.REQUIRE, db.sslMode());
        assertEquals(250, c.maxRows());
        assertEquals(Duration.ofMillis(1500), c.statementTimeout());
        assertEquals(Set.of("foo", "bar"), c.deniedFunctions());
        assertEquals(3, db.poolMaxSize());
        assertEquals(0, db.poolMinIdle());
    }

    @Test
    void pgmcpDatabaseUrlWinsOverDatabaseUrl() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", "postgresql://first/a",
                "DATABASE_URL", "postgresql://second/b"));
        assertEquals("jdbc:postgresql://first/a", c.databases().get("main").jdbcUrl());
    }

    @Test
    void databaseUrl() {
        PgMcpConfig c = TestSettings.config(env("DATABASE_URL", "postgres://u:pw@heroku.example:5432/d1",
                "PGSSLMODE", "verify-full"));
        DatabaseConfig db = c.databases().get("main");
        assertEquals("jdbc:postgresql://heroku.example:5432/d1", db.jdbcUrl());
        assertEquals("u", db.user());
        assertEquals("pw", db.password());
        assertEquals(SslMode.VERIFY_FULL, db.sslMode());
    }

    @Test
    void pgPasswordFillsInMissingUrlPassword() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", "postgresql://u@h/d", "PGPASSWORD", "fromenv"));
        assertEquals("fromenv", c.databases().get("main").password());
    }

    @Test
    void libpqVariables() {
        PgMcpConfig c = TestSettings.config(env("PGHOST", "pg.internal", "PGPORT", "6432",
                "PGDATABASE", "analytics", "PGUSER", "reader", "PGPASSWORD", "pw1", "PGSSLMODE", "disable"));
        DatabaseConfig db = c.databases().get("main");
        assertEquals("jdbc:postgresql://pg.internal:6432/analytics", db.jdbcUrl());
        assertEquals("reader", db.user());
        assertEquals("pw1", db.password());
        assertEquals(SslMode.DISABLE, db.sslMode());
    }

    @Test
    void libpqVariablesWithDefaults() {
        PgMcpConfig c = TestSettings.config(env("PGDATABASE", "x"));
        DatabaseConfig db = c.databases().get("main");
        assertEquals("jdbc:postgresql://localhost:5432/x", db.jdbcUrl());
        assertNull(db.user());
        assertNull(db.sslMode());
    }

    private static void assertBad(String variable, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestSettings.config(env));
        assertEquals(variable, e.setting(), e.getMessage());
        assertTrue(e.getMessage().contains(variable), e.getMessage());
        assertFalse(e.getMessage().contains("S3cretPw"), e.getMessage());
    }

    @Test
    void badValuesNameTheVariable() {
        assertBad("PGMCP_MAX_ROWS", env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_ROWS", "abc"));
        assertBad("PGMCP_MAX_ROWS", env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_ROWS", "0"));
        assertBad("PGMCP_MAX_ROWS", env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_ROWS", "1000001"));
        assertBad("PGMCP_MAX_RESULT_BYTES", env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_RESULT_BYTES", "10"));
        assertBad("PGMCP_STATEMENT_TIMEOUT_MS", env("PGMCP_DATABASE_URL", URL, "PGMCP_STATEMENT_TIMEOUT_MS", "-1"));
        assertBad("PGMCP_CONNECT_TIMEOUT_MS", env("PGMCP_DATABASE_URL", URL, "PGMCP_CONNECT_TIMEOUT_MS", "1"));
        assertBad("PGPORT", env("PGHOST", "h", "PGPORT", "99999", "PGPASSWORD", "S3cretPw"));
        assertBad("PGPORT", env("PGHOST", "h", "PGPORT", "http"));
        assertBad("PGSSLMODE", env("PGHOST", "h", "PGSSLMODE", "sometimes"));
        assertBad("PGMCP_POOL_MIN_IDLE", env("PGMCP_DATABASE_URL", URL, "PGMCP_POOL_MIN_IDLE", "5",
                "PGMCP_POOL_MAX_SIZE", "2"));
        assertBad("PGMCP_DATABASE_URL", env("PGMCP_DATABASE_URL", "mysql://root:S3cretPw@h/db"));
        assertBad("DATABASE_URL", env("DATABASE_URL", "postgresql://u:S3cretPw@h:70000/db"));
        assertBad("PGMCP_DATABASE_NAME", env("PGMCP_DATABASE_URL", URL, "PGMCP_DATABASE_NAME", "Bad Name"));
    }

    @Test
    void allowUnsafeRoleIsOffUnlessExplicitlyTrue() {
        assertFalse(TestSettings.config(env("PGMCP_DATABASE_URL", URL)).allowUnsafeRole());
        assertEquals(Setting.ALLOW_UNSAFE_ROLE.defaultValue(), "false");
        assertTrue(TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_ALLOW_UNSAFE_ROLE", "TRUE")).allowUnsafeRole());
        assertFalse(TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_ALLOW_UNSAFE_ROLE", "false")).allowUnsafeRole());
        ConfigException e = assertThrows(ConfigException.class, () ->
                TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_ALLOW_UNSAFE_ROLE", "yes")));
        assertTrue(e.getMessage().contains("PGMCP_ALLOW_UNSAFE_ROLE"), e.getMessage());
    }

    @Test
    void noDatabaseAtAllNamesTheUrlVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestSettings.config(env()));
        assertEquals("PGMCP_DATABASE_URL", e.setting(), e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> TestSettings.config(env("PGMCP_MAX_ROWS", "5", "PGPASSWORD", "x")));
        assertEquals("PGMCP_DATABASE_URL", e2.setting(), e2.getMessage());
    }

    @Test
    void theReadBufferIsSizedFromTheHeapAndThePoolUnlessSet() {
        long mib = 1024 * 1024;
        // 8 × 10 connections share half of a 4 GiB heap at 4 bytes held per byte received at worst.
        assertEquals(4096 * mib / 80, PgMcpConfig.defaultReadBuffer(4096 * mib, 10, 4 * mib));
        // Never below the byte cap, so that a result as large as the cap can be read ...
        assertEquals(4 * mib, PgMcpConfig.defaultReadBuffer(256 * mib, 10, 4 * mib));
        // ... and never above PostgreSQL's own limit on one value.
        assertEquals(1024 * mib, PgMcpConfig.defaultReadBuffer(1024L * 1024 * mib, 1, 4 * mib));

        PgMcpConfig auto = TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_POOL_MAX_SIZE", "5"));
        assertEquals(PgMcpConfig.defaultReadBuffer(Runtime.getRuntime().maxMemory(), 5, auto.maxResultBytes()),
                auto.maxReadBufferBytes());
        PgMcpConfig set = TestSettings.config(env("PGMCP_DATABASE_URL", URL,
                "PGMCP_MAX_READ_BUFFER_BYTES", "16777216"));
        assertEquals(16 * mib, set.maxReadBufferBytes());
        // pgJDBC lowers a buffer above 90% of the heap; the configuration reports the value that applies.
        PgMcpConfig huge = PgMcpConfig.builder().database("main", URL).maxReadBufferBytes(1L << 40).build();
        assertEquals((long) (0.9 * Runtime.getRuntime().maxMemory()), huge.maxReadBufferBytes());
        assertEquals("PGMCP_MAX_READ_BUFFER_BYTES", assertThrows(ConfigException.class, () -> TestSettings.config(env("PGMCP_DATABASE_URL", URL, "PGMCP_MAX_READ_BUFFER_BYTES", "1000"))).setting());
        assertEquals("PGMCP_MAX_READ_BUFFER_BYTES", assertThrows(ConfigException.class, () -> PgMcpConfig.builder()
                .database("main", URL).maxReadBufferBytes(-1).build()).setting());
    }

    @Test
    void toStringHidesThePassword() {
        PgMcpConfig c = TestSettings.config(env("PGMCP_DATABASE_URL", URL));
        assertFalse(c.toString().contains("S3cretPw"), c.toString());
        assertTrue(c.toString().contains("db.example.com"), c.toString());
        assertFalse(c.databases().get("main").toString().contains("S3cretPw"));
        PgMcpConfig c2 = TestSettings.config(env("PGHOST", "h", "PGPASSWORD", "S3cretPw"));
        assertFalse(c2.toString().contains("S3cretPw"), c2.toString());
        PgMcpConfig c3 = PgMcpConfig.builder().database("main", "jdbc:postgresql://h/db?password=S3cretPw").build();
        assertFalse(c3.toString().contains("S3cretPw"), c3.toString());
    }
}
