package dev.pgmcp.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.PgMcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HikariCP pool per configured database, created on first use (so that start-up costs no
 * connection and a database that is down does not stop the others).
 *
 * <p>Every connection is opened with {@code ApplicationName=pgmcp} (visible in
 * {@code pg_stat_activity.application_name}), TCP keepalive on, auto-commit off and read-only on:
 * pgJDBC then starts each transaction with {@code BEGIN READ ONLY} (its default
 * {@code readOnlyMode=transaction}), a layer that holds even if a query got past the validator.
 * The session also starts with {@code default_transaction_read_only=on}, so even a transaction
 * begun after a stray {@code COMMIT} is read-only.
 * A broken connection is evicted by HikariCP and the next call opens a new one.
 *
 * <p>pgJDBC's {@code socketTimeout} is set to the statement timeout plus {@value #SOCKET_TIMEOUT_MARGIN_SECONDS}
 * seconds: PostgreSQL ends a statement itself at {@code statement_timeout}, so a read that waits
 * longer means the network path is gone silently (a dropped connection without a reset, which TCP
 * keepalive would only notice after hours); the call then fails instead of hanging.
 */
public final class PoolManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    /** Seconds added to the statement timeout to get the socket timeout. */
    static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 10;

    private final Map<String, DatabaseConfig> databases;
    private final long socketTimeoutSeconds;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final MetricsTrackerFactory metrics;
    private volatile boolean closed;

    /** @param config the sealed configuration; no connection is opened here */
    public PoolManager(PgMcpConfig config) {
        this(config, null);
    }

    /**
     * @param config  the sealed configuration; no connection is opened here
     * @param metrics HikariCP's metrics binding each pool reports to (e.g. its
     *                {@code MicrometerMetricsTrackerFactory}), or {@code null} for none
     */
    public PoolManager(PgMcpConfig config, MetricsTrackerFactory metrics) {
        this.databases = config.databases();
        this.socketTimeoutSeconds = (config.statementTimeout().toMillis() + 999) / 1000 + SOCKET_TIMEOUT_MARGIN_SECONDS;
        this.metrics = metrics;
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
        if (closed) {
            throw new IllegalStateException("pgmcp is shutting down");
        }
        DatabaseConfig db = databases.get(name);
        if (db == null) {
            throw new UnknownDatabaseException(name, databases.keySet());
        }
        return pools.computeIfAbsent(name, n -> create(db, socketTimeoutSeconds, metrics));
    }

    private static HikariDataSource create(DatabaseConfig db, long socketTimeoutSeconds, MetricsTrackerFactory metrics) {
        HikariConfig hc = new HikariConfig();
        if (metrics != null) {
            hc.setMetricsTrackerFactory(metrics);
        }
        hc.setPoolName("pgmcp-" + db.name());
        hc.setJdbcUrl(db.jdbcUrl());
        if (db.user() != null) {
            hc.setUsername(db.user());
        }
        db.passwordValue().ifPresent(hc::setPassword);
        hc.setMinimumIdle(db.poolMinIdle());
        hc.setMaximumPoolSize(db.poolMaxSize());
        hc.setConnectionTimeout(db.connectionTimeout().toMillis());
        hc.setAutoCommit(false);
        hc.setReadOnly(true);
        // Do not fail (or block) creation when the database is down: calls report it, and retry.
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("ApplicationName", "pgmcp");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        // Every transaction of the session is read-only, even one a stray COMMIT would start
        // (a URL that sets its own 'options' takes precedence).
        hc.addDataSourceProperty("options", "-c default_transaction_read_only=on");
        hc.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, db.connectionTimeout().toSeconds())));
        if (db.sslMode() != null) {
            hc.addDataSourceProperty("sslmode", db.sslMode().value());
        }
        LOG.info("connection pool for database '{}': {}", db.name(), db);
        return new HikariDataSource(hc);
    }

    /** Closes every pool; in-use connections are closed as they are returned. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
