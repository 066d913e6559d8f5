package dev.pgmcp;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.audit.AuditLog;
import dev.pgmcp.internal.engine.DatabaseHandle;
import dev.pgmcp.internal.engine.Databases;
import dev.pgmcp.internal.engine.RateLimiter;
import dev.pgmcp.internal.engine.ToolCalls;
import dev.pgmcp.internal.exec.CallScope;
import dev.pgmcp.internal.exec.Cancellation;
import dev.pgmcp.internal.exec.QueryListeners;
import dev.pgmcp.internal.resources.BuiltinResources;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.internal.tools.BuiltinTools;
import dev.pgmcp.internal.tools.SchemaViews;
import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.Prompt;
import dev.pgmcp.spi.PromptMessage;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.StartupCheck;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolInterceptor;
import dev.pgmcp.spi.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * pgmcp's engine, independent of any transport: the configured databases, the tools (built-in,
 * discovered through {@link ServiceLoader}, and added by the host application; only those
 * {@code PGMCP_TOOLS} names when it is set), the prompts
 * (discovered and added likewise; none are built in) and the resources.
 * A transport (stdio, HTTP) exposes it over MCP; a host application can also call it directly.
 *
 * <pre>{@code
 * PgMcp pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", "postgresql://reader@db/app").build())
 *         .addTool(new MyTool())
 *         .build();
 * }</pre>
 *
 * <p>Every tool call passes the caller's rate limit ({@code PGMCP_RATE_LIMIT_PER_MINUTE/_PER_HOUR})
 * and is reported, with the statements it runs, to the {@link QueryListener}s: the built-in audit log
 * ({@code PGMCP_AUDIT_LOG}), listeners found through {@link ServiceLoader}, and those added on the
 * builder (e.g. {@code dev.pgmcp.metrics.PgMcpMetrics}), and passes the {@link ToolInterceptor}s added on
 * the builder (quotas, tracing, masking).
 *
 * <p>Thread-safe. Nothing connects to a database until a call needs it. Close it to close the pools
 * and the audit log file.
 */
