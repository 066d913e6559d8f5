package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TcpProxy;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the way to PostgreSQL, through the whole engine: an exhausted pool, a pooled connection
 * terminated by an administrator, a connection cut or silenced mid-query. Each call fails with a
 * clear "Database unavailable ...; retry shortly" or succeeds, never hangs, and the engine keeps
 * serving. (The database restart is {@link DatabaseRestartTest}.)
 */
class ConnectionFaultsTest {

    private static String url;
    private static String database;

    /** Sleeps {@code seconds} in PostgreSQL (tool-written SQL, so the validator's pg_sleep ban does not apply) and returns the backend pid. */
    private static final Tool SLEEP = new Tool() {
        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public String description() {
            return "test: sleeps in the database";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().optional("ms", JsonSchemas.integer("ms", 0, 60_000, 0)).build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            int ms = context.arguments().integer("ms", 0, 0, 60_000);
            QueryResult r = context.queries().queryTrusted(
                    "SELECT pg_backend_pid() AS pid, pg_sleep($1::float8 / 1000) IS NULL AS slept", List.of(ms), 1);
            return ToolResult.of(Map.of("pid", r.rows().get(0).get(0)), "pid " + r.rows().get(0).get(0));
        }
    };

    @BeforeAll
    static void setUp() {
        url = TestPostgres.freshDatabase("faults");
        database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }

    private static PgMcp engine(String jdbcUrl, int poolSize, Duration connectTimeout, Duration statementTimeout) {
        PgMcpConfig config = PgMcpConfig.builder().database("main", jdbcUrl).allowUnsafeRole(true)
                .poolMinIdle(0).poolMaxSize(poolSize).connectTimeout(connectTimeout).statementTimeout(statementTimeout)
                .build();
        return PgMcp.builder(config).discoverTools(false).addTool(SLEEP).build();
    }

    /** @return a proxy in front of the test database, for faults of the network path */
    private static TcpProxy proxyToDatabase() throws java.io.IOException {
        return new TcpProxy("127.0.0.1", Integer.parseInt(url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1")));
    }

    /** @return the test database's URL through {@code proxy} */
    private static String throughProxy(TcpProxy proxy) {
        return url.replaceFirst(":\\d+/", ":" + proxy.port() + "/");
    }

    private static ToolResult sleep(PgMcp pgmcp, int ms) {
        return pgmcp.callTool("sleep", Map.of("ms", ms));
    }

    private static int pgmcpBackends(String where) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgmcp' "
                     + "AND datname = '" + database + "' AND " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitBackends(String where, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pgmcpBackends(where) < n) {
            assertTrue(System.nanoTime() < deadline, "backends matching " + where + " never reached " + n);
            Thread.sleep(50);
        }
    }

    @Test
    void anExhaustedPoolFailsTheNextCallWithinTheConnectionTimeout() throws Exception {
        try (PgMcp pgmcp = engine(url, 2, Duration.ofMillis(500), Duration.ofSeconds(30))) {
            assertFalse(sleep(pgmcp, 0).error(), "role check and first call");
            CompletableFuture<ToolResult> a = CompletableFuture.supplyAsync(() -> sleep(pgmcp, 4000));
            CompletableFuture<ToolResult> b = CompletableFuture.supplyAsync(() -> sleep(pgmcp, 4000));
            awaitBackends("query LIKE '%pg_sleep%' AND state = 'active'", 2);

            long start = System.nanoTime();
            ToolResult third = sleep(pgmcp, 0);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(third.error());
            assertTrue(third.text().startsWith("Database unavailable: all 2 connections are busy with other queries (waited "),
                    third.text());
            assertTrue(third.text().endsWith("; retry shortly"), third.text());
            // The bound a caller is promised: within the connection timeout (500 ms), plus scheduling slack.
            assertTrue(elapsedMs >= 450 && elapsedMs < 2500, "failed after " + elapsedMs + " ms");

            assertFalse(a.get(30, TimeUnit.SECONDS).error());
            assertFalse(b.get(30, TimeUnit.SECONDS).error());
            assertFalse(sleep(pgmcp, 0).error(), "served again once a connection is free");
        }
    }

    @Test
    void aQueryStartedAfterTheEngineClosedFailsAsAShutdown() {
        // What a background task (a start-up check, a warm-up) meets when the server stops under it.
        AtomicReference<ToolContext> context = new AtomicReference<>();
        Tool capture = new Tool() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public String description() {
                return "test: keeps its context";
            }

            @Override
            public Map<String, Object> inputSchema() {
                return JsonSchemas.object().build();
            }

            @Override
            public ToolResult call(ToolContext c) {
                context.set(c);
                return ToolResult.text("kept");
            }
        };
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).poolMinIdle(0).build();
        PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(capture).build();
        assertFalse(pgmcp.callTool("capture", Map.of()).error());
        pgmcp.close();

