package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.StandbyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads routed to a streaming standby, against a real primary and standby: {@code execute_query} runs on
 * the standby while its replay lag is within the bound, on the primary while replay is paused past it, on
 * the standby again once replay resumes; a standby whose role the start-up check refuses serves nothing;
 * a standby cut off from its primary stops serving, and stopping the standby under load fails no call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicasTest {

    private static final Duration MAX_LAG = Duration.ofMillis(1500);
    private static final String WHERE = "SELECT pg_is_in_recovery() AS standby, count(*) AS n FROM items";

    static StandbyPair pair;

    @BeforeAll
    static void start() {
        pair = StandbyPair.start();
        // A role the start-up check accepts (no superuser, no write privilege); roles replicate to the standby.
        StandbyPair.run(pair.primaryUrl(), """
                CREATE ROLE reader LOGIN;
                CREATE TABLE items AS SELECT g AS id FROM generate_series(1, 10) g;
                GRANT SELECT ON items TO reader;
                """);
        pair.awaitCaughtUp();
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    static String as(String url, String user) {
        return url.replace("user=postgres", "user=" + user);
    }

    static PgMcp serve(String primaryUser, String standbyUser) {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", as(pair.primaryUrl(), primaryUser))
                .replicaUrls("main", List.of(as(pair.standbyUrl(), standbyUser)))
                .replicaMaxLag(MAX_LAG)
                .rateLimitPerMinute(0).rateLimitPerHour(0)
                .build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    /** @return the structured content of one execute_query call, which must succeed */
    static Map<String, Object> where(PgMcp pgmcp) {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", WHERE));
        assertFalse(r.error(), r.text());
        return r.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static boolean onStandby(Map<String, Object> content) {
        List<List<Object>> rows = (List<List<Object>>) content.get("rows");
        boolean inRecovery = (Boolean) rows.get(0).get(0);
        // The metadata says the same as PostgreSQL does.
        assertEquals(inRecovery ? "standby" : "primary", content.get("servedBy"), content.toString());
        long staleness = ((Number) content.get("maxStalenessMs")).longValue();
        if (inRecovery) {
            assertTrue(staleness >= 0 && staleness <= MAX_LAG.toMillis() + 5000, content.toString());
        } else {
            assertEquals(0L, staleness, content.toString());
        }
        return inRecovery;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void readsGoToTheStandbyWhileItsLagIsWithinTheBoundAndToThePrimaryOtherwise() throws Exception {
        try (PgMcp pgmcp = serve("reader", "reader")) {
            await(() -> onStandby(where(pgmcp)), "reads on the standby");

            StandbyPair.run(pair.standbyUrl(), "SELECT pg_wal_replay_pause()");
            try {
                StandbyPair.run(pair.primaryUrl(), "INSERT INTO items VALUES (11)");
                long paused = System.nanoTime();
                await(() -> !onStandby(where(pgmcp)), "reads on the primary while replay is paused");
                // The primary has the new row; the standby, paused, would not.
                assertEquals(11L, ((Number) ((List<List<Object>>) where(pgmcp).get("rows")).get(0).get(1)).longValue());
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused) < 30_000);
            } finally {
                StandbyPair.run(pair.standbyUrl(), "SELECT pg_wal_replay_resume()");
            }
            await(() -> onStandby(where(pgmcp)), "reads on the standby once replay resumed");
            assertEquals(11L, ((Number) ((List<List<Object>>) where(pgmcp).get("rows")).get(0).get(1)).longValue());
        }
    }

    @Test
    @Order(2)
    void toolsStatementsAndConnectionWorkGoToTheStandbyToo() throws Exception {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", as(pair.primaryUrl(), "reader"))
                .replicaUrls("main", List.of(as(pair.standbyUrl(), "reader")))
                .replicaMaxLag(MAX_LAG)
                .build();
        try (Databases databases = new Databases(config)) {
            dev.pgmcp.internal.exec.QueryExecutor executor = databases.get("main").executor();
            await(() -> executor.queryTrusted("SELECT pg_is_in_recovery()", List.of(), 1).servedBy()
                    == dev.pgmcp.spi.QueryResult.ServedBy.STANDBY, "a tool's statement on the standby");
            dev.pgmcp.spi.QueryResult r = executor.queryTrusted("SELECT pg_is_in_recovery()", List.of(), 1);
            assertEquals(true, r.rows().get(0).get(0));
            assertTrue(r.maxStalenessMillis() >= 0);
            assertEquals(Boolean.TRUE, executor.inReadOnlyTransaction(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }));
            // The role report reads the primary's role, on the primary.
            assertEquals("reader", databases.inspectRole("main").role());
        }
    }

    @Test
    @Order(3)
    void aStandbyCutOffFromItsPrimaryStopsServingOnceItsLastReplayIsOlderThanTheBound() throws Exception {
        try (PgMcp pgmcp = serve("reader", "reader")) {
            await(() -> onStandby(where(pgmcp)), "reads on the standby");
            pair.cutOff();
            try {
                // It has replayed all it received, so only the age of its last replay tells it is behind.
                StandbyPair.run(pair.primaryUrl(), "INSERT INTO items VALUES (12)");
                await(() -> !onStandby(where(pgmcp)), "reads on the primary while the standby is cut off");
                assertEquals(12L, ((Number) ((List<List<Object>>) where(pgmcp).get("rows")).get(0).get(1)).longValue());
            } finally {
                pair.reconnect();
            }
            await(() -> onStandby(where(pgmcp)), "reads on the standby once it streams again");
        }
    }

    @Test
    @Order(4)
    void aStandbyReachedAsARefusedRoleServesNothing() throws Exception {
        // The primary as the read-only role; the standby as the superuser, which the role check refuses.
        try (PgMcp pgmcp = serve("reader", "postgres")) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            int calls = 0;
            while (System.nanoTime() < until) {
                assertFalse(onStandby(where(pgmcp)), "a refused standby served a read");
                calls++;
                Thread.sleep(50);
            }
            assertTrue(calls > 10);
        }
    }

    @Test
    @Order(5)
    void stoppingTheStandbyLosesNoCall() throws Exception {
        try (PgMcp pgmcp = serve("reader", "reader")) {
            await(() -> onStandby(where(pgmcp)), "reads on the standby");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger onStandby = new AtomicInteger();
            AtomicInteger onPrimary = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            ExecutorService load = Executors.newFixedThreadPool(3);
            List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                loops.add(load.submit(() -> {
                    while (running.get()) {
                        try {
                            ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", WHERE));
                            if (r.error()) {
                                failures.add(r.text());
                            } else if (onStandby(r.structuredContent())) {
                                onStandby.incrementAndGet();
                            } else {
                                onPrimary.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failures.add(String.valueOf(e));
                        }
                    }
                }));
            }
            await(() -> onStandby.get() >= 30, "load on the standby");
            pair.stopStandby();
            int primaryAtStop = onPrimary.get();
            await(() -> onPrimary.get() >= primaryAtStop + 30, "load on the primary after the standby stopped");
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));
            for (java.util.concurrent.Future<?> f : loops) {
                f.get();
            }
            assertEquals(List.of(), failures, "calls that failed while the standby stopped");
            assertTrue(onStandby(where(pgmcp)) == false);
        }
    }
}
