package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.SslMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PGMCP_DATABASES, the authentication settings, PGMCP_CONFIG_FILE and PGMCP_PROFILE. */
class ProfilesAndDatabasesConfigTest {

    static ConfigException bad(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> TestSettings.config(env));
    }

    @Test
    void namedDatabasesFromTheEnvironment() {
        PgMcpConfig c = TestSettings.config(Map.of(
                "PGMCP_DATABASES", "main,analytics",
                "PGMCP_DATABASE_MAIN_URL", "postgresql://app:pw@db1:5432/app",
                "PGMCP_DATABASE_ANALYTICS_URL", "postgresql://warehouse.example.com/dw",
                "PGMCP_DATABASE_ANALYTICS_USER", "reader",
                "PGMCP_DATABASE_ANALYTICS_PASSWORD", "s3cret",
                "PGMCP_DATABASE_ANALYTICS_SSLMODE", "verify-full",
                "PGSSLMODE", "require"));
        assertEquals(List.of("main", "analytics"), List.copyOf(c.databases().keySet()));
        assertEquals("main", c.defaultDatabase());
        DatabaseConfig main = c.databases().get("main");
        assertEquals("jdbc:postgresql://db1:5432/app", main.jdbcUrl());
        assertEquals("app", main.user());
        assertEquals(SslMode.REQUIRE, main.sslMode());
        DatabaseConfig analytics = c.databases().get("analytics");
        assertEquals("reader", analytics.user());
        assertEquals("s3cret", analytics.password());
        assertEquals(SslMode.VERIFY_FULL, analytics.sslMode());
        assertEquals(DatabaseConfig.AUTH_PASSWORD, analytics.auth());
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void namedDatabaseErrorsNameTheVariable() {
        ConfigException missing = bad(Map.of("PGMCP_DATABASES", "main,analytics",
                "PGMCP_DATABASE_MAIN_URL", "postgresql://db1/app"));
        assertEquals("PGMCP_DATABASE_ANALYTICS_URL", missing.setting());
        ConfigException both = bad(Map.of("PGMCP_DATABASES", "main", "PGMCP_DATABASE_MAIN_URL", "postgresql://db1/app",
                "PGMCP_DATABASE_URL", "postgresql://db2/app"));
        assertEquals("PGMCP_DATABASE_URL", both.setting());
        ConfigException badAlias = bad(Map.of("PGMCP_DATABASES", "Main", "PGMCP_DATABASE_MAIN_URL", "postgresql://db1/app"));
        assertEquals("PGMCP_DATABASE_NAME", badAlias.setting());
        ConfigException ssl = bad(Map.of("PGMCP_DATABASES", "main", "PGMCP_DATABASE_MAIN_URL", "postgresql://db1/app",
                "PGMCP_DATABASE_MAIN_SSLMODE", "strict"));
        assertEquals("PGMCP_DATABASE_MAIN_SSLMODE", ssl.setting());
    }

    @Test
    void authenticationSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        PgMcpConfig c = TestSettings.config(Map.of("PGMCP_DATABASE_URL", "postgresql://app@db/app",
                "PGMCP_DATABASE_PASSWORD_FILE", file.toString()));
        assertEquals(file, c.databases().get("main").passwordFile());
        assertNull(c.databases().get("main").password());

        PgMcpConfig entra = TestSettings.config(Map.of("PGMCP_DATABASE_URL",
                "postgresql://mcp-identity@srv.postgres.database.azure.com/app?sslmode=require", "PGMCP_DATABASE_AUTH", "Entra"));
        assertEquals("entra", entra.databases().get("main").auth());

        assertEquals("PGMCP_DATABASE_AUTH", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://u:pw@db/app",
                "PGMCP_DATABASE_AUTH", "rds_iam")).setting());
        assertEquals("PGMCP_DATABASE_AUTH", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://u@db/app",
                "PGMCP_DATABASE_AUTH", "rds-iam!")).setting());
        assertEquals("PGMCP_DATABASE_PASSWORD_FILE", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://u@db/app",
                "PGMCP_DATABASE_PASSWORD_FILE", dir.resolve("missing").toString())).setting());
        assertEquals("PGMCP_DATABASE_PASSWORD_FILE", bad(Map.of("PGMCP_DATABASE_URL", "postgresql://u:pw@db/app",
                "PGMCP_DATABASE_PASSWORD_FILE", file.toString())).setting());
        ConfigException notShown = bad(Map.of("PGMCP_DATABASE_URL", "postgresql://u:Hunter2Secret@db/app",
                "PGMCP_DATABASE_AUTH", "entra"));
        assertFalse(notShown.getMessage().contains("Hunter2Secret"), notShown.getMessage());
    }

    static Path file(Path dir, String... lines) throws Exception {
        Path f = dir.resolve("pgmcp.properties");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void profilesFromTheConfigFile(@TempDir Path dir) throws Exception {
        Path f = file(dir,
                "PGMCP_DATABASE_URL=postgresql://localhost/app",
                "PGMCP_POOL_MAX_SIZE=4",
                "PGMCP_STATEMENT_TIMEOUT_MS=5000",
                "profile.local.PGSSLMODE=prefer",
                "profile.azure_prod.PGMCP_DATABASE_URL=postgresql://mcp@prod.postgres.database.azure.com/app",
                "profile.azure_prod.PGSSLMODE=verify-full",
                "profile.azure_prod.PGMCP_DATABASE_AUTH=entra",
                "profile.azure_prod.PGMCP_POOL_MAX_SIZE=20");
        PgMcpConfig plain = TestSettings.config(Map.of("PGMCP_CONFIG_FILE", f.toString()));
        assertEquals(4, plain.databases().get("main").poolMaxSize());
        assertNull(plain.databases().get("main").sslMode());

        PgMcpConfig prod = TestSettings.config(Map.of("PGMCP_CONFIG_FILE", f.toString(), "PGMCP_PROFILE", "azure_prod"));
        DatabaseConfig db = prod.databases().get("main");
        assertEquals("jdbc:postgresql://prod.postgres.database.azure.com/app", db.jdbcUrl());
        assertEquals(SslMode.VERIFY_FULL, db.sslMode());
        assertEquals("entra", db.auth());
        assertEquals(20, db.poolMaxSize());
        assertEquals(5000, prod.statementTimeout().toMillis());

        // Environment variables win over the profile.
        PgMcpConfig overridden = TestSettings.config(Map.of("PGMCP_CONFIG_FILE", f.toString(),
                "PGMCP_PROFILE", "azure_prod", "PGMCP_POOL_MAX_SIZE", "7"));
        assertEquals(7, overridden.databases().get("main").poolMaxSize());
    }

    @Test
    void everyProfileIsValidatedAtStartUp(@TempDir Path dir) throws Exception {
        Path f = file(dir,
                "PGMCP_DATABASE_URL=postgresql://localhost/app",
                "profile.local.PGSSLMODE=prefer",
                "profile.azure_prod.PGMCP_POOL_MAX_SIZE=0");
        Map<String, String> env = new HashMap<>(Map.of("PGMCP_CONFIG_FILE", f.toString(), "PGMCP_PROFILE", "local"));
        ConfigException e = bad(env);
        assertEquals("PGMCP_PROFILE", e.setting());
        assertTrue(e.getMessage().contains("profile 'azure_prod'"), e.getMessage());
        assertTrue(e.getMessage().contains("PGMCP_POOL_MAX_SIZE"), e.getMessage());
    }

    @Test
    void configFileErrors(@TempDir Path dir) throws Exception {
        assertEquals("PGMCP_PROFILE", bad(Map.of("PGMCP_PROFILE", "local", "PGMCP_DATABASE_URL", "postgresql://h/d")).setting());
        Path f = file(dir, "PGMCP_DATABASE_URL=postgresql://localhost/app", "profile.local.PGSSLMODE=prefer");
        ConfigException unknownProfile = bad(Map.of("PGMCP_CONFIG_FILE", f.toString(), "PGMCP_PROFILE", "azure"));
        assertEquals("PGMCP_PROFILE", unknownProfile.setting());
        assertTrue(unknownProfile.getMessage().contains("defined: local"), unknownProfile.getMessage());
        Path typo = file(dir, "PGMCP_DATABASE_URL=postgresql://localhost/app", "PGMCP_POOL_MAX=3");
        ConfigException unknownKey = bad(Map.of("PGMCP_CONFIG_FILE", typo.toString()));
        assertEquals("PGMCP_CONFIG_FILE", unknownKey.setting());
        assertTrue(unknownKey.getMessage().contains("PGMCP_POOL_MAX"), unknownKey.getMessage());
        assertEquals("PGMCP_CONFIG_FILE", bad(Map.of("PGMCP_CONFIG_FILE", dir.resolve("none.properties").toString())).setting());
    }
}
