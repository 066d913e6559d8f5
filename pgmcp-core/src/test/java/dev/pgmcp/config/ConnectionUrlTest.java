package dev.pgmcp.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionUrlTest {

    private static final String SETTING = "PGMCP_DATABASE_URL";

    @Test
    void libpqUrlIsSplitIntoJdbcUrlAndCredentials() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "postgresql://user:pass@host:6543/db?sslmode=require");
        assertEquals("jdbc:postgresql://host:6543/db", u.jdbcUrl());
        assertEquals("user", u.user());
        assertEquals("pass", u.password());
        assertEquals(SslMode.REQUIRE, u.sslMode());
    }

    @Test
    void azurePercentEncodedUserAndPasswordAreDecoded() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING,
                "postgresql://myadmin%40myserver:p%40ss@myserver.postgres.database.azure.com:5432/postgres?sslmode=require");
        assertEquals("myadmin@myserver", u.user());
        assertEquals("p@ss", u.password());
        assertEquals("jdbc:postgresql://myserver.postgres.database.azure.com:5432/postgres", u.jdbcUrl());
        assertEquals(SslMode.REQUIRE, u.sslMode());
    }

    @Test
    void postgresSchemeIsAccepted() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "postgres://alice@db.example.com/sales");
        assertEquals("jdbc:postgresql://db.example.com/sales", u.jdbcUrl());
        assertEquals("alice", u.user());
        assertNull(u.password());
        assertNull(u.sslMode());
    }

    @Test
    void plusInPasswordIsNotASpace() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "postgresql://bob:a+b@h/db");
        assertEquals("a+b", u.password());
    }

    @Test
    void multipleHostsAreKept() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "postgresql://u:p@h1:5432,h2:5433/db?target_session_attrs=read-write");
        assertEquals("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=read-write", u.jdbcUrl());
        assertEquals("u", u.user());
    }

    @Test
    void libpqParametersBecomePgJdbcProperties() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "postgresql://h/db?application_name=x&connect_timeout=5");
        assertEquals("jdbc:postgresql://h/db?ApplicationName=x&connectTimeout=5", u.jdbcUrl());
    }

    @Test
    void jdbcUrlHasCredentialsStripped() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING,
                "jdbc:postgresql://host:5432/db?user=admin&password=s3cret&sslmode=verify-full&ApplicationName=x");
        assertEquals("jdbc:postgresql://host:5432/db?ApplicationName=x", u.jdbcUrl());
        assertEquals("admin", u.user());
        assertEquals("s3cret", u.password());
        assertEquals(SslMode.VERIFY_FULL, u.sslMode());
        assertFalse(u.jdbcUrl().contains("s3cret"));
        assertFalse(u.jdbcUrl().contains("user="));
    }

    @Test
    void jdbcUrlWithOnlyCredentialsHasNoQuery() {
        ConnectionUrl u = ConnectionUrl.parse(SETTING, "jdbc:postgresql://host/db?user=a&password=b");
        assertEquals("jdbc:postgresql://host/db", u.jdbcUrl());
    }

    @Test
    void toStringNeverShowsThePassword() {
        ConnectionUrl libpq = ConnectionUrl.parse(SETTING, "postgresql://user:Hunter2Secret@host:6543/db");
        ConnectionUrl jdbc = ConnectionUrl.parse(SETTING, "jdbc:postgresql://host/db?user=u&password=Hunter2Secret");
        for (ConnectionUrl u : new ConnectionUrl[]{libpq, jdbc}) {
            assertFalse(u.toString().contains("Hunter2Secret"), u.toString());
            assertTrue(u.toString().contains("****"), u.toString());
        }
    }

    @Test
    void badPortIsAConfigErrorNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConnectionUrl.parse(SETTING, "postgresql://user:TopSecretPw@host:99999/db"));
        assertEquals(SETTING, e.setting());
        assertTrue(e.getMessage().startsWith(SETTING), e.getMessage());
        assertTrue(e.getMessage().contains("99999"), e.getMessage());
        assertFalse(e.getMessage().contains("TopSecretPw"), e.getMessage());

        ConfigException e2 = assertThrows(ConfigException.class,
                () -> ConnectionUrl.parse(SETTING, "postgresql://user:TopSecretPw@host:abc/db"));
        assertEquals(SETTING, e2.setting());
        assertFalse(e2.getMessage().contains("TopSecretPw"), e2.getMessage());

        ConfigException e3 = assertThrows(ConfigException.class,
                () -> ConnectionUrl.parse(SETTING, "jdbc:postgresql://host:0/db?password=TopSecretPw"));
        assertEquals(SETTING, e3.setting());
        assertFalse(e3.getMessage().contains("TopSecretPw"), e3.getMessage());
    }

    @Test
    void unknownParameterIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConnectionUrl.parse(SETTING, "postgresql://user:TopSecretPw@host/db?colour=blue"));
        assertEquals(SETTING, e.setting());
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        assertFalse(e.getMessage().contains("TopSecretPw"), e.getMessage());
    }

    @Test
    void badSslModeInUrlIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConnectionUrl.parse(SETTING, "postgresql://user:TopSecretPw@host/db?sslmode=sometimes"));
        assertTrue(e.setting().startsWith(SETTING), e.setting());
        assertFalse(e.getMessage().contains("TopSecretPw"), e.getMessage());
    }

    @Test
    void nonPostgresUrlIsAConfigError() {
        for (String url : new String[]{"mysql://root:TopSecretPw@host/db", "jdbc:mysql://host/db?password=TopSecretPw",
                "http://user:TopSecretPw@host/"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse(SETTING, url));
            assertEquals(SETTING, e.setting());
            assertTrue(e.getMessage().contains(SETTING));
            assertFalse(e.getMessage().contains("TopSecretPw"), e.getMessage());
        }
    }

    @Test
    void emptyUrlIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConnectionUrl.parse("DATABASE_URL", "  "));
        assertEquals("DATABASE_URL", e.setting());
    }
}
