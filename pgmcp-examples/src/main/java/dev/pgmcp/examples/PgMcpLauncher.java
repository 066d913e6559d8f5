package dev.pgmcp.examples;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.http.HttpSettings;
import dev.pgmcp.http.PgMcpHttpServer;
import dev.pgmcp.mcp.McpServers;
import dev.pgmcp.security.RoleRefusedException;
import dev.pgmcp.stdio.StdioServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The pgmcp server launcher ({@code java -jar pgmcp-server.jar}): serves MCP over stdio (default) or
 * Streamable HTTP ({@code --transport http}, through {@link PgMcpHttpServer}, the same code a host
 * application embeds) on the database named by {@code --url} or the environment, or on an embedded
 * demo database with {@code --demo}. Before serving it checks the role of every database it can reach
 * (a superuser or a role with server file or program access is refused). Exit codes: 0 after stdin
 * closes (stdio) or after SIGTERM/SIGINT (HTTP, once in-flight calls are drained), 2 for a bad command
 * line or configuration (the message names the setting) or a refused role, 1 for any other start-up
 * failure.
 *
 * <p>{@code --check} prints the role report and the SQL for a read-only role instead of serving,
 * and exits 0 (every role read-only), 1 (warnings) or 2 (refused, unreachable, or bad configuration).
 */
@Command(name = "pgmcp-server", mixinStandardHelpOptions = true, versionProvider = PgMcpLauncher.Version.class,
        description = {
                "Serves a PostgreSQL database to AI assistants over the Model Context Protocol (stdio or HTTP), read-only.",
                "Configuration also comes from the environment: PGMCP_DATABASE_URL or DATABASE_URL, PGHOST/PGPORT/"
                        + "PGDATABASE/PGUSER/PGPASSWORD/PGSSLMODE, and PGMCP_* settings, PGMCP_HTTP_* for HTTP "
                        + "(see the README)."},
        sortOptions = false)
public final class PgMcpLauncher implements Callable<Integer> {

    static {
        // Before the first logger exists: PGMCP_LOG_LEVEL = error, warn, info (default), debug or trace.
        String level = System.getenv("PGMCP_LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.trim().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PgMcpLauncher.class);

    @Option(names = "--url", paramLabel = "URL",
            description = "Database URL: postgresql://user:pass@host:5432/db?sslmode=require or jdbc:postgresql://...")
    private String url;

    @Option(names = "--demo", description = "Start an embedded PostgreSQL with demo customer-success data and serve it.")
    private boolean demo;

    @Option(names = "--check", description = "Check the database role (read-only? superuser?), print the report and "
            + "the SQL for a read-only role, and exit: 0 = OK, 1 = warnings, 2 = refused or configuration error.")
    private boolean check;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--transport", paramLabel = "stdio|http", defaultValue = "stdio",
            description = "stdio (default): MCP on stdin/stdout; http: Streamable HTTP (settings PGMCP_HTTP_*).")
    private String transport;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP port (overrides PGMCP_HTTP_PORT; default 8080; 0 = any free port).")
    private Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "HTTP bind address (overrides PGMCP_HTTP_HOST; default 127.0.0.1).")
    private String host;

    private final Map<String, String> env;
    /** The Prometheus scrape text when PGMCP_METRICS=prometheus; the HTTP transport serves it at GET /metrics. */
    private volatile Supplier<String> metricsScrape;

    PgMcpLauncher(Map<String, String> env) {
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

    static int run(String[] args, Map<String, String> env) {
        CommandLine cli = new CommandLine(new PgMcpLauncher(env));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("pgmcp: configuration error: " + e.getMessage());
                return 2;
            }
            if (e instanceof RoleRefusedException) {
                cmd.getErr().println("pgmcp: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("pgmcp: " + e.getMessage());
            LOG.debug("start-up failure", e);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (demo && url != null) {
            throw new ConfigException("--demo", "cannot be combined with --url");
        }
        boolean http = switch (transport.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "stdio" -> false;
            case "http" -> true;
            default -> throw new ConfigException("--transport", "'" + transport + "' must be stdio or http");
        };
        HttpSettings httpSettings = null;
        if (http) {
            HttpSettings.Builder b = HttpSettings.fromEnvironment(PgMcpConfig.settings(env));
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
        Map<String, String> settings = new HashMap<>(env);
        DemoDatabase demoDb = null;
        if (demo) {
            LOG.info("starting the embedded demo database...");
            demoDb = DemoDatabase.start();
            settings.put("PGMCP_DATABASE_URL", demoDb.readerUrl());
        } else if (url != null) {
            settings.put("PGMCP_DATABASE_URL", url);
        }
        try {
            PgMcpConfig config = PgMcpConfig.fromEnvironment(settings);
            LOG.info("configuration: {}", config);
            PgMcp.Builder builder = PgMcp.builder(config);
            PrometheusMetrics.forConfig(config).ifPresent(m -> {
                m.applyTo(builder);
                metricsScrape = m.scrape();
                LOG.info("Prometheus metrics enabled{}", http ? " at GET /metrics" : " (served only by the HTTP transport)");
            });
            try (PgMcp engine = builder.build()) {
                if (check) {
                    return RoleCheck.report(engine, spec.commandLine().getOut());
                }
                // Serve at once and run the start-up checks alongside: the role check costs a connection
                // and a few catalog queries, a large share of a cold start (and starting Jetty another).
                // Nothing is served unchecked: every call waits in the engine for this same role check
                // (RoleGate), and a failed check (refused role, a tool's misfit mapping such as the BI
                // pack's) ends serving with the same exit code.
                CompletableFuture<Void> checks = CompletableFuture.runAsync(() -> {
                    RoleCheck.atStartUp(engine);
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
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pgmcp-http-shutdown"));
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

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"pgmcp " + McpServers.version()};
        }
    }
}
