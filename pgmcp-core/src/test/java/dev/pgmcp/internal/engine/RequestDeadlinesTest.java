package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.Cancellation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request-deadline watcher on its own (the end-to-end behaviour, a statement stopped on the
 * server, is {@link RequestTimeoutTest}'s): a deadline fires once it has passed and not before, a
 * closed watch never fires, a deadline sooner than the one the thread sleeps until wakes it, and a
 * watch that comes after the thread went idle still fires.
 */
class RequestDeadlinesTest {

    /** How long a deadline may fire late on a busy 2-core machine before the test calls it lost. */
    private static final long MARGIN_MILLIS = 3_000;

    private final RequestDeadlines deadlines = new RequestDeadlines();

    @Test
    void aDeadlineFiresOnceItHasPassedAndNotBefore() throws Exception {
        Cancellation c = new Cancellation();
        long start = System.nanoTime();
        deadlines.watch(c, 300);
        long firedAfter = awaitTimedOut(c, start, 300);
        assertTrue(firedAfter >= 300, "fired after " + firedAfter + " ms, before its 300 ms deadline");
    }

    @Test
    void aClosedWatchNeverFires() throws Exception {
        Cancellation closed = new Cancellation();
        deadlines.watch(closed, 200).close();
        Cancellation open = new Cancellation();
        long start = System.nanoTime();
        deadlines.watch(open, 400); // fires after the closed one's deadline has passed
        awaitTimedOut(open, start, 400);
        assertFalse(closed.timedOut(), "a watch closed in time fired");
        assertFalse(closed.cancelled());
    }

    @Test
    void aSoonerDeadlineWakesAThreadSleepingUntilALaterOne() throws Exception {
        Cancellation later = new Cancellation();
        deadlines.watch(later, 60_000);
        Thread.sleep(100); // the thread now sleeps until the 60 s deadline
        Cancellation sooner = new Cancellation();
        long start = System.nanoTime();
        deadlines.watch(sooner, 200);
        awaitTimedOut(sooner, start, 200);
        assertFalse(later.timedOut(), "the later deadline fired with the sooner one");
    }

    @Test
    void aWatchAfterTheThreadWentIdleStillFires() throws Exception {
        Cancellation first = new Cancellation();
        deadlines.watch(first, 100);
        awaitTimedOut(first, System.nanoTime(), 100);
        Thread.sleep(100); // nothing watched: the thread parks until woken
        Cancellation second = new Cancellation();
        long start = System.nanoTime();
        deadlines.watch(second, 150);
        long firedAfter = awaitTimedOut(second, start, 150);
        assertTrue(firedAfter >= 150, "fired after " + firedAfter + " ms, before its 150 ms deadline");
    }

    /**
     * @return milliseconds from {@code startNanos} until {@code c} timed out; fails when that has not
     *         happened {@link #MARGIN_MILLIS} after its {@code timeoutMillis}
     */
    private static long awaitTimedOut(Cancellation c, long startNanos, long timeoutMillis) throws InterruptedException {
        long deadline = startNanos + (timeoutMillis + MARGIN_MILLIS) * 1_000_000L;
        while (!c.timedOut()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the deadline did not fire within " + MARGIN_MILLIS + " ms of its time");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
