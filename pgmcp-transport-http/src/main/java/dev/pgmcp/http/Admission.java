package dev.pgmcp.http;

import java.time.Duration;

/**
 * Caps the MCP requests processed at once and drains on shutdown. A request is admitted only once
 * its whole body has arrived, so clients that send headers and then drip the body hold a connection
 * (until the body deadline) but never a place among the requests in progress.
 */
final class Admission {

    private final int max;
    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean draining;

    /** @param max the most requests processed at once */
    Admission(int max) {
        this.max = max;
    }

    /** @return why the request must wait (503), or {@code null} when it was admitted and must {@link #leave} */
    String enter() {
        if (draining) {
            return "server is shutting down";
        }
        synchronized (lock) {
            if (inFlight >= max) {
                return "too many requests in progress";
            }
            inFlight++;
            return null;
        }
    }

    void leave() {
        synchronized (lock) {
            inFlight--;
            if (inFlight == 0) {
                lock.notifyAll();
            }
        }
    }

    boolean draining() {
        return draining;
    }

    /** @return the requests being processed now */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Stops admitting requests and waits for those in progress.
     *
     * @return true when every request finished within {@code timeout}
     */
    boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
