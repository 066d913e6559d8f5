package dev.pgmcp.internal.engine;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.exec.ExecutionLimits;
import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.internal.exec.QueryListeners;
import dev.pgmcp.internal.policy.CatalogNames;
import dev.pgmcp.internal.policy.QueryPolicy;
import dev.pgmcp.internal.pool.PoolManager;
import dev.pgmcp.internal.pool.ReplicaRouter;
import dev.pgmcp.internal.pool.UnknownDatabaseException;
import dev.pgmcp.internal.security.MappedRoleReport;
import dev.pgmcp.internal.security.RoleInspector;
import dev.pgmcp.internal.security.RoleRefusedException;
import dev.pgmcp.internal.security.RoleReport;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.schema.SchemaCache;
import dev.pgmcp.schema.SchemaIntrospector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The configured databases, each built on first use: pool, executor, schema cache. Nothing
 * connects before a call needs it. The first use of a database also checks the role it connects as
 * ({@link RoleInspector}): a refused role makes every use fail with {@link RoleRefusedException}.
 */
public final class Databases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

    private final PgMcpConfig config;
    private final PoolManager pools;
    private final SqlValidator validator;
    private final Map<String, DatabaseHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, RoleGate> roleGates = new ConcurrentHashMap<>();
    /** The read routing of each opened database that has standbys. */
    private final Map<String, ReplicaRouter> routers = new ConcurrentHashMap<>();
    private final QueryListeners listeners;
    private final CallRoles roles;

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
        this.roles = new CallRoles(config.roleMapping());
        if (config.allowUnsafeRole()) {
            LOG.warn("!!! PGMCP_ALLOW_UNSAFE_ROLE=true: databases are served even through a superuser or a role with "
                    + "server file or program access. One validator bypass would then reach the server's files. "
                    + "Not for production.");
        }
    }

    /**
     * @param principal a caller
     * @return the database role its statements run as (per-person roles), or {@code null} for the login role
     * @throws UnmappedPrincipalException when per-person roles are configured and refuse this caller
     */
    public String roleFor(dev.pgmcp.spi.Principal principal) {
        return roles.roleFor(principal);
    }

    /** @return the per-person role mapping ({@code RoleMapping.NONE} when none is configured) */
    public dev.pgmcp.config.RoleMapping roleMapping() {
        return roles.mapping();
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
     * @param name an alias, or the database's own name ({@code current_database()}) when one configured database
     *             has it, or {@code null} for the default
     * @return the database's handle, once its role has passed the check
     * @throws UnknownDatabaseException when the name is neither a configured alias nor the own name of one
     * @throws RoleRefusedException     when the database's role is refused (see {@link #checkRole(String)})
     * @throws dev.pgmcp.spi.QueryException when the role is not checked yet and the database cannot be reached
     */
    public DatabaseHandle get(String name) {
        String n = resolve(name);
        DatabaseHandle handle = handles.computeIfAbsent(n, this::open);
        roleGates.get(n).pass();
        return handle;
    }

    /**
     * Checks the database's role now, if that is not done yet (the launcher calls this at start-up;
     * otherwise the first {@link #get} does). Warnings are logged once per database.
     *
     * @param name an alias, or {@code null} for the default
     * @return the role's report (verdict OK or WARN, or REFUSE when {@code PGMCP_ALLOW_UNSAFE_ROLE} is set)
     * @throws UnknownDatabaseException when the alias is not configured
     * @throws RoleRefusedException     when the role is a superuser or has server file or program access
     * @throws dev.pgmcp.spi.QueryException when the database cannot be reached (the check runs again on next use)
     */
    public RoleReport checkRole(String name) {
        String n = resolve(name);
        handles.computeIfAbsent(n, this::open);
        RoleReport report = roleGates.get(n).pass();
        ReplicaRouter router = routers.get(n);
        if (router != null) {
            router.checkNow(); // each standby's role too, on its own connection (a refused one is logged and left out)
        }
        return report;
    }

    /**
     * Inspects the database's role afresh, without refusing or logging anything (for {@code --check}).
     *
     * @param name an alias, or {@code null} for the default
     * @return the report, whatever its verdict
     * @throws UnknownDatabaseException when the alias is not configured
     * @throws dev.pgmcp.spi.QueryException when the database cannot be reached
     */
    public RoleReport inspectRole(String name) {
        String n = resolve(name);
        QueryExecutor executor = handles.computeIfAbsent(n, this::open).executor();
        return onPrimary(n, () -> executor.inReadOnlyTransaction(null, RoleInspector::inspect));
    }

    /**
     * Measures the database's standbys (read replicas) now and reports them (for {@code --check}).
     *
     * @param name an alias, or {@code null} for the default
     * @return one state per configured standby, in configuration order; empty when none is configured
     * @throws UnknownDatabaseException when the alias is not configured
     */
    public List<ReplicaRouter.StandbyState> standbys(String name) {
        String n = resolve(name);
        handles.computeIfAbsent(n, this::open);
        ReplicaRouter router = routers.get(n);
        return router == null ? List.of() : router.states();
    }

    /** @return what {@code work} returns, run with the database's primary only (not its standbys) */
    private <T> T onPrimary(String name, java.util.function.Supplier<T> work) {
        ReplicaRouter router = routers.get(name);
        return router == null ? work.get() : router.onPrimary(work);
    }

    /**
     * Inspects, afresh and without refusing or logging anything, each role callers are mapped to (for
     * {@code --check}).
     *
     * @param name an alias, or {@code null} for the default
     * @return one report per mapped role, in the order configured; empty without per-person roles
     * @throws UnmappedPrincipalException never
     * @throws dev.pgmcp.spi.QueryException when the database cannot be reached
     */
    public List<MappedRoleReport> inspectMappedRoles(String name) {
        String n = resolve(name);
        QueryExecutor executor = handles.computeIfAbsent(n, this::open).executor();
        return onPrimary(n, () -> RoleGate.inspectMapped(executor, config.roleMapping().roles()));
    }

    /**
     * @return the alias {@code name} names: itself when it is a configured alias; else the one configured database
     *         whose own name ({@code current_database()}, as its connection URL names it) it is, so that a database
     *         can be named as PostgreSQL calls it as well as by its alias
     * @throws UnknownDatabaseException when it is neither (or the own name of several configured databases)
     */
    private String resolve(String name) {
        String n = name == null ? config.defaultDatabase() : name;
        if (config.databases().containsKey(n)) {
            return n;
        }
        List<String> named = config.databases().values().stream()
                .filter(d -> n.equals(databaseName(d)))
                .map(DatabaseConfig::name)
                .toList();
        if (named.size() != 1) {
            throw new UnknownDatabaseException(n, config.databases().keySet());
        }
        return named.get(0);
    }

    /**
     * @return the database a configuration connects to: the path of its {@code jdbc:postgresql://host/db} URL
     *         (percent-decoded), or, when the URL names none, the user name (PostgreSQL's default); null when
     *         neither is known
     */
    static String databaseName(DatabaseConfig d) {
        String url = d.jdbcUrl();
        String rest = url.startsWith("jdbc:postgresql://") ? url.substring("jdbc:postgresql://".length()) : "";
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return d.user();
        }
        int q = rest.indexOf('?', slash);
        String db = rest.substring(slash + 1, q < 0 ? rest.length() : q);
        try {
            return db.isEmpty() ? d.user() : URLDecoder.decode(db, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private DatabaseHandle open(String name) {
        DataSource ds = pools.dataSource(name);
        ExecutionLimits limits = ExecutionLimits.of(config);
        // The catalog is read through an executor of its own (trusted SQL, no policy, not audited:
        // it is pgmcp's own bookkeeping), so that the policy can exist before the executor that applies it,
        // on connections without the read buffer that bounds callers' results (the catalog is as large
        // as the database's schema, whoever asks).
        DataSource catalog = pools.catalogDataSource(name);
        QueryExecutor catalogReader = new QueryExecutor(catalog, validator, limits);
        ExecutionLimits callerLimits = ExecutionLimits.of(config, name);
        // As the login role, whatever call loads them: the names are shared by every caller of the database.
        CatalogNames names = new CatalogNames(new CatalogNames.Reader() {
            @Override
            public <T> T inReadOnlyTransaction(dev.pgmcp.internal.exec.ConnectionWork<T> work) {
                return catalogReader.inReadOnlyTransaction(null, work);
            }
        }, config.searchPath(), QueryPolicy.needsRelationNames(config));
        QueryPolicy policy = QueryPolicy.of(config, names, validator.functionPolicy());
        // With standbys, reads go to one whose replay lag is within the bound, else to the primary.
        List<DataSource> standbys = pools.standbyDataSources(name);
        DataSource reads = ds;
        if (!standbys.isEmpty()) {
            List<String> labels = new java.util.ArrayList<>();
            for (int i = 0; i < standbys.size(); i++) {
                labels.add(pools.standbyLabel(name, i));
            }
            ReplicaRouter router = new ReplicaRouter(name, ds, standbys, labels, config.replicaMaxLag().toMillis(),
                    this::standbyRefusal);
            routers.put(name, router);
            reads = router;
        }
        QueryExecutor executor = new QueryExecutor(reads, validator, policy, callerLimits, listeners.forDatabase(name));
        // The primary's role is checked on the primary (a standby may be reached as another role).
        QueryExecutor primaryExecutor = standbys.isEmpty() ? executor : new QueryExecutor(ds, validator, callerLimits);
        // What the schema tools, resources and prompts list passes the same relation policy as the SQL.
        SchemaIntrospector introspector = new SchemaIntrospector(catalog);
        SchemaCache cache = new SchemaCache(introspector, config.schemaCacheTtl(), policy::visible);
        roleGates.put(name, new RoleGate(name, primaryExecutor, config.allowUnsafeRole(),
                config.validation() == dev.pgmcp.config.ValidationMode.ROLE, config.roleMapping().roles()));
        // refresh_schema and TTL reloads re-read pg_proc too (lazily, on the next query).
        cache.addLoadListener(names::invalidate);
        // Per-person roles: each mapped role sees the catalog its privileges show it, in a cache of its own
        // (one per role the configuration names, made on the role's first call).
        Set<String> mapped = config.roleMapping().roles();
        Map<String, SchemaCache> byRole = new ConcurrentHashMap<>();
        return new DatabaseHandle(name, executor, cache, role -> byRole.computeIfAbsent(role, r -> {
            if (!mapped.contains(r)) {
                throw new IllegalArgumentException("role '" + r + "' is not a mapped role");
            }
            SchemaCache roleCache = new SchemaCache(introspector.asRole(r), config.schemaCacheTtl(), policy::visible);
            roleCache.addLoadListener(names::invalidate);
            return roleCache;
        }));
    }

    /**
     * The start-up role check of a standby, on its own connection: what refuses the primary's role
     * ({@link RoleGate}) refuses the standby's.
     *
     * @return the refusals, joined, or {@code null} when the standby may serve
     */
    private String standbyRefusal(java.sql.Connection c) throws java.sql.SQLException {
        RoleReport r = RoleInspector.inspect(c);
        if (config.allowUnsafeRole()) {
            return null;
        }
        if (r.verdict() == RoleReport.Verdict.REFUSE) {
            return String.join("; ", r.refusals());
        }
        if (config.validation() == dev.pgmcp.config.ValidationMode.ROLE && r.verdict() != RoleReport.Verdict.OK) {
            return "PGMCP_VALIDATION=role needs a read-only role: " + String.join("; ", r.warnings());
        }
        return null;
    }

    /** Stops the standby checks and closes every pool. */
    @Override
    public void close() {
        routers.values().forEach(ReplicaRouter::close);
        pools.close();
    }
}
