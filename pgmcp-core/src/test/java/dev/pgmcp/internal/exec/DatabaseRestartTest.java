package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.embedded.EmbeddedPostgresServer;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.SqlValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL restarted in the middle of a load: calls fail with "Database unavailable ...; retry
 * shortly" while it is down, succeed again once it is back without restarting pgmcp, and the pool
 * then holds only live connections. Uses its own embedded server with a fixed data directory and
 * port, stopped and started again.
 */
class DatabaseRestartTest {

    private static final int THREADS = 4;

    @Test
    void callsFailClearlyWhileTheDatabaseIsDownAndRecoverWithoutARestart(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pgdata");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startKeepingData(data, port);
        try {
            String url = server.jdbcUrl("postgres");
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items AS SELECT g AS id FROM generate_series(1, 1000) g");
            }
            PgMcpConfig config = PgMcpConfig.builder().database("main", url)
                    .poolMinIdle(2).poolMaxSize(THREADS).connectTimeout(Duration.ofMillis(1000)).build();
            try (PoolManager pools = new PoolManager(config)) {
                HikariDataSource ds = (HikariDataSource) pools.dataSource("main");
                QueryExecutor executor = new QueryExecutor(ds, new SqlValidator(FunctionPolicy.defaults()),
                        ExecutionLimits.of(config));

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicBoolean down = new AtomicBoolean(false);
                AtomicInteger okBefore = new AtomicInteger();
                List<String> failures = new CopyOnWriteArrayList<>();
                List<Throwable> unexpected = new CopyOnWriteArrayList<>();
                Map<Integer, Boolean> recovered = new ConcurrentHashMap<>();
                AtomicBoolean restarted = new AtomicBoolean(false);
                ExecutorService load = Executors.newFixedThreadPool(THREADS);
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    load.submit(() -> {
                        while (running.get()) {
                            try {
                                QueryResult r = executor.query("SELECT count(*) AS n FROM items", List.of(), 10);
                                assertEquals(1000L, ((Number) r.rows().get(0).get(0)).longValue());
                                if (restarted.get()) {
                                    recovered.put(id, true);
                                } else if (!down.get()) {
                                    okBefore.incrementAndGet();
                                }
                            } catch (QueryException e) {
                                failures.add(e.connectionProblem() + " " + e.describe());
                            } catch (Throwable e) {
                                unexpected.add(e);
                            }
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                }
                awaitTrue(() -> okBefore.get() >= 20, "load before the restart");

                down.set(true);
                server.close();
                awaitTrue(() -> failures.size() >= THREADS, "calls fail while the database is down");
                Thread.sleep(1500);
                server = EmbeddedPostgresServer.startKeepingData(data, port);
                restarted.set(true);
                awaitTrue(() -> recovered.size() == THREADS, "every load thread succeeds again");
                running.set(false);
                load.shutdown();
                assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));

                assertEquals(List.of(), unexpected, "only QueryExceptions");
                for (String f : failures) {
                    assertTrue(f.startsWith("true Database unavailable") && f.endsWith("; retry shortly"), f);
                }

                // Every call now succeeds, and every connection the pool holds is a live backend.
                for (int i = 0; i < 3 * THREADS; i++) {
                    executor.query("SELECT 1", List.of(), 1);
                }
                HikariPoolMXBean pool = ds.getHikariPoolMXBean();
                awaitTrue(() -> pool.getActiveConnections() == 0, "connections returned");
                int total = pool.getTotalConnections();
                assertTrue(total >= 1 && total <= THREADS, "pool size " + total);
                // The pool and pg_stat_activity are read one after the other while HikariCP may still be
                // retiring or adding a connection (a closed backend lingers briefly): wait until they agree.
                String backends = server.jdbcUrl("postgres");
                awaitTrue(() -> pool.getTotalConnections() == pgmcpBackends(backends),
                        "each pooled connection is a backend of the restarted server");
            }
        } finally {
            server.close();
        }
    }

    private static int pgmcpBackends(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgmcp'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }
}
