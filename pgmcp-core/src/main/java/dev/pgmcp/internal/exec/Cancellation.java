package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The cancellation state of one tool call: whether a client cancelled it, and the statement it is
 * running now. The engine creates one per call (in its {@link CallScope}); the executor registers
 * each statement while it runs; {@code PgMcp.cancel} calls {@link #cancel()} from another thread.
 *
 * <p>Cancelling uses pgJDBC's {@link Statement#cancel()}, which sends PostgreSQL a cancel request
 * (a separate connection carrying the backend's pid and secret key; protocol "Canceling Requests in
 * Progress"), so the backend stops the statement with SQLSTATE 57014. pgJDBC only sends it while the
 * statement is executing and waits for it to land before the connection is reused, so a late cancel
 * cannot hit the next borrower's statement. A cancel that arrives between statements marks the call,
 * and its next statement is refused before it is sent.
 *
 * <p>Thread-safe.
 */
public final class Cancellation {

    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    /** SQLSTATE PostgreSQL uses for a cancelled statement ({@code query_canceled}). */
    public static final String QUERY_CANCELED = "57014";

    private Statement running;
    private volatile boolean cancelled;
    private volatile boolean timedOut;
    private volatile boolean stopped;

    /**
     * Cancels the call because it ran past its request deadline (not a client's decision).
     *
     * @return whether a statement was running (and was sent a cancel request)
     */
    public boolean timeOut() {
        timedOut = true;
        return cancel();
    }

    /** @return whether the call was cancelled by {@link #timeOut()} */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * Cancels the call because the server is shutting down (not a client's decision): its statement
     * must not outlive the server, whose pools are about to close.
     *
     * @return whether a statement was running (and was sent a cancel request)
     */
    public boolean stop() {
        stopped = true;
        return cancel();
    }

    /** @return whether the call was cancelled by {@link #stop()} */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Marks the call cancelled and cancels the statement it is running, if any.
     *
     * @return whether a statement was running (and was sent a cancel request)
     */
    public boolean cancel() {
        Statement statement;
        synchronized (this) {
            cancelled = true;
            statement = running;
        }
        if (statement == null) {
            return false;
        }
        try {
            statement.cancel(); // outside the lock: it opens a connection to the server
        } catch (SQLException e) {
            LOG.debug("cancel request failed: {}", e.getMessage());
        }
        return true;
    }

    /** @return whether {@link #cancel()} was called */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Registers the statement the call runs now, until the returned handle is closed.
     *
     * @param statement a statement about to execute
     * @return closes the registration (never throws)
     * @throws QueryException with SQLSTATE 57014 when the call was cancelled already
     */
    Running track(Statement statement) {
        synchronized (this) {
            throwIfCancelled();
            running = statement;
        }
        return () -> {
            synchronized (this) {
                if (running == statement) {
                    running = null;
                }
            }
        };
    }

    /** @throws QueryException with SQLSTATE 57014 when the call was cancelled */
    void throwIfCancelled() {
        if (cancelled) {
            throw new QueryException(QUERY_CANCELED, "canceling statement due to user request", null, null, false);
        }
    }

    /** A registration of a running statement. */
    @FunctionalInterface
    interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
