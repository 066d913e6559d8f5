package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.http.HttpSettings;
import dev.pgmcp.http.PgMcpHttpServer;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.mcp.McpProtocol;
import dev.pgmcp.nlq.LlmSettings;
import dev.pgmcp.settings.CoreSettings;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.settings.Settings;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.stdio.StdioServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pgmcp server launcher ({@code java -jar pgmcp-server.jar}): serves MCP over stdio (default) or
 * Streamable HTTP ({@code --transport http}, through {@link PgMcpHttpServer}, the same code a host
 * application embeds) on the database named by {@code --url} or the environment, or on an embedded
 * demo database with {@code --demo}. Before serving it checks the role of every database it can reach
 * (a superuser or a role with server file or program access is refused); a database that cannot be
 * reached does not stop it: its calls answer "Database unavailable ..." until it is back. Exit codes: 0 after stdin
 * closes (stdio; calls in flight get PGMCP_SHUTDOWN_TIMEOUT_MS, then are cancelled and answered), 2 for
 * a bad command line or configuration (the message names the setting) or a refused role, 1 for any other
 * start-up failure. SIGTERM/SIGINT stop it gracefully (stdio: calls in flight cancelled and answered at
 * once; HTTP: drained for PGMCP_HTTP_SHUTDOWN_TIMEOUT_MS, then cancelled and answered), after which the
 * JVM exits with its status for the signal, 143 or 130. No statement is left running in PostgreSQL.
 *
 * <p>{@code --check} prints the role report and the SQL for a read-only role instead of serving,
 * and exits 0 (every role read-only), 1 (warnings) or 2 (refused, unreachable, or bad configuration).
 */
public final class PgMcpLauncher {

    /** The values PGMCP_LOG_LEVEL accepts (slf4j-simple's levels), most quiet first. */
    static final java.util.List<String> LOG_LEVELS = java.util.List.of("error", "warn", "info", "debug", "trace");

    static {
        // Before the first logger exists: PGMCP_LOG_LEVEL = error, warn, info (default), debug or trace.
        // An unknown value is left for run() to refuse (slf4j-simple would silently use info).
        String level = System.getenv("PGMCP_LOG_LEVEL");
        if (level != null && LOG_LEVELS.contains(level.trim().toLowerCase(java.util.Locale.ROOT))) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.trim().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PgMcpLauncher.class);

    private final LauncherOptions options;
    private final Map<String, String> env;
    /** The Prometheus scrape text when PGMCP_METRICS=prometheus; the HTTP transport serves it at GET /metrics. */
    private volatile Supplier<String> metricsScrape;

