package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Truncation;

import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.spi.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fans events out to the registered {@link QueryListener}s, in order, and keeps them from hurting a
 * call: a listener that throws is logged (stderr) and the next one still runs. With no listener it
 * does nothing and costs nothing (no timing, no size estimate).
 *
 * <p>The engine fires tool-call events ({@link #callStarted}); the {@link QueryExecutor} fires
 * statement events ({@link #statement}, {@link #validation}) through a copy bound to its database
 * ({@link #forDatabase}), taking the tool and principal from {@link CallScope#current()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class QueryListeners {

    private static final Logger LOG = LoggerFactory.getLogger(QueryListeners.class);

    /** Longest error summary handed to listeners, in characters. */
    static final int MAX_ERROR_CHARS = 300;

    /** No listener. */
    public static final QueryListeners NONE = new QueryListeners(List.of(), null);

    private final List<QueryListener> listeners;
    private final String database;

    private QueryListeners(List<QueryListener> listeners, String database) {
        this.listeners = listeners;
        this.database = database;
    }

    /** @param listeners the listeners, in the order they are to be called */
    public static QueryListeners of(List<? extends QueryListener> listeners) {
        return listeners.isEmpty() ? NONE : new QueryListeners(List.copyOf(listeners), null);
    }

    /** @return the same listeners, for the executor of database {@code database} (alias) */
    public QueryListeners forDatabase(String database) {
        return new QueryListeners(listeners, database);
    }

    /** @return whether there is no listener */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** @return the listeners, in call order */
    public List<QueryListener> listeners() {
        return listeners;
    }

    // ---- tool calls --------------------------------------------------------------------------

    /**
     * Fires {@link QueryListener#toolCallStarted} and returns the handle that fires the end.
     *
     * @param tool      the tool's name
     * @param database  the alias the call asked for
     * @param principal the caller
     * @param trace     the request's trace context, or {@code null}
     */
    public Call callStarted(String tool, String database, Principal principal, dev.pgmcp.spi.TraceContext trace) {
        if (listeners.isEmpty()) {
            return new Call(null, 0);
        }
        ToolCallEvent start = ToolCallEvent.started(tool, database, principal, trace);
        fire(l -> l.toolCallStarted(start));
        return new Call(start, System.nanoTime());
    }

    /** One tool call in progress: records how it failed, then fires its end event once. */
    public final class Call {
        private final ToolCallEvent start;
        private final long startNanos;
        private Outcome outcome;
        private String role;

        private Call(ToolCallEvent start, long startNanos) {
            this.start = start;
            this.startNanos = startNanos;
        }

        /** Records why the call is failing (the outcome of {@code failure}, see {@link #outcomeOf}). */
        public void failed(Throwable failure) {
            outcome(outcomeOf(failure));
        }

        /** Records the call's outcome explicitly (e.g. {@link Outcome#RATE_LIMITED}). */
        public void outcome(Outcome outcome) {
            this.outcome = outcome;
        }

        /** @param role the database role the call runs as (per-person roles), or {@code null} for the login role */
        public void role(String role) {
            this.role = role;
        }

        /**
         * Fires {@link QueryListener#toolCallEnded}. The outcome is the recorded one, else
         * {@code error} for an error result, else {@code ok}.
         *
         * @param result what the client gets
         */
        public void ended(ToolResult result) {
            if (start == null) {
                return;
            }
            Outcome o = outcome != null ? outcome : result.error() ? Outcome.ERROR : Outcome.OK;
            ToolCallEvent end = start.withRole(role).ended(millisSince(startNanos), o,
                    o == Outcome.OK ? null : summary(result.text()));
            fire(l -> l.toolCallEnded(end));
        }
    }

    // ---- statements --------------------------------------------------------------------------

    /**
     * Runs a statement between {@link QueryListener#statementStarted} and
     * {@link QueryListener#statementEnded}.
     *
     * @param sql            the SQL text sent (never the parameter values)
     * @param parameterCount how many values are bound
     * @param body           runs the statement
     * @return what {@code body} returns
     * @throws RuntimeException whatever {@code body} throws, after the end event
     */
    public QueryResult statement(String sql, int parameterCount, Supplier<QueryResult> body) {
        if (listeners.isEmpty()) {
            return body.get();
        }
        StatementEvent start = startEvent(sql, parameterCount);
        fire(l -> l.statementStarted(start));
        long t0 = System.nanoTime();
        QueryResult r;
        try {
            r = body.get();
        } catch (RuntimeException e) {
            StatementEvent end = failedEvent(start, millisSince(t0), e);
            fire(l -> l.statementEnded(end));
            throw e;
        }
        StatementEvent end = start.succeeded(millisSince(t0), r.rowCount(), r.estimatedBytes(), r.truncated(),
                r.truncated() ? r.truncation().stream().map(Truncation::label)
                        .collect(java.util.stream.Collectors.joining(",")) : null);
        fire(l -> l.statementEnded(end));
        return r;
    }

    /**
     * Runs the validation of caller SQL: when it throws {@link SqlRejectedException}, fires a
     * statement start and end ({@code rejected}, with the reason) before rethrowing; when it passes,
     * fires nothing (the statement's own events follow when it runs).
     *
     * @param sql            the caller's SQL text
     * @param parameterCount how many values the caller gave
     * @param validation     the validation
     * @return what {@code validation} returns
     * @throws SqlRejectedException from {@code validation}
     */
    public <T> T validation(String sql, int parameterCount, Supplier<T> validation) {
        try {
            return validation.get();
        } catch (SqlRejectedException e) {
            if (!listeners.isEmpty()) {
                StatementEvent start = startEvent(sql, parameterCount);
                fire(l -> l.statementStarted(start));
                StatementEvent end = failedEvent(start, 0, e);
                fire(l -> l.statementEnded(end));
            }
            throw e;
        }
    }

    private StatementEvent startEvent(String sql, int parameterCount) {
        CallScope.Current call = CallScope.current().orElse(null);
        return call == null
                ? StatementEvent.started(null, database, Principal.LOCAL, sql, parameterCount)
                : StatementEvent.started(call.tool(), database != null ? database : call.database(),
                call.call().principal(), sql, parameterCount, call.role());
    }

    private static StatementEvent failedEvent(StatementEvent start, long millis, RuntimeException e) {
        String state = e instanceof QueryException q ? q.sqlState() : null;
        String reason = e instanceof SqlRejectedException r ? r.reason().name().toLowerCase(Locale.ROOT) : null;
        return start.failed(millis, outcomeOf(e), state, reason, summary(e.getMessage()));
    }

    // ---- shared ------------------------------------------------------------------------------

    /**
     * Classifies a failure: {@code rejected} for {@link SqlRejectedException}, {@code cancelled} for a
     * statement PostgreSQL cancelled at a client's request (SQLSTATE 57014 "canceling statement due
     * to user request"; a {@code statement_timeout} has the same SQLSTATE and stays an error) or a
     * {@link CancellationException}, {@code error} for everything else.
     */
    public static Outcome outcomeOf(Throwable failure) {
        if (failure instanceof SqlRejectedException) {
            return Outcome.REJECTED;
        }
        if (failure instanceof CancellationException) {
            return Outcome.CANCELLED;
        }
        if (failure instanceof QueryException q && "57014".equals(q.sqlState()) && q.getMessage() != null
                && q.getMessage().contains("user request")) {
            return Outcome.CANCELLED;
        }
        return Outcome.ERROR;
    }

    /** First line, at most {@link #MAX_ERROR_CHARS} characters. */
    static String summary(String message) {
        if (message == null) {
            return null;
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void fire(Consumer<QueryListener> event) {
        for (QueryListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException | LinkageError e) {
                // A broken listener must never break a call (nor hide the other listeners).
                LOG.warn("query listener {} failed: {}", l.getClass().getName(), e.toString(), e);
            }
        }
    }
}
