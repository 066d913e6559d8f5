package dev.pgmcp.schema;

import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SchemaCache: TTL with a fake clock, refresh, failure and retry, shared concurrent loads. */
@Timeout(60)
class SchemaCacheTest {

    static String url;

    TestDataSource ds;
    FakeClock clock;

    /** A clock that only moves when told to. */
    static final class FakeClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void database() {
        url = TestPostgres.freshDatabase("cache");
        TestPostgres.run(url, "CREATE TABLE t1 (id integer PRIMARY KEY)");
    }

    @BeforeEach
    void setUp() {
        ds = new TestDataSource(url);
        clock = new FakeClock();
    }

    private SchemaCache cache(Duration ttl) {
        return new SchemaCache(new SchemaIntrospector(ds), ttl, clock);
    }

    /** Loads so far: each load takes exactly one connection. */
    private int loads() {
        return ds.connections.get();
    }

    @Test
    void loadsLazilyAndServesUntilTtlExpires() {
        SchemaCache cache = cache(Duration.ofMinutes(10));
        assertEquals(0, loads());
        CatalogSnapshot first = cache.snapshot();
        assertEquals(1, loads());
        assertSame(first, cache.snapshot());
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertSame(first, cache.snapshot());
        assertEquals(1, loads());
        clock.advance(Duration.ofMillis(1));
        CatalogSnapshot second = cache.snapshot();
        assertNotSame(first, second);
        assertEquals(2, loads());
        assertSame(second, cache.snapshot());
    }

    @Test
    void zeroTtlReloadsEveryTime() {
        SchemaCache cache = cache(Duration.ZERO);
        CatalogSnapshot a = cache.snapshot();
        CatalogSnapshot b = cache.snapshot();
        assertNotSame(a, b);
        assertEquals(2, loads());
    }

    @Test
    void refreshForcesReloadAndSeesNewTables() {
        SchemaCache cache = cache(Duration.ofHours(1));
        CatalogSnapshot before = cache.snapshot();
        String table = "added_" + System.nanoTime();
        TestPostgres.run(url, "CREATE TABLE " + table + " (x integer)");
        try {
            assertSame(before, cache.snapshot());
            assertTrue(before.find("public", table).isEmpty());
            CatalogSnapshot after = cache.refresh();
            assertEquals(2, loads());
            assertTrue(after.find("public", table).isPresent());
            assertSame(after, cache.snapshot());
        } finally {
            TestPostgres.run(url, "DROP TABLE " + table);
        }
    }

    @Test
    void failedLoadThrowsAndIsRetriedOnNextCall() {
        SchemaCache cache = cache(Duration.ofMinutes(1));
        ds.failWith = new SQLException("connection refused: boom", "08001");
        SchemaUnavailableException e = assertThrows(SchemaUnavailableException.class, cache::snapshot);
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
        assertThrows(SchemaUnavailableException.class, cache::snapshot);
        assertEquals(2, loads(), "a failure is not cached");

        ds.failWith = null;
        CatalogSnapshot ok = cache.snapshot();
        assertEquals(3, loads());
        assertSame(ok, cache.snapshot());

        // once stale, a failing reload throws rather than serving the expired snapshot
        clock.advance(Duration.ofMinutes(1));
        ds.failWith = new SQLException("down again", "08006");
        assertThrows(SchemaUnavailableException.class, cache::snapshot);
        SchemaUnavailableException r = assertThrows(SchemaUnavailableException.class, cache::refresh);
        assertTrue(r.getMessage().contains("down again"), r.getMessage());
        ds.failWith = null;
        assertNotSame(ok, cache.snapshot());
    }

    /** Starts callers one by one, waiting until each is parked (the first at the gate, the rest on its load). */
    private List<Thread> startParked(int n, Runnable body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(body, "cache-caller-" + i);
            t.start();
            while (t.getState() != Thread.State.WAITING) {
                if (!t.isAlive()) {
                    throw new AssertionError(t.getName() + " finished early");
                }
                Thread.sleep(1);
            }
            threads.add(t);
        }
        return threads;
    }

    @Test
    void concurrentCallersShareOneLoad() throws Exception {
        SchemaCache cache = cache(Duration.ofMinutes(5));
        CountDownLatch gate = new CountDownLatch(1);
        ds.gate = gate;
        List<CatalogSnapshot> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = startParked(8, () -> results.add(cache.snapshot()));
        assertEquals(1, loads(), "only the first caller loads");
        gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8, results.size());
        for (CatalogSnapshot s : results) {
            assertSame(results.get(0), s);
        }
        assertEquals(1, loads());
    }

    @Test
    void concurrentCallersShareOneFailure() throws Exception {
        SchemaCache cache = cache(Duration.ofMinutes(5));
        CountDownLatch gate = new CountDownLatch(1);
        ds.gate = gate;
        ds.failWith = new SQLException("too many clients", "53300");
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = startParked(5, () -> {
            try {
                cache.snapshot();
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, loads());
        assertEquals(5, errors.size());
        for (Throwable e : errors) {
            assertTrue(e instanceof SchemaUnavailableException && e.getMessage().contains("too many clients"), e.toString());
        }
        ds.gate = null;
        ds.failWith = null;
        cache.snapshot();
        assertEquals(2, loads());
    }

    @Test
    void refreshDuringAnOlderLoadLoadsAgain() throws Exception {
        SchemaCache cache = cache(Duration.ofMinutes(5));
        CountDownLatch gate = new CountDownLatch(1);
        ds.gate = gate;
        AtomicReference<CatalogSnapshot> first = new AtomicReference<>();
        AtomicReference<CatalogSnapshot> refreshed = new AtomicReference<>();
        List<Thread> loader = startParked(1, () -> first.set(cache.snapshot()));
        // the refresh starts after the running load did, so it must not just take that load's result
        List<Thread> refresher = startParked(1, () -> refreshed.set(cache.refresh()));
        assertEquals(1, loads());
        ds.gate = null;
        gate.countDown();
        loader.get(0).join();
        refresher.get(0).join();
        assertEquals(2, loads());
        assertNotSame(first.get(), refreshed.get());
        assertSame(refreshed.get(), cache.snapshot());
    }

    @Test
    void rejectsNegativeTtl() {
        SchemaIntrospector introspector = new SchemaIntrospector(ds);
        assertThrows(IllegalArgumentException.class, () -> new SchemaCache(introspector, Duration.ofSeconds(-1)));
        SchemaCache cache = new SchemaCache(introspector, Duration.ofSeconds(3));
        assertSame(introspector, cache.introspector());
        assertEquals(Duration.ofSeconds(3), cache.ttl());
    }
}
