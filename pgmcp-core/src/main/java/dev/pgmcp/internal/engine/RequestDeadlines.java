package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancels tool calls that run past their request deadline ({@code PGMCP_REQUEST_TIMEOUT_MS}), with
 * one daemon thread for the whole JVM and no work for it per call.
 *
 * <p>Why not a {@link java.util.concurrent.ScheduledExecutorService}: scheduling a task per call
 * wakes the timer thread on every call (the new task becomes the head of its queue whenever no other
 * call is running) and cancelling it takes the queue's lock again: a thread switch and several system
 * calls on every point query, for a timeout that almost never fires. Here a call only joins and leaves
 * a concurrent set, and wakes the thread only when its deadline comes before the one the thread sleeps
 * until. Calls of one engine share one timeout, so a call that joins later has a later deadline: while
 * calls keep arriving the thread wakes about once per timeout period, and with none running it parks
 * until the next call comes.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    /** {@link #wakeAt} of a thread that parks with no deadline to wait for. */
    private static final long NEVER = Long.MAX_VALUE;

    /** The JVM's one watcher, whose thread starts with the first call that has a deadline. */
    static final RequestDeadlines SHARED = new RequestDeadlines();

    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    /**
     * The {@link System#nanoTime()} the thread sleeps until, {@link #NEVER} when it sleeps until
     * woken. While the thread is awake it holds a time already past, so no call wakes it needlessly.
     */
    private volatile long wakeAt = NEVER;
    private volatile Thread thread;

    /** One call being watched; {@link #close()} ends the watch (the call finished in time). */
    static final class Watch implements AutoCloseable {
        private final RequestDeadlines owner;
        private final Cancellation cancellation;
        private final long deadline;

        private Watch(RequestDeadlines owner, Cancellation cancellation, long deadline) {
            this.owner = owner;
            this.cancellation = cancellation;
            this.deadline = deadline;
        }

        @Override
        public void close() {
            owner.watched.remove(this);
        }
    }

    /**
     * Calls {@link Cancellation#timeOut()} on the watcher's thread once {@code timeoutMillis}
     * milliseconds have passed, unless the returned watch is closed first.
     *
     * @param cancellation  the call's cancellation
     * @param timeoutMillis the request timeout, in milliseconds (positive)
     * @return the watch, to close when the call ends
     */
    Watch watch(Cancellation cancellation, long timeoutMillis) {
        Watch w = new Watch(this, cancellation, System.nanoTime() + timeoutMillis * 1_000_000L);
        watched.add(w);
        Thread t = thread;
        if (t == null) {
            start();
        } else {
            long sleepsUntil = wakeAt;
            if (sleepsUntil == NEVER || w.deadline - sleepsUntil < 0) {
                LockSupport.unpark(t);
            }
        }
        return w;
    }

    private synchronized void start() {
        if (thread == null) {
            Thread t = new Thread(this::run, "pgmcp-request-timeout");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    private void run() {
        while (true) {
            long now = System.nanoTime();
            wakeAt = now;
            for (Watch w : watched) {
                if (w.deadline - now <= 0 && watched.remove(w)) {
                    fire(w);
                }
            }
            // Publish when the thread will wake, then look again: a call that joined during the first
            // look either is seen now or saw this time, and woke the thread if its deadline is sooner
            // (an unpark before the park makes the park return at once).
            long until = earliest();
            wakeAt = until;
            until = Math.min(until, earliest());
            if (until == NEVER) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, until - System.nanoTime());
            }
        }
    }

    /** @return the earliest deadline watched, or {@link #NEVER} */
    private long earliest() {
        long earliest = NEVER;
        for (Watch w : watched) {
            if (earliest == NEVER || w.deadline - earliest < 0) {
                earliest = w.deadline;
            }
        }
        return earliest;
    }

    private static void fire(Watch w) {
        try {
            w.cancellation.timeOut();
        } catch (RuntimeException e) {
            LOG.warn("cancelling a call past its request timeout failed: {}", e.toString());
        }
    }
}