    PgMcpLauncher(LauncherOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /** @param args command-line arguments; see {@code --help} */
    public static void main(String[] args) {
        int code = run(args, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
        // A clean stop: the JVM exits once the stdio server and pools are closed.
        System.exit(0);
    }

    /**
     * @return the exit code: 0 (served and stopped cleanly, or --help/--version), 2 for a bad command
     *         line, a bad configuration or a refused role, 1 for another start-up failure; --check's own codes
     */
    static int run(String[] args, Map<String, String> env) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (LauncherOptions.UsageException e) {
            System.err.println("pgmcp: " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (options.help()) {
            LauncherOptions.printHelp();
            return 0;
        }
        if (options.version()) {
            System.out.println("pgmcp " + McpProtocol.version());
            return 0;
        }
        try {
            return new PgMcpLauncher(options, env).call();
        } catch (ConfigException e) {
            System.err.println("pgmcp: configuration error: " + e.getMessage());
            return 2;
        } catch (RoleRefusedException e) {
            System.err.println("pgmcp: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("pgmcp: " + e.getMessage());
            LOG.debug("start-up failure", e);
            return 1;
        }
    }

    /**
     * @param value PGMCP_LOG_LEVEL as set, or null
     * @throws ConfigException when it is set to something other than one of {@link #LOG_LEVELS} (any case)
     */
    static void checkLogLevel(String value) {
        if (value != null && !value.isBlank() && !LOG_LEVELS.contains(value.trim().toLowerCase(java.util.Locale.ROOT))) {
            throw new ConfigException("PGMCP_LOG_LEVEL", "'" + value.trim() + "' is not a log level; use one of "
                    + String.join(", ", LOG_LEVELS) + " (default info)");
        }
    }

    /** Starts what the options ask for and serves until the end; see {@link #run}. */
    Integer call() throws Exception {
        checkLogLevel(env.get("PGMCP_LOG_LEVEL"));
        String url = options.url();
        boolean demo = options.demo();
        String transport = options.transport();
        Integer port = options.port();
        String host = options.host();
        if (demo && url != null) {
            throw new ConfigException("--demo", "cannot be combined with --url");
        }
        boolean http = switch (transport.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "stdio" -> false;
            case "http" -> true;
            default -> throw new ConfigException("--transport", "'" + transport + "' must be stdio or http");
        };
        // The environment over PGMCP_CONFIG_FILE and its profile; a bad file or profile fails here, first.
        Settings loaded = Settings.load(env);
        HttpSettings httpSettings = null;
        if (http) {
            HttpSettings.Builder b = HttpSettings.from(loaded);
            if (port != null) {
                b.port(port);
            }
            if (host != null) {
                b.host(host);
            }
            // Validated before any database starts: a refused setting (e.g. no authentication on 0.0.0.0) fails fast.
            httpSettings = b.build();
        } else if (port != null || host != null) {
            throw new ConfigException(port != null ? "--port" : "--host", "only applies to --transport http");
        }
        // The query tool's PGMCP_LLM_* settings (pgmcp-tools-nlq reads the same ones when ServiceLoader makes
        // the tool): a bad value fails here too, before any database starts.
        LlmSettings.from(loaded);
        if (!demo && url == null && !CoreSettings.databaseConfigured(loaded)) {
            throw new ConfigException(Setting.DATABASE_URL.env(), "no database configured; pass --url, use --demo, "
                    + "or set PGMCP_DATABASE_URL (or DATABASE_URL, PGHOST/PGPORT/PGDATABASE/PGUSER, PGMCP_DATABASES)");
        }
        // --url and --demo stand for PGMCP_DATABASE_URL, over the environment and the file.
        Map<String, String> settings = new HashMap<>(env);
        if (!options.check()) {
            warmUpTheValidator();
        }
        DemoDatabase demoDb = null;
        if (demo) {
            LOG.info("starting the embedded demo database...");
            demoDb = DemoDatabase.start();
            settings.put("PGMCP_DATABASE_URL", demoDb.readerUrl());
        } else if (url != null) {
            settings.put("PGMCP_DATABASE_URL", url);
        }
        try {
            PgMcpConfig config = CoreSettings.config(Settings.load(settings));
            LOG.info("configuration: {}", config);
            PgMcp.Builder builder = PgMcp.builder(config);
            FirstToolCall firstCall = new FirstToolCall();
            builder.addListener(firstCall);
            PrometheusMetrics.forConfig(config).ifPresent(m -> {
                m.applyTo(builder);
                metricsScrape = m.scrape();
                LOG.info("Prometheus metrics enabled{}", http ? " at GET /metrics" : " (served only by the HTTP transport)");
            });
            try (PgMcp engine = builder.build()) {
                if (options.check()) {
                    PrintWriter out = new PrintWriter(System.out, true);
                    try {
                        return RoleCheck.report(engine, out);
                    } finally {
                        out.flush();
                    }
                }
                // Serve at once and run the start-up checks alongside: the role check costs a connection
                // and a few catalog queries, a large share of a cold start (and starting Jetty another).
                // Nothing is served unchecked: every call waits in the engine for this same role check
                // (RoleGate), and a failed check (refused role, a tool's misfit mapping such as the BI
                // pack's) ends serving with the same exit code.
                // The tools' own checks (the business-intelligence pack reads the whole catalog) wait for
                // the first tool call to end, or a second: on a cold start they competed with that call for
                // the CPU (with the wait the first result came about 25 ms sooner on a 2-core VM). A tool
                // whose check has not run yet checks on its first call itself. The listener stays for the
                // life of the engine: after the first call it costs a read of the latch's count per call.
                CompletableFuture<Void> checks = CompletableFuture.runAsync(() -> {
                    RoleCheck.atStartUp(engine);
                    firstCall.await(TOOL_CHECKS_WAIT_MS);
                    engine.checkAtStartUp();
                }, RoleCheck::runOnDaemonThread);
                if (http) {
                    serveHttp(engine, httpSettings, metricsScrape, checks);
                } else {
                    StdioServer.runOnProcessStdio(engine, checks);
                }
            }
            return 0;
        } finally {
            if (demoDb != null) {
                demoDb.close();
            }
        }
    }

    /** Longest the tools' start-up checks wait for the first tool call to end, in milliseconds. */
    static final long TOOL_CHECKS_WAIT_MS = 1_000;

    /** Opens when the engine's first tool call has ended (its outcome whatever it was). */
    static final class FirstToolCall implements QueryListener {

        private final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void toolCallEnded(ToolCallEvent event) {
            ended.countDown();
        }

        /** Waits until the first tool call has ended or {@code timeoutMs} milliseconds have passed. */
        void await(long timeoutMs) {
            try {
                ended.await(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Loads the SQL validator's classes (JSqlParser's parser among them, about 60 ms on a cold JVM) on a
     * daemon thread while the main thread builds the engine and the start-up checks connect: the first
     * {@code execute_query} would otherwise load them on the critical path of a cold start. It checks a
     * statement with a validator of its own and keeps nothing; a failure here is only logged.
     */
    private static void warmUpTheValidator() {
        Thread t = new Thread(() -> {
            try {
                SqlValidator.withDefaults().validate("SELECT c.id, count(*) AS n FROM customers c JOIN orders o "
                        + "ON o.customer_id = c.id WHERE c.id = $1 GROUP BY c.id ORDER BY 2 DESC LIMIT 10");
            } catch (RuntimeException e) {
                LOG.debug("warming up the validator failed", e);
            }
        }, "pgmcp-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * @return the Prometheus scrape text source once {@link #call()} enabled it ({@code PGMCP_METRICS=prometheus}),
     *         else {@code null}
     */
    Supplier<String> metricsScrape() {
        return metricsScrape;

    }

    /**
     * Serves until SIGTERM/SIGINT, then drains in-flight calls (PGMCP_HTTP_SHUTDOWN_TIMEOUT_MS) and stops;
     * or, when the start-up {@code checks} running alongside fail, stops at once and throws their failure.
     */
    private static void serveHttp(PgMcp engine, HttpSettings settings, Supplier<String> metrics,
                                  CompletableFuture<Void> checks) throws InterruptedException {
        PgMcpHttpServer.Builder builder = PgMcpHttpServer.builder(engine).settings(settings);
        if (metrics != null) {
            builder.metrics(metrics);
        }
        PgMcpHttpServer server = builder.start();
        // The JVM exits once its shutdown hooks return: close the engine here too (the main thread's
        // close may not get to run), so that no statement is left running in PostgreSQL.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
        }, "pgmcp-http-shutdown"));
        try {
            checks.join();
        } catch (CompletionException e) {
            server.close();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        server.awaitStop();
    }
}
