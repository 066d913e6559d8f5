package dev.pgmcp.examples;

import dev.pgmcp.bi.demo.DemoDataset;
import dev.pgmcp.internal.embedded.EmbeddedPostgresServer;
import dev.pgmcp.internal.security.ReadOnlyRoleSql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * The {@code --demo} database: an embedded PostgreSQL holding the customer-success demo data,
 * served through a read-only role ({@value #READER}) rather than the superuser, as we advise users
 * to do. It stops with the process.
 */
public final class DemoDatabase implements AutoCloseable {

    /** The database the demo data lives in. */
    public static final String DATABASE = "pgmcp_demo";
    /** The read-only login role pgmcp connects as. */
    public static final String READER = "pgmcp_reader";

    private final EmbeddedPostgresServer server;
    private final String readerUrl;

    private DemoDatabase(EmbeddedPostgresServer server, String readerUrl) {
        this.server = server;
        this.readerUrl = readerUrl;
    }

    /**
     * Starts the server, loads the demo data and creates the read-only role.
     *
     * @return the running demo database
     * @throws IllegalStateException when PostgreSQL cannot be started or loaded
     */
    public static DemoDatabase start() {
        // As on a production server, the reader logs in with a password (SCRAM-SHA-256). It also
        // means that the launcher's class-data-sharing archive, recorded on this database, holds
        // pgJDBC's SCRAM classes, which every password login needs at start-up.
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startRequiringPasswords();
        String password = randomPassword();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pgmcp-demo-postgres-stop"));
        try {
            String admin = server.createDatabase(DATABASE);
            DemoDataset.load(admin);
            try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
                // A role that can read the demo tables and nothing else, made by the SQL that --check recommends.
                s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                for (String sql : ReadOnlyRoleSql.statements(READER, password, DATABASE, List.of("public"))) {
                    s.execute(sql);
                }
            }
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("could not prepare the demo database: " + e.getMessage(), e);
        }
        String readerUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + DATABASE + "?user=" + READER
                + "&password=" + password;
        return new DemoDatabase(server, readerUrl);
    }

    /** @return 24 random URL-safe characters, new for every demo database */
    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the JDBC URL pgmcp connects with: the demo database as the read-only role, with its password */
    public String readerUrl() {
        return readerUrl;
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        server.close();
    }
}