        QueryException e = assertThrows(QueryException.class,
                () -> context.get().queries().queryTrusted("SELECT 1", List.of(), 1));
        assertEquals("pgmcp is shutting down: no new query starts", e.getMessage());
        assertTrue(e.connectionProblem());
    }

    @Test
    void aPooledConnectionTerminatedByAnAdministratorIsReplacedOnTheNextCall() throws Exception {
        // HikariCP tests a connection on loan only after it was idle 500 ms; make that never happen so
        // the next call surely gets the dead connection and pgmcp's own retry has to replace it.
        String property = "com.zaxxer.hikari.aliveBypassWindowMs";
        System.setProperty(property, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        try (PgMcp pgmcp = engine(url, 1, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            ToolResult first = sleep(pgmcp, 0);
            System.clearProperty(property);
            assertFalse(first.error(), first.text());
            Object pid = first.structuredContent().get("pid");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                rs.next();
                assertTrue(rs.getBoolean(1));
            }
            awaitGone(pid);
            ToolResult next = sleep(pgmcp, 0);
            assertFalse(next.error(), next.text());
            assertNotEquals(pid, next.structuredContent().get("pid"), "a fresh connection");
            for (int i = 0; i < 5; i++) {
                assertFalse(sleep(pgmcp, 0).error(), "the server stays up");
            }
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void everyPooledConnectionTerminatedAtOnceStillLetsTheNextCallSucceed() throws Exception {
        // Its own database, so that counting and terminating backends concerns this pool only.
        String ownUrl = TestPostgres.freshDatabase("faults_all_dead");
        String ownDatabase = ownUrl.substring(ownUrl.lastIndexOf('/') + 1, ownUrl.indexOf('?'));
        // As above: HikariCP must not test connections on loan, so every dead one is handed out.
        String property = "com.zaxxer.hikari.aliveBypassWindowMs";
        System.setProperty(property, String.valueOf(TimeUnit.HOURS.toMillis(1)));
        java.util.concurrent.ExecutorService threeAtOnce = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (PgMcp pgmcp = engine(ownUrl, 3, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            assertFalse(sleep(pgmcp, 0).error(), "role check and first call");
            System.clearProperty(property);
            for (int round = 0; round < 5; round++) {
                // Three calls at once, each long enough for the pool to open a connection for it: the pool
                // holds three live connections afterwards. On a busy machine opening one can take longer
                // than a call, and a waiting call then takes the connection another returns (HikariCP stops
                // adding when no call waits): the three calls go again, with the connections opened so far.
                // Three threads of their own: the common pool has one worker on a 2-core machine, which
                // would run the calls one after the other on a single connection.
                for (int attempt = 0; attempt < 3 && backendsOf(ownUrl, ownDatabase) < 3; attempt++) {
                    List<CompletableFuture<ToolResult>> warm = List.of(
                            CompletableFuture.supplyAsync(() -> sleep(pgmcp, 1000), threeAtOnce),
                            CompletableFuture.supplyAsync(() -> sleep(pgmcp, 1000), threeAtOnce),
                            CompletableFuture.supplyAsync(() -> sleep(pgmcp, 1000), threeAtOnce));
                    for (CompletableFuture<ToolResult> w : warm) {
                        assertFalse(w.get(30, TimeUnit.SECONDS).error());
                    }
                }
                assertEquals(3, backendsOf(ownUrl, ownDatabase), "round " + round + ": three pooled connections");
                try (Connection c = DriverManager.getConnection(ownUrl); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             + "WHERE application_name = 'pgmcp' AND datname = '" + ownDatabase + "'")) {
                    rs.next();
                    assertEquals(3, rs.getInt(1));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (backendsOf(ownUrl, ownDatabase) > 0) {
                    assertTrue(System.nanoTime() < deadline, "terminated backends still there");
                    Thread.sleep(10);
                }
                ToolResult next = sleep(pgmcp, 0);
                assertFalse(next.error(), "round " + round + ": " + next.text());
            }
        } finally {
            System.clearProperty(property);
            threeAtOnce.shutdownNow();
        }
    }

    private static int backendsOf(String jdbcUrl, String databaseName) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgmcp' "
                     + "AND datname = '" + databaseName + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitGone(Object pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pgmcpBackends("pid = " + pid) > 0) {
            assertTrue(System.nanoTime() < deadline, "backend " + pid + " still there");
            Thread.sleep(20);
        }
    }

    @Test
    void aConnectionCutMidQueryFailsClearlyAndTheNextCallSucceeds() throws Exception {
        try (TcpProxy proxy = proxyToDatabase();
             PgMcp pgmcp = engine(throughProxy(proxy), 2, Duration.ofSeconds(5),
                     Duration.ofSeconds(30))) {
            assertFalse(sleep(pgmcp, 0).error());
            long start = System.nanoTime();
            CompletableFuture<ToolResult> running = CompletableFuture.supplyAsync(() -> sleep(pgmcp, 5000));
            awaitBackends("query LIKE '%pg_sleep%' AND state = 'active'", 1);
            // Well into the statement: a connection that fails within the first moments after a statement
            // was sent on it unchecked has the statement run once more (the test below).
            Thread.sleep(300);
            proxy.cutAll();
            ToolResult cut = running.get(20, TimeUnit.SECONDS);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cut.error());
            assertTrue(cut.text().startsWith("Database unavailable 08006: ") && cut.text().endsWith("; retry shortly"),
                    cut.text());
            assertTrue(elapsedMs < 4500, "the cut is noticed at once, not when the sleep ends: " + elapsedMs + " ms");
            assertFalse(sleep(pgmcp, 0).error(), "a new connection through the proxy");
        }
    }

    @Test
    void aConnectionCutRightAfterItsLastCallIsReplacedWithoutAnError() throws Exception {
        // A connection returned a moment ago is lent without a round trip of its own (it worked then):
        // cut it in that moment, and the next call finds out only when its statement fails; the
        // statement, read-only and cut before it could do anything, runs again on a checked connection.
        try (TcpProxy proxy = proxyToDatabase();
             PgMcp pgmcp = engine(throughProxy(proxy), 2, Duration.ofSeconds(5),
                     Duration.ofSeconds(30))) {
            assertFalse(sleep(pgmcp, 0).error());
            for (int round = 0; round < 5; round++) {
                ToolResult before = sleep(pgmcp, 0);
                assertFalse(before.error(), before.text());
                proxy.cutAll();
                ToolResult next = sleep(pgmcp, 0);
                assertFalse(next.error(), "round " + round + ": " + next.text());
                assertNotEquals(before.structuredContent().get("pid"), next.structuredContent().get("pid"),
                        "a new connection");
            }
        }
    }

    @Test
    void aConnectionThatGoesSilentMidQueryFailsAfterTheSocketTimeoutInsteadOfHanging() throws Exception {
        try (TcpProxy proxy = proxyToDatabase();
             PgMcp pgmcp = engine(throughProxy(proxy), 2, Duration.ofSeconds(2),
                     Duration.ofSeconds(1))) {
            assertFalse(sleep(pgmcp, 0).error());
            CompletableFuture<ToolResult> running = CompletableFuture.supplyAsync(() -> sleep(pgmcp, 800));
            awaitBackends("query LIKE '%pg_sleep%' AND state = 'active'", 1);
            proxy.blackHole(true);
            // Without a socket timeout this would wait for TCP keepalive (hours). With statement_timeout
            // 1 s, pgmcp's socket timeout is 1 + 10 s.
            ToolResult silent = running.get(60, TimeUnit.SECONDS);
            assertTrue(silent.error());
            assertTrue(silent.text().startsWith("Database unavailable 08006: no reply from PostgreSQL within the socket timeout"),
                    silent.text());
            proxy.blackHole(false);
            proxy.cutAll();
            assertFalse(sleep(pgmcp, 0).error(), "served again once the network is back");
        }
    }
}
