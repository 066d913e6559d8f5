package dev.pgmcp.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe of each POST still in flight after a delay, then periodically until its answer is
 * written: one periodic task for every request in flight, not one scheduled task per request.
 *
 * <p>Why: a task scheduled and cancelled per request wakes the timer thread for each (when the task
 * is queued first, and again when its cancelled remains fall due), about 20 µs of CPU and two
 * context switches per request, although almost every answer is written long before its probe
 * would run. Here registering a request adds it to a set; the periodic task starts with the first
 * request and stops once none has been in flight for {@value #IDLE_STOP_MS} ms, so an idle server
 * does not wake up for it.
 *
 * <p>A probe runs between {@code delayMillis} and {@code delayMillis + everyMillis} after its
 * request was registered, then every {@code everyMillis}, on the timer thread; a probe that throws
 * is logged and runs again at the next period. Thread-safe.
 */
final class ResponseProbes {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseProbes.class);

    /** How long the periodic task goes on with nothing in flight before it stops, in milliseconds. */
    static final long IDLE_STOP_MS = 2_000;

    /** Stops a request's probes; idempotent. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** One request's probe; a class, not a record: two requests are two entries even with equal fields. */
    private static final class Probe {
        final long dueNanos;
        final Runnable action;

        Probe(long dueNanos, Runnable action) {
            this.dueNanos = dueNanos;
            this.action = action;
        }
    }

    private final ScheduledExecutorService timer;
    private final long delayNanos;
    private final long everyMillis;
    private final Set<Probe> inFlight = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** The periodic task while it runs; guarded by {@link #lock}. */
    private ScheduledFuture<?> sweeper;
    /** When the set was first seen empty since it last held a request (0: it was not); timer thread only. */
    private long emptySince;

    /**
     * @param timer       runs the periodic task (a single thread, so that probes never overlap)
     * @param delayMillis how long a request is in flight before its first probe, in milliseconds
     * @param everyMillis the period of the probes, in milliseconds
     */
    ResponseProbes(ScheduledExecutorService timer, long delayMillis, long everyMillis) {
        this.timer = timer;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.everyMillis = everyMillis;
    }

    /**
     * @param probe what to run while the request is in flight (checks that the client is still there)
     * @return closes the registration when the request's answer is written
     */
    Registration register(Runnable probe) {
        Probe p = new Probe(System.nanoTime() + delayNanos, probe);
        inFlight.add(p);
        synchronized (lock) {
            // After the add: a sweep that saw the set empty and stopped has let go of the lock by now.
            if (sweeper == null) {
                sweeper = timer.scheduleAtFixedRate(this::sweep, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
            }
        }
        return () -> inFlight.remove(p);
    }

    /** @return how many requests are registered now */
    int inFlight() {
        return inFlight.size();
    }

    /** @return whether the periodic task is scheduled now */
    boolean running() {
        synchronized (lock) {
            return sweeper != null;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        if (inFlight.isEmpty()) {
            if (emptySince == 0) {
                emptySince = now;
            } else if (now - emptySince >= TimeUnit.MILLISECONDS.toNanos(IDLE_STOP_MS)) {
                synchronized (lock) {
                    if (inFlight.isEmpty() && sweeper != null) {
                        sweeper.cancel(false);
                        sweeper = null;
                        emptySince = 0;
                    }
                }
            }
            return;
        }
        emptySince = 0;
        for (Probe p : inFlight) {
            if (now - p.dueNanos >= 0) {
                try {
                    p.action.run();
                } catch (RuntimeException e) {
                    // A failed probe must not end the periodic task, which every other request relies on.
                    LOG.debug("a probe of a request in flight failed", e);
                }
            }
        }
    }
}
