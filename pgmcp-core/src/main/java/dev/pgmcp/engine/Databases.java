package dev.pgmcp.engine;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.exec.ExecutionLimits;
import dev.pgmcp.exec.QueryExecutor;
import dev.pgmcp.exec.QueryListeners;
import dev.pgmcp.pool.PoolManager;
import dev.pgmcp.pool.UnknownDatabaseException;
import dev.pgmcp.schema.SchemaCache;
import dev.pgmcp.schema.SchemaIntrospector;
import dev.pgmcp.sql.FunctionPolicy;
import dev.pgmcp.sql.SqlValidator;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured databases, each built on first use: pool, executor, schema cache. Nothing
 * connects before a call needs it.
 */
public final class Databases implements AutoCloseable {

    private final PgMcpConfig config;
    private final PoolManager pools;
    private final SqlValidator validator;
    private final Map<String, DatabaseHandle> handles = new ConcurrentHashMap<>();
    private final QueryListeners listeners;

    /** @param config the sealed configuration */
    public Databases(PgMcpConfig config) {
        this(config, QueryListeners.NONE, null);
    }

    /**
     * @param config      the sealed configuration
     * @param listeners   told about every statement each database's executor runs
     * @param poolMetrics HikariCP metrics binding for every pool, or {@code null}
     */
    public Databases(PgMcpConfig config, QueryListeners listeners, MetricsTrackerFactory poolMetrics) {
        this.config = config;
        this.listeners = listeners;
        this.pools = new PoolManager(config, poolMetrics);
        this.validator = new SqlValidator(FunctionPolicy.defaults().withDenied(config.deniedFunctions()));
    }

    /** @return the configured aliases, default first */
    public Set<String> names() {
        return config.databases().keySet();
    }

    /** @return the alias used when a call names none */
    public String defaultName() {
        return config.defaultDatabase();
    }

    /**
     * @param name an alias, or {@code null} for the default
     * @return the database's handle
     * @throws UnknownDatabaseException when the alias is not configured
     */
    public DatabaseHandle get(String name) {
        String n = name == null ? config.defaultDatabase() : name;
        if (!config.databases().containsKey(n)) {
            throw new UnknownDatabaseException(n, config.databases().keySet());
        }
        return handles.computeIfAbsent(n, this::open);
    }

    private DatabaseHandle open(String name) {
        DataSource ds = pools.dataSource(name);
        QueryExecutor executor = new QueryExecutor(ds, validator, ExecutionLimits.of(config),
                listeners.forDatabase(name));
        SchemaCache cache = new SchemaCache(new SchemaIntrospector(ds), config.schemaCacheTtl());
        return new DatabaseHandle(name, executor, cache);
    }

    /** Closes every pool. */
    @Override
    public void close() {
        pools.close();
    }
}