public final class PgMcp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgMcp.class);

    private final PgMcpConfig config;
    private final Databases databases;
    private final Map<String, Tool> tools;
    private final Map<String, Prompt> prompts;
    private final List<ResourceDefinition> resources;
    private final ToolCalls calls;
    private final AuditLog auditLog;
    private final QueryListeners listeners;
    private volatile boolean closed; // set under this and under startUpChecks
    /** Guards {@link #checksRunning}; {@link #close()} waits on it. */
    private final Object startUpChecks = new Object();
    /** How many {@link #checkAtStartUp()} run now. Guarded by {@link #startUpChecks}. */
    private int checksRunning;

    /**
     * How long {@link #close()} waits for cancelled calls to end. A cancel lands in milliseconds; the
     * bound is for a call that waits on something else (a connection attempt, a model endpoint).
     */
    public static final int CLOSE_WAIT_SECONDS = 5;

    private PgMcp(Builder b) {
        this.config = b.config;
        Map<String, Tool> byName = new LinkedHashMap<>();
        List<Tool> all = new ArrayList<>(BuiltinTools.all());
        if (b.discover) {
            for (Tool t : ServiceLoader.load(Tool.class, b.classLoader)) {
                all.add(t);
            }
        }
        all.addAll(b.tools);
        for (Tool t : all) {
            String name = t.name();
            if (name == null || !name.matches(PgMcpConfig.TOOL_NAME)) {
                throw new IllegalArgumentException("tool " + t.getClass().getName() + " has an invalid name '" + name
                        + "' (letters, digits, _ . -; at most 128; starting with a letter)");
            }
            Tool previous = byName.putIfAbsent(name, t);
            if (previous != null) {
                throw new IllegalArgumentException("two tools are named '" + name + "': "
                        + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        this.tools = Collections.unmodifiableMap(selected(byName, config.tools()));
        this.prompts = prompts(b);
        List<QueryListener> listening = new ArrayList<>();
        if (b.discoverListeners) {
            ServiceLoader.load(QueryListener.class, b.classLoader).forEach(listening::add);
        }
        listening.addAll(b.listeners);
        // Opened last, so that a bad tool or listener cannot leak the audit file; it still runs first.
        this.auditLog = AuditLog.open(config).orElse(null);
        if (auditLog != null) {
            listening.add(0, auditLog);
        }
        this.listeners = QueryListeners.of(listening);
        try {
            this.databases = new Databases(config, listeners, b.poolMetrics);
        } catch (RuntimeException e) {
            // An authentication method no module offers: do not leak the audit log file.
            if (auditLog != null) {
                auditLog.close();
            }
            throw e;
        }
        this.resources = BuiltinResources.all(databases);
        this.calls = new ToolCalls(databases, listeners, RateLimiter.of(config), config.requestTimeout(),
                List.copyOf(b.interceptors));
        LOG.info("pgmcp ready: {} tools, {} prompts, databases {}", tools.size(), prompts.size(), databases.names());
    }

    /**
     * @return the tools {@code PGMCP_TOOLS} names, in listing order; all of them when it names none
     * @throws ConfigException when it names a tool that does not exist
     */
    private static Map<String, Tool> selected(Map<String, Tool> all, Set<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        List<String> unknown = names.stream().filter(n -> !all.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException("PGMCP_TOOLS", (unknown.size() == 1 ? "no tool is named " : "no tools are named ")
                    + unknown.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                    + "; available: " + String.join(", ", all.keySet()));
        }
        Map<String, Tool> kept = new LinkedHashMap<>();
        all.forEach((name, tool) -> {
            if (names.contains(name)) {
                kept.put(name, tool);
            }
        });
        return kept;
    }

    private static Map<String, Prompt> prompts(Builder b) {
        List<Prompt> all = new ArrayList<>();
        if (b.discover) {
            ServiceLoader.load(Prompt.class, b.classLoader).forEach(all::add);
        }
        all.addAll(b.prompts);
        Map<String, Prompt> byName = new LinkedHashMap<>();
        for (Prompt p : all) {
            String name = p.name();
            if (name == null || !name.matches("[a-zA-Z][a-zA-Z0-9_.-]{0,127}")) {
                throw new IllegalArgumentException("prompt " + p.getClass().getName() + " has an invalid name '" + name
                        + "' (letters, digits, _ . -; at most 128; starting with a letter)");
            }
            Prompt previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                throw new IllegalArgumentException("two prompts are named '" + name + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * @param config the sealed configuration
     * @return a builder; built-in tools are always present, ServiceLoader discovery is on by default
     */
    public static Builder builder(PgMcpConfig config) {
        return new Builder(config);
    }

    /** @return the configuration */
    public PgMcpConfig config() {
        return config;
    }

    /** @return every tool served, by name, in listing order (only those {@code PGMCP_TOOLS} names, when set) */
    public Map<String, Tool> tools() {
        return tools;
    }

    /** @return every prompt, by name, in listing order (empty unless discovered or added) */
    public Map<String, Prompt> prompts() {
        return prompts;
    }

    /**
     * Renders a prompt ({@code prompts/get}).
     *
     * @param name      the prompt's name
     * @param arguments the client's arguments (string values), may be {@code null}
     * @return the rendered messages
     * @throws IllegalArgumentException            when no prompt has that name
     * @throws dev.pgmcp.spi.ToolArgumentException when an argument is missing or invalid
     */
    public List<PromptMessage> getPrompt(String name, Map<String, Object> arguments) {
        Prompt prompt = prompts.get(name);
        if (prompt == null) {
            throw new IllegalArgumentException("unknown prompt '" + name + "'");
        }
        return List.copyOf(prompt.render(new Arguments(arguments)));
    }

    /**
     * Suggests values for a prompt's argument ({@code completion/complete}, MCP "Completion"), from the
     * prompt's {@link Prompt#complete}. A prompt whose completion fails (the database is down, say)
     * suggests nothing; the failure goes to the log.
     *
     * @param name      the prompt's name
     * @param argument  the argument's name
     * @param prefix    what the user typed so far
     * @param principal who asks (completions read the database as that caller)
     * @return at most {@value Prompt#MAX_COMPLETIONS} values
     * @throws IllegalArgumentException when no prompt has that name
     */
    public List<String> completePrompt(String name, String argument, String prefix, dev.pgmcp.spi.Principal principal) {
        Prompt prompt = prompts.get(name);
        if (prompt == null) {
            throw new IllegalArgumentException("unknown prompt '" + name + "'");
        }
        try {
            List<String> values = prompt.complete(argument, prefix == null ? "" : prefix,
                    dev.pgmcp.internal.engine.ToolCalls.context(new Arguments(Map.of()), databases.get(null), principal,
                            databases.roleFor(principal)));
            return values.size() <= Prompt.MAX_COMPLETIONS ? List.copyOf(values)
                    : List.copyOf(values.subList(0, Prompt.MAX_COMPLETIONS));
        } catch (RuntimeException e) {
            LOG.warn("prompt {}: completing {} failed: {}", name, argument, e.getMessage());
            return List.of();
        }
    }

    /**
     * Suggests values for a resource template's variable ({@code completion/complete} with a
     * {@code ref/resource} reference), with no variable resolved yet: as
     * {@link #completeTemplate(String, String, String, Map)} with an empty context.
     *
     * @param uriTemplate the template, as {@link #resources()} lists it
     * @param variable    the variable's name
     * @param prefix      what the user typed so far
     * @return matching values, sorted; none for templates and variables that have no suggestions
     */
    public List<String> completeTemplate(String uriTemplate, String variable, String prefix) {
        return completeTemplate(uriTemplate, variable, prefix, Map.of());
    }

    /**
     * Suggests values for a resource template's variable ({@code completion/complete} with a
     * {@code ref/resource} reference, MCP 2025-06-18 "Completion"), case-insensitively by prefix:
     * <ul>
     *   <li>{@code {database}}: the configured aliases;</li>
     *   <li>{@code {table}} (of {@code schema://{database}/{table}}): the visible tables and views of the
     *       database {@code resolved} names under {@code database} (else the default one), as
     *       {@code describe_table} takes them: {@code orders} for schema {@code public}, {@code sales.orders}
     *       otherwise (also {@code public.orders} once the prefix is qualified so). Relations the
     *       relation policy hides are not offered. A database that is not configured, or cannot be
     *       read now, gives none (the failure goes to the log).</li>
     * </ul>
     *
     * @param uriTemplate the template, as {@link #resources()} lists it
     * @param variable    the variable's name
     * @param prefix      what the user typed so far; {@code null} for nothing
     * @param resolved    the template's variables the client already resolved ({@code context.arguments}),
     *                    by name, e.g. {@code {"database": "analytics"}}; {@code null} for none
     * @return at most {@value Prompt#MAX_COMPLETIONS} matching values, sorted; none for templates and
     *         variables that have no suggestions
     */
    public List<String> completeTemplate(String uriTemplate, String variable, String prefix, Map<String, String> resolved) {
        return completeTemplate(uriTemplate, variable, prefix, resolved, Principal.LOCAL);
    }

    /**
     * Suggests values for a resource template's variable, as {@link #completeTemplate(String, String, String, Map)},
     * for one caller: {@code {table}} offers only the relations that caller's database role may see
     * (per-person roles); a caller the role mapping refuses is offered nothing.
     *
     * @param uriTemplate the template, as {@link #resources()} lists it
     * @param variable    the variable's name
     * @param prefix      what the user typed so far; {@code null} for nothing
     * @param resolved    the template's variables the client already resolved, by name; {@code null} for none
     * @param principal   who asks
     * @return at most {@value Prompt#MAX_COMPLETIONS} matching values, sorted
     */
    public List<String> completeTemplate(String uriTemplate, String variable, String prefix, Map<String, String> resolved,
                                         Principal principal) {
        String typed = prefix == null ? "" : prefix;
        if (variable == null || resources.stream().noneMatch(r -> r.template() && r.uri().equals(uriTemplate)
                && r.uri().contains("{" + variable + "}"))) {
            return List.of();
        }
        switch (variable) {
            case "database" -> {
                String p = typed.toLowerCase(java.util.Locale.ROOT);
                return databases.names().stream().filter(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith(p))
                        .sorted().limit(Prompt.MAX_COMPLETIONS).toList();
            }
            case "table" -> {
                String database = resolved == null ? null : resolved.get("database");
                try {
                    return SchemaViews.names(databases.get(database).schema(databases.roleFor(principal)).snapshot(),
                            typed, Prompt.MAX_COMPLETIONS);
                } catch (dev.pgmcp.internal.pool.UnknownDatabaseException e) {
                    return List.of(); // a typo in the other variable: nothing to suggest, nothing failed
                } catch (dev.pgmcp.internal.engine.UnmappedPrincipalException e) {
                    return List.of(); // refused by the role mapping: not even the names
                } catch (RuntimeException e) {
                    LOG.warn("{}: completing table failed: {}", uriTemplate, e.getMessage());
                    return List.of();
                }
            }
            default -> {
                return List.of();
            }
        }
    }

    /**
     * Runs the {@link StartupCheck} of every tool and prompt that has one, against the default
     * database, so that a misconfigured tool stops the start instead of failing its first call. Call
     * it before serving (the launcher does). When the database cannot be reached now, the checks are
     * skipped with a warning (a tool then checks on its first call). It may run on a thread of its own
     * while the engine serves: {@link #close()} waits for it to end before it closes the pools (a check
     * reads the catalog, which a closed pool would cut off mid-statement), and once {@code close()} has
     * begun it checks nothing and returns at once.
     *
     * @throws dev.pgmcp.config.ConfigException when a tool is misconfigured (the message names what is missing)
     * @throws QueryException                   when a check's statement fails for another reason than
     *                                          an unreachable database
     * @throws IllegalStateException            when a check fails otherwise
     * @throws dev.pgmcp.internal.security.RoleRefusedException when the default database's role is refused
     */
    public void checkAtStartUp() {
        synchronized (startUpChecks) {
            if (closed) {
                return;
            }
            checksRunning++;
        }
        try {
            runStartUpChecks();
        } finally {
            synchronized (startUpChecks) {
                checksRunning--;
                startUpChecks.notifyAll();
            }
        }
    }

    private void runStartUpChecks() {
        List<Object> all = new ArrayList<>(tools.values());
        all.addAll(prompts.values());
        DatabaseHandle db;
        try {
            // Passing the role gate needs a connection: a database that is down now must not stop the
            // start (its calls answer "Database unavailable ..." until it is back), so neither may this.
            db = databases.get(null);
        } catch (QueryException e) {
            if (!e.connectionProblem()) {
                throw e;
            }
            LOG.warn("database '{}' cannot be reached now ({}); start-up checks skipped", databases.defaultName(),
                    e.describe().replace('\n', ' '));
            return;
        }
        // With per-person roles, the checks run as the local process's role when one is mapped (its catalog,
        // its statements), else as the login role.
        String role = databases.roleFor(Principal.LOCAL);
        ToolContext context = ToolCalls.context(new Arguments(null), db, Principal.LOCAL, role);
        CallScope.Current scope = role == null ? null
                : new CallScope.Current("startup_check", db.name(), CallInfo.LOCAL, new Cancellation(), role);
        for (Object o : all) {
            if (!(o instanceof StartupCheck check)) {
                continue;
            }
            try {
                if (scope == null) {
                    check.checkAtStartUp(context);
                } else {
                    CallScope.run(scope, () -> {
                        check.checkAtStartUp(context);
                        return null;
                    });
                }
            } catch (QueryException e) {
                if (!e.connectionProblem()) {
                    throw e;
                }
                LOG.warn("{}: database '{}' cannot be reached now ({}); start-up check skipped", o.getClass().getName(),
                        db.name(), e.describe().replace('\n', ' '));
                return;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(o.getClass().getName() + ": start-up check failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @return the resources and resource templates (engine access for the protocol layer: the type is
     *         internal, as {@link #database}'s)
     */
    public List<ResourceDefinition> resources() {
        return resources;
    }

    /**
     * The input schema clients are shown for a tool: the tool's own, plus an optional
     * {@code database} property, {@code {"type":"string","enum":[aliases]}}: one of the configured
     * aliases, the first (the default database) when absent. It is in every tool's schema, so it
     * takes no description; with a single database the enum would only repeat the default, so it is
     * left out ({@code {"type":"string"}}). A tool that declares {@code database} itself keeps its
     * own keywords and gets the aliases as its enum. Every call accepts {@code database} (see
     * {@link #callTool}); an alias that is not configured is an error result naming the configured ones.
     *
     * @param tool one of {@link #tools()}
     * @return a JSON Schema object as plain maps
     */
    public Map<String, Object> inputSchema(Tool tool) {
        Map<String, Object> schema = new LinkedHashMap<>(tool.inputSchema());
        Object props = schema.get("properties");
        Map<String, Object> properties = new LinkedHashMap<>();
        if (props instanceof Map<?, ?> m) {
            m.forEach((k, v) -> properties.put(String.valueOf(k), v));
        }
        Map<String, Object> database = new LinkedHashMap<>();
        if (properties.get("database") instanceof Map<?, ?> declared) {
            // The tool describes the argument itself; the configured names are only known here.
            declared.forEach((k, v) -> database.put(String.valueOf(k), v));
        } else {
            // Every tool carries it: the name and the aliases say all a model needs.
            database.put("type", "string");
        }
        if (databases.names().size() > 1) {
            database.putIfAbsent("enum", List.copyOf(databases.names()));
        }
        properties.put("database", database);
        schema.put("properties", properties);
        return schema;
    }

    /**
     * Calls a tool. Never throws for the tool's own failures: they come back as error results
     * ({@link ToolResult#error()}) with a message fit for the client.
     *
     * @param name      the tool's name
     * @param arguments the call's arguments (decoded JSON), may be {@code null}
     * @return the result
     * @throws IllegalArgumentException when no tool has that name
     */
    public ToolResult callTool(String name, Map<String, Object> arguments) {
        return callTool(name, arguments, CallInfo.LOCAL);
    }

    /**
     * Calls a tool on behalf of a caller (transports pass the authenticated principal and the
     * request's cancellation key). Never throws for the tool's own failures.
     *
     * @param name      the tool's name
     * @param arguments the call's arguments (decoded JSON), may be {@code null}
     * @param call      who is calling, and the key {@code cancel} would use
     * @return the result
     * @throws IllegalArgumentException when no tool has that name
     * @throws dev.pgmcp.spi.InputRequiredException when the call's {@link CallInfo#sampler()} defers a
     *                                              question to a later round (multi round-trip requests)
     */
    public ToolResult callTool(String name, Map<String, Object> arguments, CallInfo call) {
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new IllegalArgumentException("unknown tool '" + name + "'");
        }
        return calls.call(tool, arguments, java.util.Objects.requireNonNull(call, "call"));
    }

    /**
     * Cancels a call in flight, as a client's {@code notifications/cancelled} asks (MCP
     * "Cancellation"): the statement the call is running is cancelled on the server (pgJDBC sends
     * PostgreSQL a cancel request, so the backend stops), a later statement of the call is refused,
     * and the call returns an error result saying it was cancelled. Safe from any thread.
     *
     * @param requestKey the {@link CallInfo#requestKey()} the call was made with
     * @return whether a call with that key was in flight (false for unknown, finished or {@code null} keys)
     */
    public boolean cancel(Object requestKey) {
        return calls.cancel(requestKey);
    }

    /**
     * Engine access for pgmcp's own modules (the protocol layer, the transports' readiness checks, the
     * launcher's role report): the returned type is internal and changes without notice. A host tool
     * gets what it needs from its {@link dev.pgmcp.spi.ToolContext}.
     *
     * @param name a database alias, or {@code null} for the default
     * @return that database's executor and schema cache (opened on first use)
     * @throws dev.pgmcp.internal.pool.UnknownDatabaseException when no database has that alias
     */
    public DatabaseHandle database(String name) {
        return databases.get(name);
    }

    /** @return the configured databases (engine access for pgmcp's own modules, as {@link #database}) */
    public Databases databases() {
        return databases;
    }

    /** @return every listener told about calls and statements, in call order (the audit log first) */
    public List<QueryListener> listeners() {
        return listeners.listeners();
    }

    /**
     * Begins shutting down: every tool call in flight is cancelled (its running statement is stopped on
     * the server, as {@link #cancel} does) and answers with an error result saying the server is
     * shutting down; every later call answers so without running. The pools stay open until
     * {@link #close()}. A transport calls this once its grace period for calls in flight is over, so
     * that the answers can still be sent before it closes. Idempotent; safe from any thread.
     *
     * @return how many calls were in flight
     */
    public int stopCalls() {
        return calls.stopCalls();
    }

    /**
     * Waits for the tool calls in flight to end (for a transport's grace period at shutdown).
     *
     * @param timeout how long to wait at most
     * @return whether none is in flight any more; {@code false} when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitCalls(Duration timeout) throws InterruptedException {
        return calls.awaitIdle(timeout);
    }

    /** @return how many tool calls are in flight now */
    public int callsInFlight() {
        return calls.inFlight();
    }

    /**
     * Stops every call in flight ({@link #stopCalls()}), waits up to {@value #CLOSE_WAIT_SECONDS} s for
     * them to end, and as long again for a {@link #checkAtStartUp()} running on another thread, then
     * closes every connection pool and the audit log file. Closing a pool only drops
     * its connections, and PostgreSQL goes on running a statement whose client went away until the
     * statement ends or times out; cancelling first is what stops the work on the server. Idempotent;
     * a concurrent second call waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        synchronized (startUpChecks) {
            closed = true;
        }
        int stopped = stopCalls();
        if (stopped > 0) {
            LOG.info("closing: {} call(s) in flight cancelled", stopped);
            try {
                if (!awaitCalls(Duration.ofSeconds(CLOSE_WAIT_SECONDS))) {
                    LOG.warn("closing: {} call(s) still running after {} s; closing the pools anyway",
                            calls.inFlight(), CLOSE_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        awaitStartUpChecks();
        databases.close();
        if (auditLog != null) {
            auditLog.close();
        }
    }

    /** Waits up to {@value #CLOSE_WAIT_SECONDS} s for the start-up checks running now to end. */
    private void awaitStartUpChecks() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        synchronized (startUpChecks) {
            try {
                while (checksRunning > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("closing: the start-up checks still run after {} s; closing the pools anyway",
                                CLOSE_WAIT_SECONDS);
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(startUpChecks, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link PgMcp}. */
    public static final class Builder {
        private final PgMcpConfig config;
        private final List<Tool> tools = new ArrayList<>();
        private final List<Prompt> prompts = new ArrayList<>();
        private boolean discover = true;
        private final List<QueryListener> listeners = new ArrayList<>();
        private final List<ToolInterceptor> interceptors = new ArrayList<>();
        private boolean discoverListeners = true;
        private MetricsTrackerFactory poolMetrics;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();

        private Builder(PgMcpConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /** Adds a host application's tool (names must be unique across all tools). */
        public Builder addTool(Tool tool) {
            tools.add(java.util.Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Adds a host application's prompt (names must be unique across all prompts). */
        public Builder addPrompt(Prompt prompt) {
            prompts.add(java.util.Objects.requireNonNull(prompt, "prompt"));
            return this;
        }

        /**
         * @param discover whether to add tools listed in {@code META-INF/services/dev.pgmcp.spi.Tool} and
         *                 prompts listed in {@code META-INF/services/dev.pgmcp.spi.Prompt} (default true)
         */
        public Builder discoverTools(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Adds a listener told about every tool call and statement (see {@link QueryListener} for the
         * call order); listeners run in the order added, after the built-in audit log and discovered ones.
         */
        public Builder addListener(QueryListener listener) {
            listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds an interceptor every tool call passes (see {@link ToolInterceptor} for where it stands among
         * the built-in steps: after the rate limit, around error mapping and the tool); interceptors run in
         * the order added, the first added outermost.
         */
        public Builder addInterceptor(ToolInterceptor interceptor) {
            interceptors.add(java.util.Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * @param discover whether to add listeners listed in
         *                 {@code META-INF/services/dev.pgmcp.spi.QueryListener} (default true)
         */
        public Builder discoverListeners(boolean discover) {
            this.discoverListeners = discover;
            return this;
        }

        /**
         * @param factory HikariCP's metrics binding every connection pool reports to (for Micrometer:
         *                {@code PgMcpMetrics.poolMetrics()}), or {@code null} for none (default)
         */
        public Builder poolMetrics(MetricsTrackerFactory factory) {
            this.poolMetrics = factory;
            return this;
        }

        /** @param classLoader where ServiceLoader looks for tools and listeners (default: the thread's context class loader) */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /**
         * @return the engine
         * @throws IllegalArgumentException when two tools (or two prompts) share a name or a name is invalid
         * @throws ConfigException when the audit log file cannot be opened, or when the configuration's
         *                         {@link PgMcpConfig#tools()} ({@code PGMCP_TOOLS}) names a tool that
         *                         none of the built-in, discovered and added tools is (the message lists
         *                         the unknown names and the available ones)
         */
        public PgMcp build() {
            return new PgMcp(this);
        }
    }
}
