package dev.pgmcp.internal.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pgmcp.auth.CredentialProvider;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.SearchPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One HikariCP pool per configured database, created on first use (so that start-up costs no
 * connection and a database that is down does not stop the others), and a small second one for
 * pgmcp's own catalog reads ({@link #catalogDataSource}).
 *
 * <p>Every connection is opened with {@code ApplicationName=pgmcp} (visible in
 * {@code pg_stat_activity.application_name}), TCP keepalive on, auto-commit off and read-only on:
 * pgJDBC then starts each transaction with {@code BEGIN READ ONLY} (its default
 * {@code readOnlyMode=transaction}), a layer that holds even if a query got past the validator.
 * The session also starts with {@code default_transaction_read_only=on}, so even a transaction
 * begun after a stray {@code COMMIT} is read-only, and with the settings that decide how statement text
 * is read pinned to what pgmcp's validator assumes, whatever a role's or database's defaults say, and
 * with pgmcp's timeouts and {@code search_path} ({@link SessionSettings}).
 * A broken connection is evicted by HikariCP and the next call opens a new one.
 *
 * <p>pgJDBC's {@code socketTimeout} is set to the statement timeout plus {@value #SOCKET_TIMEOUT_MARGIN_SECONDS}
 * seconds: PostgreSQL ends a statement itself at {@code statement_timeout}, so a read that waits
 * longer means the network path is gone silently (a dropped connection without a reset, which TCP
 * keepalive would only notice after hours); the call then fails instead of hanging.
 *
 * <p>pgJDBC's {@code maxResultBuffer} is the configured read buffer
 * ({@link PgMcpConfig#maxReadBufferBytes()}): a call whose rows would take more is refused before the
 * rows are allocated, so a huge value cannot exhaust the heap. pgJDBC may then have lost its place in
 * the protocol stream; the executor closes such a connection instead of returning it to the pool.
 *
 * <p>Each database's {@link CredentialProvider} (see {@link CredentialProviders}) is chosen when the
 * manager is built, so that an authentication method no module offers fails at start-up, and asked
 * for the password of every new physical connection (see {@link CredentialDataSource}).
 */
public final class PoolManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    /** Seconds added to the statement timeout to get the socket timeout. */
    static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 10;

    private final Map<String, DatabaseConfig> databases;
    private final long socketTimeoutSeconds;
    private final long readBufferBytes;
    /** The start-up {@code options} of every pooled connection: read-only transactions and {@link SessionSettings}. */
    private final String sessionOptions;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, HikariDataSource> catalogPools = new ConcurrentHashMap<>();
    private final MetricsTrackerFactory metrics;
    private final Map<String, CredentialProvider> credentials = new LinkedHashMap<>();
    /** Each database's standbys, as configured but with {@link #STANDBY_WAIT} as their connection timeout. */
    private final Map<String, List<DatabaseConfig>> standbys = new LinkedHashMap<>();
    private final Map<String, List<CredentialProvider>> standbyCredentials = new LinkedHashMap<>();
    private volatile boolean closed;

    /**
     * The longest a call waits for a standby's connection (and the driver for a standby to answer) before
     * it goes to the primary instead: a standby that is down or busy must not hold a call for the
     * primary's whole connection timeout.
     */
    static final java.time.Duration STANDBY_WAIT = java.time.Duration.ofSeconds(2);

    /** @param config the sealed configuration; no connection is opened here */
    public PoolManager(PgMcpConfig config) {
        this(config, null);
    }

    /**
     * @param config  the sealed configuration; no connection is opened here
     * @param metrics HikariCP's metrics binding each pool reports to (e.g. its
     *                {@code MicrometerMetricsTrackerFactory}), or {@code null} for none
     * @throws dev.pgmcp.config.ConfigException when a database's authentication method is offered by
     *                                          no module on the class path
     */
    public PoolManager(PgMcpConfig config, MetricsTrackerFactory metrics) {
        this(config, metrics, Thread.currentThread().getContextClassLoader());
    }

    /**
     * @param config  the sealed configuration; no connection is opened here
     * @param metrics HikariCP's metrics binding, or {@code null}
     * @param loader  where credential provider factories are looked up ({@link java.util.ServiceLoader})
     * @throws dev.pgmcp.config.ConfigException when a database's authentication method is offered by
     *                                          no module on the class path
     */
    public PoolManager(PgMcpConfig config, MetricsTrackerFactory metrics, ClassLoader loader) {
        this.databases = config.databases();
        this.socketTimeoutSeconds = (config.statementTimeout().toMillis() + 999) / 1000 + SOCKET_TIMEOUT_MARGIN_SECONDS;
        this.readBufferBytes = config.maxReadBufferBytes();
        this.sessionOptions = "-c default_transaction_read_only=on " + SessionSettings.startupOptions(SessionSettings.of(
                config.statementTimeout(), config.lockTimeout(), config.idleInTransactionTimeout(),
                SearchPath.settingValue(config.searchPath())));
        this.metrics = metrics;
        for (DatabaseConfig db : databases.values()) {
            credentials.put(db.name(), CredentialProviders.forDatabase(db, loader));
            List<DatabaseConfig> own = new ArrayList<>();
            List<CredentialProvider> ownCredentials = new ArrayList<>();
            for (DatabaseConfig s : config.replicas(db.name())) {
                java.time.Duration wait = s.connectionTimeout().compareTo(STANDBY_WAIT) < 0 ? s.connectionTimeout()
                        : STANDBY_WAIT;
                DatabaseConfig standby = new DatabaseConfig(s.name(), s.jdbcUrl(), s.user(), s.password(), s.sslMode(),
                        s.poolMinIdle(), s.poolMaxSize(), wait, s.auth(), s.passwordFile(), s.credentials());
                own.add(standby);
                ownCredentials.add(CredentialProviders.forDatabase(standby, loader));
            }
            standbys.put(db.name(), List.copyOf(own));
            standbyCredentials.put(db.name(), List.copyOf(ownCredentials));
        }
    }

    /**
     * The pools of a database's standbys (read replicas), configured as {@link #dataSource} (read-only,
     * pinned session settings, timeouts, read buffer) but waiting at most {@link #STANDBY_WAIT} for a
     * connection; each is created now if this is its first use (no connection is opened here).
     *
     * @param name a configured alias
     * @return one pool per configured standby, in configuration order; empty when the database has none
     * @throws UnknownDatabaseException when {@code name} is not configured
     * @throws IllegalStateException    after {@link #close()}
     */
    public List<DataSource> standbyDataSources(String name) {
        if (closed) {
            throw new IllegalStateException("pgmcp is shutting down");
        }
        List<DatabaseConfig> own = standbys.get(name);
        if (own == null) {
            throw new UnknownDatabaseException(name, databases.keySet());
        }
        List<DataSource> sources = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            DatabaseConfig db = own.get(i);
            CredentialProvider provider = standbyCredentials.get(name).get(i);
            String suffix = "-standby" + (i + 1);
            sources.add(pools.computeIfAbsent(name + suffix, n -> create(db, false, suffix, provider)));
        }
        return sources;
    }

    /** @return a standby's URL as logs may show it (no credentials: configured URLs carry none) */
    public String standbyLabel(String name, int index) {
        return standbys.get(name).get(index).jdbcUrl();
    }

    /** @return the configured database aliases */
    public Set<String> names() {
        return databases.keySet();
    }

    /**
     * @param name a configured alias
     * @return the pool of that database (created now if this is the first use)
     * @throws UnknownDatabaseException when {@code name} is not configured
     * @throws IllegalStateException    after {@link #close()}
     */
    public DataSource dataSource(String name) {
        return pool(pools, name, false);
    }

    /**
     * The connections pgmcp reads a database's catalog through (schema introspection, the function
     * and relation names the policy resolves): configured as {@link #dataSource} (read-only, pinned
     * session settings, timeouts) but without the read buffer, at most {@value #CATALOG_POOL_SIZE}
     * connections, none kept idle. The catalog's size is the database's, not a caller's to choose, and
     * what is read is kept in memory anyway; a large schema must not fail to load because a caller's
     * result would be refused at that size.
     *
     * @param name a configured alias
     * @return the catalog pool of that database (created now if this is the first use)
     * @throws UnknownDatabaseException when {@code name} is not configured
     * @throws IllegalStateException    after {@link #close()}
     */
    public DataSource catalogDataSource(String name) {
        return pool(catalogPools, name, true);
    }

    /** The pool of {@code name} in {@code pools}, created on first use; see {@link #dataSource}. */
    private DataSource pool(Map<String, HikariDataSource> pools, String name, boolean catalog) {
        if (closed) {
            throw new IllegalStateException("pgmcp is shutting down");
        }
        DatabaseConfig db = databases.get(name);
        if (db == null) {
            throw new UnknownDatabaseException(name, databases.keySet());
        }
        return pools.computeIfAbsent(name, n -> create(db, catalog, catalog ? "-catalog" : "",
                credentials.get(n)));
    }

    /** Most connections of a database's catalog pool: a reload and a policy lookup may overlap. */
    static final int CATALOG_POOL_SIZE = 2;

    private HikariDataSource create(DatabaseConfig db, boolean catalog, String suffix, CredentialProvider credentials) {
        HikariConfig hc = new HikariConfig();
        if (metrics != null) {
            hc.setMetricsTrackerFactory(metrics);
        }
        hc.setPoolName("pgmcp-" + db.name() + suffix);
        hc.setMinimumIdle(catalog ? 0 : db.poolMinIdle());
        hc.setMaximumPoolSize(catalog ? CATALOG_POOL_SIZE : db.poolMaxSize());
        if (catalog) {
            // Catalog reads come once per schema cache period: do not hold connections in between.
            hc.setIdleTimeout(TimeUnit.SECONDS.toMillis(10));
        }
        hc.setConnectionTimeout(db.connectionTimeout().toMillis());
        hc.setAutoCommit(false);
        hc.setReadOnly(true);
        // Do not fail (or block) creation when the database is down: calls report it, and retry.
        hc.setInitializationFailTimeout(-1);
        Properties props = new Properties();
        if (db.user() != null) {
            props.setProperty("user", db.user());
        }
        props.setProperty("ApplicationName", "pgmcp");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        // pgJDBC counts each row's size from its header and throws before allocating a row that would
        // take what it holds past this. The count covers one fetch (the executor's cursor fetches 500
        // rows at a time; a new transaction starts it afresh too), so it bounds what a call holds at
        // once (see PgMcpConfig#defaultReadBuffer for the size).
        if (!catalog) {
            props.setProperty("maxResultBuffer", String.valueOf(readBufferBytes));
        }
        // Every transaction of the session is read-only, even one a stray COMMIT would start, and holds
        // pgmcp's settings (SessionSettings), so that a transaction need not set them again. A URL's
        // own 'options' (Neon's endpoint=..., a search_path) are kept and ours appended: in the URL
        // they would replace ours, and PostgreSQL applies the last -c of a name.
        String[] urlAndOptions = withoutOptions(db.jdbcUrl());
        props.setProperty("options", urlAndOptions[1] == null ? sessionOptions : urlAndOptions[1] + " " + sessionOptions);
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, db.connectionTimeout().toSeconds())));
        if (db.sslMode() != null) {
            props.setProperty("sslmode", db.sslMode().value());
        }
        hc.setDataSource(new CredentialDataSource(urlAndOptions[0], props, db.name(), db.auth(), credentials));
        // Each database has two pools (and one per standby): say which this is, or the lines read the same.
        String which = catalog ? " (catalog reads, at most " + CATALOG_POOL_SIZE + " connections)"
                : suffix.startsWith("-standby") ? " (" + suffix.substring(1) + ")" : "";
        LOG.info("connection pool for database '{}'{}: {}", db.name(), which, db);
        return new HikariDataSource(hc);
    }

    /**
     * @param jdbcUrl a JDBC URL
     * @return the URL without its {@code options} parameter, and that parameter's decoded value (or
     *         {@code null} when it has none)
     */
    static String[] withoutOptions(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return new String[]{jdbcUrl, null};
        }
        StringBuilder rest = new StringBuilder();
        String options = null;
        for (String pair : jdbcUrl.substring(q + 1).split("&")) {
            if (pair.startsWith("options=")) {
                options = java.net.URLDecoder.decode(pair.substring("options=".length()).replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8);
            } else if (!pair.isEmpty()) {
                rest.append(rest.length() == 0 ? "" : "&").append(pair);
            }
        }
        return new String[]{rest.length() == 0 ? jdbcUrl.substring(0, q) : jdbcUrl.substring(0, q + 1) + rest, options};
    }

    /** Closes every pool; in-use connections are closed as they are returned. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        catalogPools.values().forEach(HikariDataSource::close);
        catalogPools.clear();
    }
}
