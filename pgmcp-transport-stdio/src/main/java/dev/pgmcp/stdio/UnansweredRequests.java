package dev.pgmcp.stdio;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The requests read from stdin that do work in the engine ({@code tools/call}, {@code resources/read},
 * {@code prompts/get}) and have not been answered yet, by JSON-RPC id. At end of input the server
 * waits for them (for the shutdown grace period, then for the answers of the calls it cancels) before
 * it closes the engine, so that a client that writes its requests and closes stdin at once
 * ({@code printf ... | pgmcp-server}) still gets every answer.
 *
 * <p>Counted at the transport's edges rather than in the engine: a request read just before end of
 * input may not have reached the engine yet when the end is seen. Thread-safe.
 */
final class UnansweredRequests {

    private static final Set<String> WORK = Set.of("tools/call", "resources/read", "prompts/get");

    private final Set<Object> ids = new HashSet<>(); // guarded by this

    /** Notes a request passed on to the SDK: {@code method} and {@code id} as decoded from its line. */
    synchronized void read(Object method, Object id) {
        // A response (a client's answer to sampling) has no method; Set.of refuses contains(null).
        if (id != null && method instanceof String m && WORK.contains(m)) {
            ids.add(key(id));
        }
    }

    /** Notes an answer written (a JSON-RPC response with this id, result or error). */
    synchronized void answered(Object id) {
        if (id != null && ids.remove(key(id)) && ids.isEmpty()) {
            notifyAll();
        }
    }

    /** @return how many are unanswered now */
    synchronized int count() {
        return ids.size();
    }

    /**
     * @param timeout how long to wait at most
     * @return whether every one was answered; {@code false} when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ids.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The same key for an id however each side decoded it (7, 7L and 7.0 alike); the string "7" differs. */
    private static Object key(Object id) {
        if (id instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? (Object) n.longValue() : (Object) d;
        }
        return "s:" + id;
    }
}
