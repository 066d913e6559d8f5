package dev.pgmcp.stdio;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Which thread reads stdin, when the thread that read a request also runs it.
 *
 * <p>Why: handing each request from the reading thread to a call thread costs a thread wake-up and a
 * park on every call (on a small virtual machine about a fifth of a point query's CPU). When nothing
 * else runs and nothing more is buffered, the reading thread runs the request itself
 * ({@link #begin()} ... {@link #end}). Reading must not stop for long, though: the client may cancel
 * the call, answer a sampling request the call made, or send more requests meanwhile. So a watcher
 * thread looks every {@value #TICK_MILLIS} ms; a call it finds running at two looks in a row (one that
 * has run between one and two ticks) loses the reading turn: the watcher takes it, becomes the reading
 * thread, and a new watcher starts. The thread running the call sees that at {@link #end} and stops
 * reading when the call is done. A request that arrives during a call is thus read within two ticks.
 *
 * <p>The watcher does not need a signal per call: it keeps looking while calls come, and parks until
 * woken after {@value #IDLE_TICKS} looks without one (a second), so an idle server does not wake up.
 */
final class ReadingTurn implements AutoCloseable {

    /** How often the watcher looks, in milliseconds. */
    static final long TICK_MILLIS = 5;
    /** Looks without a call before the watcher parks until the next call. */
    static final int IDLE_TICKS = 200;

    /** A call the reading thread runs now. */
    private static final class Call {
    }

    private final Runnable readLoop;
    /** The call the reading thread runs now, or null while it reads. */
    private final AtomicReference<Call> running = new AtomicReference<>();
    private volatile Thread watcher;
    /** True while the watcher parks (or is about to) until woken. */
    private volatile boolean idle;
    private volatile boolean closed;

    /** @param readLoop reads and handles lines while the thread running it has the turn */
    ReadingTurn(Runnable readLoop) {
        this.readLoop = readLoop;
    }

    /**
     * Called by the reading thread before it runs a request itself; nothing else may touch the input
     * until {@link #end} says the turn is still this thread's.
     *
     * @return the call's token for {@link #end}
     */
    Object begin() {
        Call call = new Call();
        running.set(call);
        Thread w = watcher;
        if (w == null) {
            startWatcher();
        } else if (idle) {
            LockSupport.unpark(w);
        }
        return call;
    }

    /**
     * Called by the thread that ran the call once it is answered.
     *
     * @return true when this thread still has the reading turn; false when the watcher took it while
     *         the call ran (the caller must stop reading)
     */
    boolean end(Object token) {
        return running.compareAndSet((Call) token, null);
    }

    private synchronized void startWatcher() {
        if (closed || watcher != null) {
            return;
        }
        Thread t = new Thread(this::watch, "pgmcp-stdio-watcher");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    private void watch() {
        Call seen = null;
        int quiet = 0;
        while (!closed) {
            Call call = running.get();
            if (call == null) {
                seen = null;
                if (++quiet >= IDLE_TICKS) {
                    // Announce the park before the last look: a call that begins after that look sees
                    // idle and unparks, and an unpark that comes before the park makes it return at once.
                    idle = true;
                    if (running.get() == null && !closed) {
                        LockSupport.park(this);
                    }
                    idle = false;
                    quiet = 0;
                    continue;
                }
            } else {
                quiet = 0;
                if (call == seen && running.compareAndSet(call, null)) {
                    // The call has run for more than a tick: this thread reads from now on (and is
                    // named for it, in thread dumps and profiles).
                    Thread.currentThread().setName("pgmcp-stdio-reader");
                    watcher = null;
                    startWatcher();
                    readLoop.run();
                    return;
                }
                seen = call;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
        }
    }

    /** Stops the watcher (at the end of the session). */
    @Override
    public void close() {
        closed = true;
        Thread w = watcher;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
