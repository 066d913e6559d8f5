package dev.pgmcp.testing;

import dev.pgmcp.internal.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming standby of it, both embedded servers on loopback, for tests of
 * replica routing. The embedded binaries have no {@code pg_basebackup}, so the standby starts from a cold
 * copy of the primary's data directory: the primary is created and stopped, its directory copied, the
 * copy given {@code standby.signal} and a {@code primary_conninfo} (in {@code postgresql.auto.conf}), and
 * both started on ports of their own. PostgreSQL 15's defaults already allow it ({@code wal_level=replica},
 * {@code max_wal_senders=10}, and the embedded cluster's {@code pg_hba.conf} trusts replication
 * connections from loopback).
 *
 * <p>{@link #close()} stops both servers and deletes both data directories; a JVM shutdown hook does the
 * same if a test does not. The standby can be stopped on its own ({@link #stopStandby()}).
 */
public final class StandbyPair implements AutoCloseable {

    private final Path root;
    private final Path primaryData;
    private final Path standbyData;
    private final int primaryPort;
    private final int standbyPort;
    private volatile EmbeddedPostgresServer primary;
    private volatile EmbeddedPostgresServer standby;
    private final Thread hook;

    private StandbyPair(Path root) throws IOException {
        this.root = root;
        this.primaryData = root.resolve("primary");
        this.standbyData = root.resolve("standby");
        this.primaryPort = freePort();
        this.standbyPort = freePort();
        this.hook = new Thread(this::stopAndDelete, "pgmcp-test-standby-pair-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Creates the primary, copies it into a standby and starts both; returns once the standby streams.
     *
     * @return the running pair; close it to stop both and delete their data
     * @throws IllegalStateException when a server does not start or the standby does not stream within 60 s
     */
    public static StandbyPair start() {
        StandbyPair pair;
        try {
            pair = new StandbyPair(Files.createTempDirectory("pgmcp-standby-pair"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            pair.primary = EmbeddedPostgresServer.startKeepingData(pair.primaryData, pair.primaryPort);
            pair.primary.close(); // a clean shutdown: the copy needs no recovery of its own
            copy(pair.primaryData, pair.standbyData);
            Files.deleteIfExists(pair.standbyData.resolve("postmaster.pid"));
            Files.writeString(pair.standbyData.resolve("standby.signal"), "");
            Files.writeString(pair.standbyData.resolve("postgresql.auto.conf"),
                    "\nprimary_conninfo = '" + pair.primaryConninfo() + "'\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            pair.primary = EmbeddedPostgresServer.startKeepingData(pair.primaryData, pair.primaryPort);
            pair.standby = EmbeddedPostgresServer.startKeepingData(pair.standbyData, pair.standbyPort);
            pair.awaitStreaming();
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw new IllegalStateException("could not start a primary and a standby: " + e.getMessage(), e);
        }
    }

    /** @return a superuser JDBC URL of the primary's {@code postgres} database */
    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=" + EmbeddedPostgresServer.SUPERUSER;
    }

    /** @return a superuser JDBC URL of the standby's {@code postgres} database */
    public String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres?user=" + EmbeddedPostgresServer.SUPERUSER;
    }

    /** @return the standby's loopback TCP port */
    public int standbyPort() {
        return standbyPort;
    }

    /**
     * Waits until the standby has replayed everything the primary has written so far.
     *
     * @throws IllegalStateException when it has not within 30 s
     */
    public void awaitCaughtUp() {
        String lsn = scalar(primaryUrl(), "SELECT pg_current_wal_insert_lsn()::text");
        awaitTrue(() -> "true".equals(scalarObject(standbyUrl(),
                "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")), 30_000, "standby replay of " + lsn);
    }

    private void awaitStreaming() {
        awaitTrue(() -> "streaming".equals(scalarObject(primaryUrl(),
                "SELECT state FROM pg_stat_replication WHERE application_name = 'pgmcp_test_standby'")),
                60_000, "the standby to stream from the primary");
        awaitCaughtUp();
    }

    /**
     * Cuts the standby off from its primary, as a network partition would: it stops streaming (no WAL
     * receiver runs) but stays up, in recovery, serving what it has replayed.
     *
     * @throws IllegalStateException when its WAL receiver has not stopped within 30 s
     */
    public void cutOff() {
        run(standbyUrl(), "ALTER SYSTEM SET primary_conninfo = ''");
        run(standbyUrl(), "SELECT pg_reload_conf()");
        awaitTrue(() -> "0".equals(String.valueOf(scalarObject(standbyUrl(), "SELECT count(*) FROM pg_stat_wal_receiver"))),
                30_000, "the standby's WAL receiver to stop");
    }

    /**
     * Connects a standby {@link #cutOff} back to its primary and waits until it streams and has caught up.
     *
     * @throws IllegalStateException when it has not within 60 s
     */
    public void reconnect() {
        run(standbyUrl(), "ALTER SYSTEM SET primary_conninfo = '" + primaryConninfo() + "'");
        run(standbyUrl(), "SELECT pg_reload_conf()");
        awaitStreaming();
    }

    private String primaryConninfo() {
        return "host=127.0.0.1 port=" + primaryPort + " user=" + EmbeddedPostgresServer.SUPERUSER
                + " application_name=pgmcp_test_standby";
    }

    /** Stops the standby (a fast shutdown); its data is deleted by {@link #close()}. Idempotent. */
    public synchronized void stopStandby() {
        EmbeddedPostgresServer s = standby;
        standby = null;
        if (s != null) {
            s.close();
        }
    }

    /** Stops both servers and deletes their data directories. Idempotent. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopAndDelete() {
        stopStandby();
        EmbeddedPostgresServer p = primary;
        primary = null;
        if (p != null) {
            p.close();
        }
        deleteTree(root);
    }

    /** Runs SQL on a server as the superuser, in its own connection. */
    public static void run(String url, String sql) {
        TestPostgres.run(url, sql);
    }

    /**
     * @return the first column of the first row of {@code sql}, as text ({@code "null"} for none)
     * @throws IllegalStateException when the statement fails
     */
    public static String scalar(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return String.valueOf(rs.next() ? rs.getObject(1) : null);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** @return {@link #scalar}, or {@code null} when the statement fails (the server is not up yet) */
    private static Object scalarObject(String url, String sql) {
        try {
            return scalar(url, sql);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, long timeoutMs, String what) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                // PostgreSQL refuses a data directory that others may read (it wants 0700 or 0750).
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
