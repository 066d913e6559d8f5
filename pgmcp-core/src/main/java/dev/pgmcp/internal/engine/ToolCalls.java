package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.CallScope;
import dev.pgmcp.internal.exec.Cancellation;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.exec.QueryListeners;
import dev.pgmcp.internal.pool.UnknownDatabaseException;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.tools.EngineAccess;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.SchemaCache;
import dev.pgmcp.schema.SchemaUnavailableException;
import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.InputRequiredException;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.Queries;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.Sampler;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolInterceptor;
import dev.pgmcp.spi.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool call through its chain of steps ({@link ToolInterceptor} documents the order): the
 * call's events, the rate limit, the host's interceptors, error mapping (every failure becomes an error
 * result a client may see: the message and SQLSTATE, never a stack trace; unexpected failures are
 * logged in full on the server side only), and the call's scope (database, cancellation, request
 * timeout), which runs the tool.
 */
public final class ToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

    /** The error text of a call a client cancelled. */
    public static final String CANCELLED = "Cancelled: the client cancelled this call; its statement was stopped on the server.";

    /** The error text of a call that was running when the server began to shut down ({@link #stopCalls()}). */
    public static final String STOPPED = "Server shutting down: this call was cancelled and its statement was stopped "
            + "on the server; retry once the server is running again.";

    /** The error text of a call that arrived after the server began to shut down; it did not run. */
    public static final String REFUSED_SHUTTING_DOWN = "Server shutting down: this call was not run; retry once the "
            + "server is running again.";

    private final Databases databases;
    /** Calls in flight that a transport may cancel, by {@link CallInfo#requestKey()}. */
    private final Map<Object, Cancellation> inFlight = new ConcurrentHashMap<>();
    /** Every call in flight, keyed or not, so that shutting down can stop them all; its monitor signals "none left". */
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private final QueryListeners listeners;
    private final RateLimiter rateLimiter;
    private final Duration requestTimeout;
    /** Rate limit, the host's interceptors, error mapping, scope (which runs the tool). */
    private final List<ToolInterceptor> chain;

    /** @param databases the configured databases */
    public ToolCalls(Databases databases) {
        this(databases, QueryListeners.NONE, RateLimiter.UNLIMITED);
    }

    /**
     * @param databases   the configured databases
     * @param listeners   told when each call starts and ends
     * @param rateLimiter checked before each tool runs, per principal
     */
    public ToolCalls(Databases databases, QueryListeners listeners, RateLimiter rateLimiter) {
        this(databases, listeners, rateLimiter, null);
    }

    /**
     * @param databases      the configured databases
     * @param listeners      told when each call starts and ends
     * @param rateLimiter    checked before each tool runs, per principal
     * @param requestTimeout a call still running after this long is cancelled on the server and answers
     *                       with a timeout error; {@code null} for no deadline
     */
    public ToolCalls(Databases databases, QueryListeners listeners, RateLimiter rateLimiter, Duration requestTimeout) {
        this(databases, listeners, rateLimiter, requestTimeout, List.of());
    }

    /**
     * @param databases      the configured databases
     * @param listeners      told when each call starts and ends
     * @param rateLimiter    checked before each tool runs, per principal
     * @param requestTimeout a call still running after this long is cancelled on the server and answers
     *                       with a timeout error; {@code null} for no deadline
     * @param interceptors   the host's interceptors, outermost first (see {@link ToolInterceptor} for where
     *                       they stand among the built-in steps)
     */
    public ToolCalls(Databases databases, QueryListeners listeners, RateLimiter rateLimiter, Duration requestTimeout,
                     List<ToolInterceptor> interceptors) {
        this.requestTimeout = requestTimeout;
        this.databases = databases;
        this.listeners = listeners;
        this.rateLimiter = rateLimiter;
        List<ToolInterceptor> chain = new ArrayList<>();
        chain.add(c -> rateLimit((Link) c));
        chain.addAll(interceptors);
        chain.add(c -> mapErrors((Link) c));
        chain.add(c -> inScope((Link) c));
        this.chain = List.copyOf(chain);
    }

    /** @return the tool's result, or an error result; never throws */
    public ToolResult call(Tool tool, Map<String, Object> arguments) {
        return call(tool, arguments, CallInfo.LOCAL);
    }

    /**
     * @param tool      the tool
     * @param arguments the decoded JSON arguments, may be {@code null}
     * @param call      who is calling and the call's cancellation key
     * @return the tool's result, or an error result (also when the caller's rate limit is spent: the
     *         message says in how many seconds to retry)
     * @throws InputRequiredException when the call's sampler asks the client's model in a later round
     *                                (the only exception that leaves a call)
     */
    public ToolResult call(Tool tool, Map<String, Object> arguments, CallInfo call) {
        QueryListeners.Call audit = listeners.callStarted(tool.name(), requestedDatabase(arguments), call.principal(),
                call.trace());
        ToolResult result;
        try {
            result = new Link(0, tool, arguments, call, new CallState(audit)).proceed();
            if (result == null) {
                throw new IllegalStateException("the call's chain returned no result");
            }
        } catch (InputRequiredException e) {
            audit.outcome(Outcome.INPUT_REQUIRED);
            audit.ended(ToolResult.text("input required: " + e.key()));
            throw e;
        } catch (RuntimeException e) {
            // Only an interceptor of the host's can get here: the tool's failures are mapped inside.
            audit.failed(e);
            LOG.error("an interceptor failed on a call of tool {}", tool.name(), e);
            result = internalError(tool.name(), e);
        }
        audit.ended(result);
        return result;
    }

    private static ToolResult internalError(String tool, Exception e) {
        return ToolResult.error("Internal error in tool " + tool + " (" + e.getClass().getSimpleName()
                + "); details are in the server log.");
    }

    /** The call's steps share these: the audit record, and the cancellation once the call has a scope. */
    private static final class CallState {
        final QueryListeners.Call audit;
        Cancellation cancellation;

        CallState(QueryListeners.Call audit) {
            this.audit = audit;
        }
    }

    /** The chain from one step on: {@link #proceed} runs step {@code index} with the link after it. */
    private final class Link implements ToolInterceptor.Chain {
        final int index;
        final Tool tool;
        final Map<String, Object> arguments;
        final CallInfo call;
        final CallState state;

        Link(int index, Tool tool, Map<String, Object> arguments, CallInfo call, CallState state) {
            this.index = index;
            this.tool = tool;
            this.arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(arguments);
            this.call = call;
            this.state = state;
        }

        @Override
        public String toolName() {
            return tool.name();
        }

        @Override
        public Map<String, Object> arguments() {
            return arguments;
        }

        @Override
        public CallInfo call() {
            return call;
        }

        @Override
        public ToolResult proceed() {
            return proceed(arguments);
        }

        @Override
        public ToolResult proceed(Map<String, Object> replaced) {
            if (index >= chain.size()) {
                throw new IllegalStateException("the tool has already run at the end of the chain");
            }
            ToolResult result = chain.get(index).intercept(new Link(index + 1, tool, replaced, call, state));
            if (result == null) {
                throw new IllegalStateException("an interceptor returned no result");
            }
            return result;
        }
    }

    private ToolResult rateLimit(Link chain) {
        RateLimiter.Verdict verdict = rateLimiter.acquire(chain.call.principal().name());
        if (!verdict.allowed()) {
            LOG.info("{}: rate limit of '{}' reached", chain.toolName(), chain.call.principal().name());
            chain.state.audit.outcome(Outcome.RATE_LIMITED);
            // Ends here: a call over the limit reaches none of the host's interceptors.
            return ToolResult.error(verdict.message());
        }
        return chain.proceed();
    }

    /** The alias a call names, for its events (the default when it names none or a non-string). */
    private String requestedDatabase(Map<String, Object> arguments) {
        return arguments != null && arguments.get("database") instanceof String s ? s : databases.defaultName();
    }

    /** Turns every failure of the rest of the chain into an error result a client may see. */
    private ToolResult mapErrors(Link chain) {
        String name = chain.toolName();
        QueryListeners.Call audit = chain.state.audit;
        try {
            return chain.proceed();
        } catch (InputRequiredException e) {
            throw e; // not a failure: the protocol layer asks the client and the call runs again
        } catch (SqlRejectedException e) {
            audit.failed(e);
            LOG.info("{}: query rejected ({}): {}", name, e.reason(), e.getMessage());
            return ToolResult.error("Query rejected: " + e.getMessage());
        } catch (QueryException e) {
            Cancellation cancellation = chain.state.cancellation;
            if (cancellation != null && cancellation.stopped()) {
                // Checked first: a shutdown may also end the backend (57P01) or beat the deadline.
                audit.outcome(Outcome.CANCELLED);
                LOG.info("{}: cancelled, the server is shutting down", name);
                return ToolResult.error(STOPPED);
            }
            if (cancellation != null && cancellation.timedOut()) {
                audit.outcome(Outcome.CANCELLED);
                LOG.warn("{}: still running after the request timeout of {} ms, cancelled", name,
                        requestTimeout.toMillis());
                return ToolResult.error("Request timeout: the call ran longer than " + requestTimeout.toMillis()
                        + " ms and was cancelled; its statement was stopped on the server. Narrow the query.");
            }
            if (cancellation != null && cancellation.cancelled()) {
                audit.outcome(Outcome.CANCELLED);
                LOG.info("{}: cancelled by the client", name);
                return ToolResult.error(CANCELLED);
            }
            audit.failed(e);
            LOG.info("{}: {}", name, e.describe().replace('\n', ' '));
            return ToolResult.error(e.describe());
        } catch (ToolArgumentException | UnknownDatabaseException e) {
            audit.failed(e);
            return ToolResult.error("Invalid arguments: " + e.getMessage());
        } catch (RoleRefusedException e) {
            audit.failed(e);
            return ToolResult.error(e.getMessage());
        } catch (UnmappedPrincipalException e) {
            audit.failed(e);
            LOG.info("{}: refused: {}", name, e.getMessage());
            return ToolResult.error("Not permitted: " + e.getMessage());
        } catch (SchemaUnavailableException e) {
            audit.failed(e);
            return ToolResult.error("Schema unavailable: " + e.getMessage());
        } catch (Exception e) {
            audit.failed(e);
            // Unexpected: full detail stays in the server log (stderr), the client gets no internals.
            LOG.error("tool {} failed", name, e);
            return internalError(name, e);
        }
    }

    /**
     * The last step: resolves the database, makes the call cancellable (by its request key and at
     * shutdown), arms the request timeout, and runs the tool in its {@link CallScope}.
     */
    private ToolResult inScope(Link chain) {
        Tool tool = chain.tool;
        CallInfo call = chain.call;
        long start = System.nanoTime();
        Cancellation cancellation = null;
        RequestDeadlines.Watch deadline = null;
        Object key = null;
        try {
            if (stopping) {
                // Not even a connection attempt: the pools are about to close.
                chain.state.audit.outcome(Outcome.CANCELLED);
                return ToolResult.error(REFUSED_SHUTTING_DOWN);
            }
            // Per-person roles: an unmapped caller is refused here, before any connection is taken.
            String role = databases.roleFor(call.principal());
            chain.state.audit.role(role);
            Arguments args = new Arguments(chain.arguments());
            DatabaseHandle db = databases.get(args.string("database").orElse(null));
            CallScope.Current current = new CallScope.Current(tool.name(), db.name(), call, new Cancellation(), role);
            cancellation = current.cancellation();
            chain.state.cancellation = cancellation;
            running.add(cancellation);
            if (stopping) {
                // stopCalls() may have gone through the set just before this call joined it.
                cancellation.stop();
            }
            if (call.requestKey() != null && inFlight.putIfAbsent(call.requestKey(), cancellation) == null) {
                key = call.requestKey();
            }
            if (requestTimeout != null) {
                deadline = RequestDeadlines.SHARED.watch(cancellation, requestTimeout.toMillis());
            }
            ToolResult result;
            try {
                result = CallScope.run(current, () -> tool.call(new Context(args, db, call, role)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception checked) {
                // Tool.call declares none; one thrown anyway is a tool's bug, mapped as any other.
                throw new IllegalStateException(checked);
            }
            if (result == null) {
                throw new IllegalStateException("tool " + tool.name() + " returned null");
            }
            LOG.debug("{} done in {} ms", tool.name(), (System.nanoTime() - start) / 1_000_000);
            return result;
        } finally {
            if (deadline != null) {
                deadline.close();
            }
            if (key != null) {
                inFlight.remove(key, cancellation);
            }
            if (cancellation != null) {
                synchronized (running) {
                    running.remove(cancellation);
                    if (running.isEmpty()) {
                        running.notifyAll();
                    }
                }
            }
        }
    }

    /**
     * Begins shutting down: every call in flight is cancelled (its running statement is stopped on the
     * server, see {@link Cancellation}; a later statement of the call is refused) and answers with
     * {@link #STOPPED}; every later call answers with {@link #REFUSED_SHUTTING_DOWN} without running.
     * Returns at once; {@link #awaitIdle} waits for the calls to end. Idempotent, safe from any thread.
     *
     * @return how many calls were in flight
     */
    public int stopCalls() {
        stopping = true;
        int n = 0;
        for (Cancellation c : running) {
            c.stop();
            n++;
        }
        return n;
    }

    /** @return how many calls are in flight now */
    public int inFlight() {
        return running.size();
    }

    /**
     * @param timeout how long to wait at most
     * @return whether no call is in flight any more; {@code false} when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(running, left);
            }
        }
        return true;
    }

    /**
     * Cancels the call in flight with this request key: its running statement is stopped on the
     * server (see {@link Cancellation}), a later statement of the call is refused, and the call
     * returns an error result saying it was cancelled.
     *
     * @param requestKey a {@link CallInfo#requestKey()}
     * @return whether a call with that key was in flight
     */
    public boolean cancel(Object requestKey) {
        Cancellation c = requestKey == null ? null : inFlight.get(requestKey);
        if (c == null) {
            return false;
        }
        c.cancel();
        return true;
    }

    /**
     * @return the context a tool gets: these arguments, on this database, for this caller (also what
     *         start-up checks get, with no arguments), reading the catalog as the login role sees it
     */
    public static ToolContext context(Arguments arguments, DatabaseHandle db, Principal principal) {
        return context(arguments, db, principal, null);
    }

    /**
     * @param role the caller's mapped role, whose view of the catalog the context reads, or {@code null}
     *             for the login role's (statements run as the role of the thread's {@link CallScope})
     * @return the context a tool gets: these arguments, on this database, for this caller
     */
    public static ToolContext context(Arguments arguments, DatabaseHandle db, Principal principal, String role) {
        return new Context(arguments, db, new CallInfo(principal, null), role);
    }

    /** @param role the call's mapped role, or null: the catalog it reads is that role's view */
    private record Context(Arguments arguments, DatabaseHandle db, CallInfo call, String role)
            implements ToolContext, EngineAccess {
        @Override
        public Principal principal() {
            return call.principal();
        }

        @Override
        public Optional<Sampler> sampling() {
            return Optional.ofNullable(call.sampler());
        }

        @Override
        public boolean cancelled() {
            return CallScope.current().map(CallScope.Current::cancellation)
                    .map(c -> c.cancelled() || c.timedOut()).orElse(false);
        }

        @Override
        public String database() {
            return db.name();
        }

        @Override
        public Queries queries() {
            return new DatabaseQueries(db.executor());
        }

        @Override
        public CatalogSnapshot catalog() {
            return db.schema(role).snapshot();
        }

        @Override
        public QueryExecutor executor() {
            return db.executor();
        }

        @Override
        public SchemaCache schemaCache() {
            return db.schema(role);
        }
    }
}
