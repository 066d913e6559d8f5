package dev.pgmcp.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseProbesTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    @Test
    void aRequestIsProbedAfterTheDelayThenPeriodicallyUntilItsRegistrationCloses() throws Exception {
        ResponseProbes probes = new ResponseProbes(timer, 100, 10);
        AtomicInteger runs = new AtomicInteger();
        long start = System.nanoTime();
        long[] first = new long[1];
        ResponseProbes.Registration r = probes.register(() -> {
            if (runs.getAndIncrement() == 0) {
                first[0] = System.nanoTime();
            }
        });
        await(() -> runs.get() >= 3, "probed again and again");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(first[0] - start) >= 100, "not before the delay");
        r.close();
        int after = runs.get();
        Thread.sleep(100);
        assertTrue(runs.get() <= after + 1, "at most a probe already running when the registration closed");
        assertEquals(0, probes.inFlight());
    }

    @Test
    void aQuickRequestIsNeverProbed() throws Exception {
        ResponseProbes probes = new ResponseProbes(timer, 200, 10);
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            probes.register(runs::incrementAndGet).close();
        }
        Thread.sleep(300);
        assertEquals(0, runs.get());
    }

    @Test
    void theTimerStopsWhenNothingIsInFlightAndStartsAgainWithTheNextRequest() throws Exception {
        ResponseProbes probes = new ResponseProbes(timer, 0, 10);
        probes.register(() -> { }).close();
        assertTrue(probes.running());
        await(() -> !probes.running(), "the periodic task stops after " + ResponseProbes.IDLE_STOP_MS + " ms idle");
        AtomicInteger runs = new AtomicInteger();
        try (ResponseProbes.Registration r = probes.register(runs::incrementAndGet)) {
            assertTrue(probes.running());
            await(() -> runs.get() >= 1, "a request after the stop is probed");
        }
    }

    @Test
    void aProbeThatThrowsDoesNotStopTheOthers() throws Exception {
        ResponseProbes probes = new ResponseProbes(timer, 0, 10);
        AtomicInteger runs = new AtomicInteger();
        try (ResponseProbes.Registration bad = probes.register(() -> {
                throw new IllegalStateException("probe failed");
            });
             ResponseProbes.Registration good = probes.register(runs::incrementAndGet)) {
            await(() -> runs.get() >= 5, "the other request is still probed");
            assertFalse(timer.isShutdown());
        }
    }
}
