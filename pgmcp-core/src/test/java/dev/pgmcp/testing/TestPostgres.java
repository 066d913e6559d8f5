package dev.pgmcp.testing;

import dev.pgmcp.internal.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL that tests run against: the one named by {@code PGMCP_TEST_JDBC_URL} when set
 * (a superuser URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), else one
 * embedded server started once per test JVM and stopped when the JVM exits.
 *
 * <p>Each test class that changes data should take its own database from {@link #freshDatabase(String)}.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile String adminUrl;

    private TestPostgres() {
    }

    /** @return a superuser JDBC URL of the server's {@code postgres} database */
    public static synchronized String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv("PGMCP_TEST_JDBC_URL");
            if (configured != null && !configured.isBlank()) {
                adminUrl = configured.trim();
            } else {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pgmcp-test-postgres-stop"));
                adminUrl = server.jdbcUrl("postgres");
            }
        }
        return adminUrl;
    }

    /**
     * Creates a new, empty database and returns its superuser JDBC URL.
     *
     * @param prefix a lowercase identifier naming the test, e.g. {@code "introspector"}
     */
    public static String freshDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(admin, name);
    }

    /** Replaces the database name in a {@code jdbc:postgresql://host:port/db?params} URL. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** Runs SQL (several statements allowed) in its own connection, as the superuser. */
    public static void run(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed: " + e.getMessage(), e);
        }
    }
}
