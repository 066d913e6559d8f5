package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.http.auth.Authenticator;
import dev.pgmcp.http.auth.JwtAuthenticator;
import dev.pgmcp.http.auth.NoAuthenticator;
import dev.pgmcp.http.auth.StaticTokenAuthenticator;
import dev.pgmcp.mcp.McpProtocol;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * pgmcp's HTTP endpoint as servlets and filters that any Jakarta Servlet 6 container can mount: the
 * standalone {@link PgMcpHttpServer} and a host application's own Jetty use the same object.
 *
 * <p>Paths, relative to the servlet context:
 * <ul>
 *   <li>{@code /mcp} (configurable): MCP Streamable HTTP for both protocol eras ({@link McpServlet}):
 *       2026-07-28 requests stand alone; 2025-11-25, 2025-06-18 and 2025-03-26 clients get a session
 *       ({@code Mcp-Session-Id}) when the endpoint is stateful;</li>
 *   <li>{@code /sse} and {@code /messages}: the legacy HTTP+SSE transport (2024-11-05), when enabled;</li>
 *   <li>{@code /health} (liveness) and {@code /ready} (a pooled connection within 2 s), unauthenticated;</li>
 *   <li>{@code /.well-known/oauth-protected-resource[/mcp]}: RFC 9728 metadata, with OAuth;</li>
 *   <li>{@code /metrics}: Prometheus text from the host's supplier, authenticated, when one is given.</li>
 * </ul>
 * Every path passes the access log and the Host/Origin/body-size guard; the MCP, SSE and metrics paths
 * are authenticated, and the MCP paths are admission-controlled (in-flight and session caps, draining;
 * a request counts once its body has arrived).
 *
 * <p>Embedding in a host's Jetty:
 * <pre>{@code
 * PgMcpHttpEndpoint mcp = PgMcpHttpEndpoint.builder(engine).settings(settings).build();
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addServletContainerInitializer(mcp.initializer());
 * }</pre>
 * Close the endpoint (after {@link #drain}) when the host stops; the engine stays the caller's.
 */
public final class PgMcpHttpEndpoint implements AutoCloseable {

    /** Request attribute holding the authenticated {@link dev.pgmcp.spi.Principal}. */
    public static final String PRINCIPAL_ATTRIBUTE = "dev.pgmcp.principal";
    /** Legacy HTTP+SSE: the event stream path. */
    public static final String SSE_PATH = "/sse";
    /** Legacy HTTP+SSE: the path clients POST messages to. */
    public static final String MESSAGES_PATH = "/messages";
    /** Liveness path. */
    public static final String HEALTH_PATH = "/health";
    /** Readiness path. */
    public static final String READY_PATH = "/ready";
    /** Prometheus scrape path. */
    public static final String METRICS_PATH = "/metrics";
    /** How often the SDK closes sessions that saw no request; the session cap forgets them after twice that. */
    static final Duration SESSION_SWEEP_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(PgMcpHttpEndpoint.class);

    private final PgMcp engine;
    private final HttpSettings settings;
    private final Authenticator authenticator;
    private final Supplier<String> metrics;
    private final Duration requestTimeout;
    private final McpProtocol protocol;
    private final Admission admission;
    private final HttpSessions sessions;
    private final HttpSessions sseSessions;
    private final ScheduledExecutorService timer;
    private final ExecutorService calls;
    private final ExecutorService readiness;
    private boolean registered;

    private PgMcpHttpEndpoint(Builder b) {
        this.engine = b.engine;
        this.settings = b.settings != null ? b.settings : HttpSettings.builder().build();
        this.metrics = b.metrics;
        this.requestTimeout = requestTimeout(engine, settings);
        this.authenticator = b.authenticator != null ? b.authenticator : authenticator(settings);
        this.protocol = new McpProtocol(engine, settings.requestStateKey());
        this.admission = new Admission(settings.maxInFlight());
        Duration idle = SESSION_SWEEP_INTERVAL.multipliedBy(2);
        this.sessions = settings.mode() == HttpSettings.Mode.STATEFUL ? new HttpSessions(settings.maxSessions(), idle) : null;
        this.sseSessions = settings.legacySse() ? new HttpSessions(settings.maxSessions(), idle) : null;
        this.timer = Executors.newScheduledThreadPool(1, daemon("pgmcp-http-timer"));
        this.calls = Executors.newCachedThreadPool(daemon("pgmcp-sse-call"));
        this.readiness = Executors.newCachedThreadPool(daemon("pgmcp-ready"));
        timer.scheduleAtFixedRate(() -> {
            if (sessions != null) {
                sessions.sweep();
            }
            if (sseSessions != null) {
                sseSessions.sweep();
            }
        }, 10, 10, TimeUnit.SECONDS);
        if (settings.auth() == HttpSettings.AuthMode.OAUTH && !settings.publicUrlGiven()) {
            LOG.warn("{} is not set: the OAuth resource (and default audience) is derived from the bind address: {}",
                    Setting.HTTP_PUBLIC_URL.env(), settings.publicUrl());
        }
        LOG.info("HTTP endpoint: {} (request timeout {} ms, authentication {})", settings, requestTimeout.toMillis(),
                authenticator.getClass().getSimpleName());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * @param engine the engine to serve (it stays the caller's to close)
     * @return a builder; without settings the defaults apply (loopback, no authentication)
     */
    public static Builder builder(PgMcp engine) {
        return new Builder(engine);
    }

    /** @return the settings in force */
    public HttpSettings settings() {
        return settings;
    }

    /** @return the effective request timeout: the configured one, or the statement timeout plus 30 s */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * @return an initializer that {@linkplain #register registers} this endpoint when the container
     *         starts the context: {@code jettyContext.addServletContainerInitializer(endpoint.initializer())},
     *         or Tomcat's {@code context.addServletContainerInitializer(initializer, null)}
     */
    public ServletContainerInitializer initializer() {
        return (classes, context) -> register(context);
    }

    /**
     * Adds pgmcp's filters and servlets to a servlet context that is being initialized (from a
     * {@link ServletContainerInitializer}, as the Servlet specification requires for programmatic
     * registration).
     *
     * @param context the host's servlet context
     * @throws IllegalStateException when already registered, or when a name or path is taken
     */
    public synchronized void register(ServletContext context) {
        if (registered) {
            throw new IllegalStateException("this endpoint is already registered");
        }
        registered = true;
        String path = settings.path();
        List<String> mcpPaths = new ArrayList<>(List.of(path));
        if (sseSessions != null) {
            mcpPaths.add(SSE_PATH);
            mcpPaths.add(MESSAGES_PATH);
        }
        List<String> protectedPaths = new ArrayList<>(mcpPaths);
        if (metrics != null) {
            protectedPaths.add(METRICS_PATH);
        }
        if (settings.accessLog()) {
            filter(context, "pgmcp-access-log", new AccessLogFilter(), List.of("/*"));
        }
        filter(context, "pgmcp-guard", new RequestGuardFilter(settings), List.of("/*"));
        filter(context, "pgmcp-auth", new AuthFilter(authenticator, resourceMetadataUrl()), protectedPaths);
        servlet(context, "pgmcp-mcp", new McpServlet(protocol, sessions, admission, timer, settings.maxBodyBytes()),
                List.of(path));
        if (sseSessions != null) {
            servlet(context, "pgmcp-sse", new LegacySseServlet(protocol, sseSessions, admission, timer, calls,
                    settings.maxBodyBytes()), List.of(SSE_PATH, MESSAGES_PATH));
        }
        servlet(context, "pgmcp-health", new HealthServlet(), List.of(HEALTH_PATH));
        servlet(context, "pgmcp-ready", new ReadyServlet(engine, readiness), List.of(READY_PATH));
        if (settings.auth() == HttpSettings.AuthMode.OAUTH) {
            servlet(context, "pgmcp-oauth-metadata", new ProtectedResourceMetadataServlet(settings),
                    List.of(ProtectedResourceMetadataServlet.WELL_KNOWN,
                            ProtectedResourceMetadataServlet.WELL_KNOWN + settings.publicUrl().getRawPath()));
        }
        if (metrics != null) {
            servlet(context, "pgmcp-metrics", new MetricsServlet(metrics), List.of(METRICS_PATH));
        }
    }

    /**
     * Stops admitting MCP requests (they get 503) and waits for those in progress to finish.
     *
     * @param timeout the longest wait
     * @return true when every request finished in time
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        return admission.drain(timeout);
    }

    /** @return the engine this endpoint serves */
    PgMcp engine() {
        return engine;
    }

    /** @return MCP requests being processed now (SSE streams excluded) */
    public int inFlight() {
        return admission.inFlight();
    }

    /** @return the legacy Streamable HTTP sessions open now (0 when stateless) */
    int sessions() {
        return sessions == null ? 0 : sessions.size();
    }

    /** Ends every session and stream; the engine stays open. */
    @Override
    public void close() {
        if (sessions != null) {
            sessions.closeAll();
        }
        if (sseSessions != null) {
            sseSessions.closeAll();
        }
        timer.shutdownNow();
        calls.shutdownNow();
        readiness.shutdownNow();
    }

    private String resourceMetadataUrl() {
        return settings.auth() == HttpSettings.AuthMode.OAUTH
                ? ProtectedResourceMetadataServlet.metadataUrl(settings.publicUrl()) : null;
    }

    private static Duration requestTimeout(PgMcp engine, HttpSettings settings) {
        Duration statement = engine.config().statementTimeout();
        if (settings.requestTimeout() == null) {
            return statement.plusSeconds(30);
        }
        if (settings.requestTimeout().compareTo(statement) <= 0) {
            throw new ConfigException(Setting.HTTP_REQUEST_TIMEOUT_MS.env(), "is " + settings.requestTimeout().toMillis()
                    + " ms; it must exceed " + Setting.STATEMENT_TIMEOUT_MS.env() + " (" + statement.toMillis()
                    + " ms) so PostgreSQL's own timeout reaches the client first");
        }
        return settings.requestTimeout();
    }

    private static Authenticator authenticator(HttpSettings s) {
        return switch (s.auth()) {
            case NONE -> new NoAuthenticator();
            case BEARER -> {
                Map<String, String> tokens = new LinkedHashMap<>();
                s.bearerTokens().forEach(t -> tokens.put(t.label(), t.secret()));
                yield new StaticTokenAuthenticator(tokens);
            }
            case OAUTH -> new JwtAuthenticator(s.oauthIssuer(), s.oauthJwksUrl(), s.oauthAudience(),
                    s.oauthRequiredScopes(), s.oauthClockSkew());
        };
    }

    private static void filter(ServletContext context, String name, Filter filter, List<String> paths) {
        FilterRegistration.Dynamic r = context.addFilter(name, filter);
        if (r == null) {
            throw new IllegalStateException("a filter named " + name + " is already registered");
        }
        r.setAsyncSupported(true);
        r.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, paths.toArray(String[]::new));
    }

    private static void servlet(ServletContext context, String name, Servlet servlet, List<String> paths) {
        ServletRegistration.Dynamic r = context.addServlet(name, servlet);
        if (r == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered");
        }
        r.setAsyncSupported(true);
        r.setLoadOnStartup(1);
        if (!r.addMapping(paths.toArray(String[]::new)).isEmpty()) {
            throw new IllegalStateException("paths " + paths + " are already mapped in this context");
        }
    }

    /** Configures a {@link PgMcpHttpEndpoint}. */
    public static final class Builder {
        private final PgMcp engine;
        private HttpSettings settings;
        private Authenticator authenticator;
        private Supplier<String> metrics;

        private Builder(PgMcp engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** @param settings listen address, mode, limits and authentication (default: {@code HttpSettings.builder().build()}) */
        public Builder settings(HttpSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @param authenticator replaces the authenticator the settings' auth mode selects (the mode still
         *                      decides the {@code WWW-Authenticate} challenge and the OAuth metadata)
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** @param scrape renders Prometheus text for {@code GET /metrics} (e.g. Micrometer's {@code registry::scrape}) */
        public Builder metrics(Supplier<String> scrape) {
            this.metrics = Objects.requireNonNull(scrape, "scrape");
            return this;
        }

        /**
         * @return the endpoint, its MCP server built and ready to be registered
         * @throws ConfigException when the request timeout does not exceed the statement timeout, or the
         *                         OAuth issuer's keys cannot be located
         */
        public PgMcpHttpEndpoint build() {
            return new PgMcpHttpEndpoint(this);
        }
    }
}
