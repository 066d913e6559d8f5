package dev.pgmcp.testing;

import dev.pgmcp.config.ConnectionUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Login roles for tests that must not run as the superuser (pgmcp refuses superusers, and the
 * safety layers are only meaningful for a role that is not one). Roles are cluster-wide, so names
 * carry the JVM's pid and a counter.
 */
public final class TestRoles {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestRoles() {
    }

    /**
     * A login role and its password.
     *
     * @param name     the role name (a plain lower-case identifier)
     * @param password its password (the embedded server trusts loopback, a shared one may not)
     */
    public record Role(String name, String password) {

        /**
         * Opens a plain JDBC connection as this role (auto-commit on, no pool, no read-only mode).
         *
         * @param databaseUrl any JDBC URL of the database; credentials in it are replaced
         * @throws SQLException when the connection fails
         */
        public Connection connect(String databaseUrl) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", name);
            props.setProperty("password", password);
            return DriverManager.getConnection(withoutCredentials(databaseUrl), props);
        }

        /**
         * @param databaseUrl any JDBC URL of the database; credentials in it are replaced
         * @return the URL with this role's user and password as parameters (for a launcher, which takes one URL)
         */
        public String url(String databaseUrl) {
            String plain = withoutCredentials(databaseUrl);
            return plain + (plain.contains("?") ? "&" : "?") + "user=" + name + "&password=" + password;
        }
    }

    /**
     * Creates a login role that is not a superuser.
     *
     * @param adminUrl   a superuser JDBC URL of any database of the server
     * @param prefix     lower-case identifier naming the test
     * @param attributes further role attributes, e.g. {@code "NOINHERIT"}, may be empty
     * @return the new role
     */
    public static Role create(String adminUrl, String prefix, String attributes) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String password = "pw_" + name;
        TestPostgres.run(adminUrl, "CREATE ROLE " + name + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                + attributes + " PASSWORD '" + password + "'");
        return new Role(name, password);
    }

    /**
     * Drops a role after the databases holding its objects were dropped; failures are ignored
     * (cleanup must not hide a test's own result).
     */
    public static void dropQuietly(String adminUrl, Role role) {
        try {
            TestPostgres.run(adminUrl, "DROP ROLE IF EXISTS " + role.name());
        } catch (IllegalStateException ignored) {
            // Still owns something somewhere: leave it; the embedded server is discarded anyway.
        }
    }

    /** @return the URL without user and password (they go in as connection properties) */
    public static String withoutCredentials(String jdbcUrl) {
        return ConnectionUrl.parse("test url", jdbcUrl).jdbcUrl();
    }
}
