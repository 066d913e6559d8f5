package dev.pgmcp.config;

import dev.pgmcp.auth.CredentialProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * pgmcp's configuration: the databases it serves and the limits every query runs under.
 * Validated once by {@link Builder#build()} and then sealed (immutable), as HikariCP does with its
 * configuration.
 *
 * <p>The one way in is the {@link #builder()}: this class reads no environment variable, file or
 * profile. The module {@code pgmcp-settings} maps environment variables, a properties file and its
 * profiles onto this builder. A {@link ConfigException} names the setting as the settings reference
 * (docs/configuration.md) calls it, e.g. {@code PGMCP_MAX_ROWS}.
 */
public final class PgMcpConfig {

    private final Map<String, DatabaseConfig> databases;
    private final String defaultDatabase;
    private final int maxRows;
    private final long maxResultBytes;
    private final Duration statementTimeout;
    private final Duration lockTimeout;
    private final Duration shutdownTimeout;
    private final Duration idleInTransactionTimeout;
    private final Duration schemaCacheTtl;
    private final Set<String> deniedFunctions;
    private final boolean allowUnsafeRole;
    private final ValidationMode validation;
    private final Set<String> allowedFunctions;
    private final Set<String> allowedSchemas;
    private final Set<String> deniedSchemas;
    private final Set<String> allowedTables;
    private final Set<String> deniedTables;
    private final long maxCellBytes;
    private final long maxReadBufferBytes;
    private final double maxQueryCost;
    private final Map<String, Double> maxQueryCostByDatabase;
    private final Map<String, List<DatabaseConfig>> replicas;
    private final Duration replicaMaxLag;
    private final List<String> searchPath;
    private final long rateLimitPerMinute;
    private final long rateLimitPerHour;
    private final String auditLog;
    private final String metrics;
    private final Set<String> tools;
    private final RoleMapping roleMapping;

    /**
     * The default cost budget, in PostgreSQL's cost units: 100 million. Measured with PostgreSQL 15's
     * default cost constants: ordinary analytical queries stay far below it (a join of 1 million rows
     * with 100,000 grouped by two columns: about 31,000; a sort of 1 million rows: about 170,000; a full
     * scan of a billion-row table: about 20 million), while runaway shapes are far above it (a cross
     * join of two {@code generate_series(1, 200000)}: 900 million; four {@code pg_class} cross joined:
     * over 400 million).
     */
    public static final double DEFAULT_MAX_QUERY_COST = 100_000_000;

    /** The default bound on a standby's replay lag, in milliseconds ({@code PGMCP_REPLICA_MAX_LAG_MS}). */
    public static final long DEFAULT_REPLICA_MAX_LAG_MS = 10_000;

    /** {@link #auditLog()} value that writes the audit log to stderr. */
    public static final String AUDIT_STDERR = "stderr";
    /** {@link #auditLog()} value that turns the audit log off. */
    public static final String AUDIT_OFF = "off";
    /**
     * What a tool's name looks like (a regular expression): letters, digits, {@code _ . -}, at most
     * 128 characters, starting with a letter. {@code PgMcp} refuses a tool whose name does not match.
     */
    public static final String TOOL_NAME = "[a-zA-Z][a-zA-Z0-9_.-]{0,127}";

    private PgMcpConfig(Builder b, Map<String, DatabaseConfig> databases, Map<String, List<DatabaseConfig>> replicas) {
        this.databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        this.defaultDatabase = databases.keySet().iterator().next();
        this.maxRows = b.maxRows;
        this.maxResultBytes = b.maxResultBytes;
        this.statementTimeout = b.statementTimeout;
        this.lockTimeout = b.lockTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.idleInTransactionTimeout = b.idleInTransactionTimeout;
        this.schemaCacheTtl = b.schemaCacheTtl;
        this.deniedFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(b.deniedFunctions));
        this.allowUnsafeRole = b.allowUnsafeRole;
        this.validation = b.validation;
        this.allowedFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedFunctions));
        this.allowedSchemas = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedSchemas));
        this.deniedSchemas = Collections.unmodifiableSet(new LinkedHashSet<>(b.deniedSchemas));
        this.allowedTables = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedTables));
        this.deniedTables = Collections.unmodifiableSet(new LinkedHashSet<>(b.deniedTables));
        this.maxCellBytes = b.maxCellBytes;
        long heap = Runtime.getRuntime().maxMemory();
        this.maxReadBufferBytes = b.maxReadBufferBytes > 0 ? Math.min(b.maxReadBufferBytes, pgJdbcCeiling(heap))
                : defaultReadBuffer(heap, databases.values().stream().mapToLong(DatabaseConfig::poolMaxSize).sum(),
                        b.maxResultBytes);
        this.maxQueryCost = b.maxQueryCost;
        this.maxQueryCostByDatabase = Map.copyOf(b.maxQueryCostByDatabase);
        this.replicas = Map.copyOf(replicas);
        this.replicaMaxLag = b.replicaMaxLag;
        this.searchPath = List.copyOf(b.searchPath);
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.rateLimitPerHour = b.rateLimitPerHour;
        this.auditLog = b.auditLog;
        this.metrics = b.metrics;
        this.tools = Collections.unmodifiableSet(new LinkedHashSet<>(b.tools));
        this.roleMapping = b.roleMapping;
    }

    /** @return a builder with every setting at its documented default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the databases by alias, in configuration order (never empty) */
    public Map<String, DatabaseConfig> databases() {
        return databases;
    }

    /** @return the alias used when a tool call names no database (the first configured) */
    public String defaultDatabase() {
        return defaultDatabase;
    }

    /** @return the most rows a result carries before it is cut and flagged {@code truncated} */
    public int maxRows() {
        return maxRows;
    }

    /** @return the most bytes (approximate encoded JSON size) a result carries before it is cut */
    public long maxResultBytes() {
        return maxResultBytes;
    }

    /**
     * @return the most UTF-8 bytes one value (text, bytea as base64, json, array) carries before it is
     * cut and marked; the result then reports the cut cells
     */
    public long maxCellBytes() {
        return maxCellBytes;
    }

    /**
     * @return the most bytes of row data (as PostgreSQL sends them) pgJDBC holds for one call at once
     * (one fetch of up to 500 rows), counted before it allocates a row ({@code maxResultBuffer}): the explicit
     * {@code PGMCP_MAX_READ_BUFFER_BYTES} (lowered, as pgJDBC lowers it, to 90% of the max heap), or
     * else {@link #defaultReadBuffer}
     */
    public long maxReadBufferBytes() {
        return maxReadBufferBytes;
    }

    /**
     * @return the cost budget of caller SQL in PostgreSQL's cost units (the plan's {@code Total Cost}
     *         from {@code EXPLAIN}; 1.0 is one sequential page read), 0 when none: a statement whose
     *         estimate exceeds it is refused before it runs ({@code PGMCP_MAX_QUERY_COST})
     */
    public double maxQueryCost() {
        return maxQueryCost;
    }

    /**
     * @param database a database alias
     * @return that database's cost budget ({@code PGMCP_DATABASE_<NAME>_MAX_QUERY_COST}), else
     *         {@link #maxQueryCost()}; 0 when none
     */
    public double maxQueryCost(String database) {
        return maxQueryCostByDatabase.getOrDefault(database, maxQueryCost);
    }

    /**
     * @param database a configured alias
     * @return that database's standbys (read replicas), each as a database configuration under the same
     *         alias with the standby's URL (credentials, TLS mode, pool and authentication as the primary's
     *         unless its URL gives its own); empty when it has none ({@code PGMCP_REPLICA_URLS},
     *         {@code PGMCP_DATABASE_<NAME>_REPLICA_URLS})
     */
    public List<DatabaseConfig> replicas(String database) {
        return replicas.getOrDefault(database, List.of());
    }

    /**
     * @return the most replay lag a standby may have and still serve reads ({@code PGMCP_REPLICA_MAX_LAG_MS});
     *         beyond it reads go to the primary
     */
    public Duration replicaMaxLag() {
        return replicaMaxLag;
    }

    /**
     * The default read buffer: {@code maxHeap / (8 × connections)}, at most 1 GiB and at least
     * {@code maxResultBytes}. A call holds the rows of pgJDBC's current fetch (up to the buffer) plus,
     * while it reads one value, that value decoded (a {@code char[]} of two bytes per character and the
     * {@code String} made from it): about 4 × the buffer at worst, besides the cut rows it keeps (at
     * most the byte cap). With every pooled connection of
     * every database doing that at once, pgmcp's result reading stays within half the heap. The floor
     * lets a result as large as the byte cap be read; the ceiling is PostgreSQL's own limit on one value.
     *
     * @param maxHeapBytes   the JVM's maximum heap ({@link Runtime#maxMemory()}), in bytes
     * @param connections    the most connections open at once, over all databases
     * @param maxResultBytes the byte cap per result, in bytes
     * @return the read buffer per call, in bytes
     */
    public static long defaultReadBuffer(long maxHeapBytes, long connections, long maxResultBytes) {
        long share = maxHeapBytes / (8 * Math.max(1, connections));
        return Math.min(pgJdbcCeiling(maxHeapBytes), Math.max(maxResultBytes, Math.min(1L << 30, share)));
    }

    /** pgJDBC lowers a larger {@code maxResultBuffer} to 90% of the max heap; pgmcp reports what applies. */
    private static long pgJdbcCeiling(long maxHeapBytes) {
        return (long) (0.9 * maxHeapBytes);
    }

    /**
     * @return the schemas pinned as {@code search_path} in every transaction, unquoted and in order
     * (e.g. {@code [$user, public]}); {@code pg_catalog} is searched first unless listed
     */
    public List<String> searchPath() {
        return searchPath;
    }

    /** @return PostgreSQL {@code statement_timeout} applied to every statement */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /**
     * How long one tool call (one MCP request) may run in all: {@link #statementTimeout()} plus 30
     * seconds. Kept above the statement timeout so that PostgreSQL's own error (57014) reaches the
     * client first for a single slow statement; a call still running at this deadline (a tool that
     * runs many statements) is cancelled on the server. Transports use it as their request timeout.
     *
     * @return the per-call deadline
     */
    public Duration requestTimeout() {
        return statementTimeout.plusSeconds(30);
    }

    /** @return PostgreSQL {@code lock_timeout} applied to every statement */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * @return how long a transport that is asked to stop (stdio: end of stdin) lets calls in flight
     *         finish before it cancels their statements ({@code PgMcp#stopCalls}); default 2 s
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return PostgreSQL {@code idle_in_transaction_session_timeout} applied to every transaction */
    public Duration idleInTransactionTimeout() {
        return idleInTransactionTimeout;
    }

    /** @return how long an introspected schema is reused; zero means re-read on every use */
    public Duration schemaCacheTtl() {
        return schemaCacheTtl;
    }

    /** @return function names denied on top of the validator's built-in denylist (lower case) */
    public Set<String> deniedFunctions() {
        return deniedFunctions;
    }

    /**
     * @return whether pgmcp serves even through a role its start-up check refuses (a superuser, or a
     *         member of {@code pg_read_server_files}, {@code pg_write_server_files} or
     *         {@code pg_execute_server_program}); {@code false} unless explicitly set
     */
    public boolean allowUnsafeRole() {
        return allowUnsafeRole;
    }

    /** @return how strictly caller SQL is checked ({@code PGMCP_VALIDATION}, default {@link ValidationMode#STRICT}) */
    public ValidationMode validation() {
        return validation;
    }

    /**
     * @return VOLATILE functions allowed on top of the built-in allowlist, as configured: {@code name}
     *         (any schema) or {@code schema.name}, identifiers folded as PostgreSQL folds them when used
     */
    public Set<String> allowedFunctions() {
        return allowedFunctions;
    }

    /** @return schemas whose relations caller SQL may read; empty = no schema allowlist */
    public Set<String> allowedSchemas() {
        return allowedSchemas;
    }

    /** @return schemas whose relations caller SQL may not read */
    public Set<String> deniedSchemas() {
        return deniedSchemas;
    }

    /** @return {@code schema.table} names caller SQL may read; empty = no table allowlist */
    public Set<String> allowedTables() {
        return allowedTables;
    }

    /** @return {@code schema.table} names caller SQL may not read, on top of the built-in credential catalogs */
    public Set<String> deniedTables() {
        return deniedTables;
    }

    /** @return tool calls allowed per principal per minute; 0 = no per-minute limit */
    public long rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    /** @return tool calls allowed per principal per hour; 0 = no per-hour limit */
    public long rateLimitPerHour() {
        return rateLimitPerHour;
    }

    /** @return where the audit log goes: {@link #AUDIT_STDERR}, {@link #AUDIT_OFF}, or a file path */
    public String auditLog() {
        return auditLog;
    }

    /** @return the metrics registry a launcher should enable: {@code none} or {@code prometheus} */
    public String metrics() {
        return metrics;
    }

    /**
     * @return the names of the tools to serve ({@code PGMCP_TOOLS}), in the order configured; empty
     *         means every tool. {@code PgMcp} refuses a name no tool has.
     */
    public Set<String> tools() {
        return tools;
    }

    /**
     * @return which database role each caller's statements run as ({@code PGMCP_ROLE_*});
     *         {@link RoleMapping#NONE} (the default): every call runs as the login role
     */
    public RoleMapping roleMapping() {
        return roleMapping;
    }

    @Override
    public String toString() {
        return "PgMcpConfig[databases=" + databases.values() + ", maxRows=" + maxRows + ", maxResultBytes="
                + maxResultBytes + ", maxCellBytes=" + maxCellBytes + ", maxReadBufferBytes=" + maxReadBufferBytes
                + ", maxQueryCost=" + maxQueryCost + (maxQueryCostByDatabase.isEmpty() ? "" : " " + maxQueryCostByDatabase)
                + (replicas.isEmpty() ? "" : ", replicas=" + replicas + ", replicaMaxLag=" + replicaMaxLag.toMillis() + "ms")
                + ", searchPath=" + searchPath
                + ", statementTimeout=" + statementTimeout.toMillis() + "ms, lockTimeout="
                + lockTimeout.toMillis() + "ms, idleInTransactionTimeout=" + idleInTransactionTimeout.toMillis()
                + "ms, schemaCacheTtl=" + schemaCacheTtl.toSeconds() + "s, rateLimit=" + rateLimitPerMinute + "/min "
                + rateLimitPerHour + "/h, auditLog=" + auditLog + ", metrics=" + metrics
                + (tools.isEmpty() ? "" : ", tools=" + tools)
                + (roleMapping.enabled() ? ", roles=" + roleMapping : "")
                + (allowUnsafeRole ? ", allowUnsafeRole=true" : "") + "]";
    }

    /**
     * Collects settings; {@link #build()} validates them all and names the first bad one.
     * Not thread-safe; build once.
     */
    public static final class Builder {
        private final List<DatabaseSpec> databases = new ArrayList<>();
        private int maxRows = 1000;
        private long maxResultBytes = 4L * 1024 * 1024;
        private Duration statementTimeout = Duration.ofSeconds(30);
        private Duration lockTimeout = Duration.ofSeconds(5);
        private Duration shutdownTimeout = Duration.ofSeconds(2);
        private Duration idleInTransactionTimeout = Duration.ofSeconds(60);
        private Duration schemaCacheTtl = Duration.ofMinutes(5);
        private final Set<String> deniedFunctions = new LinkedHashSet<>();
        private ValidationMode validation = ValidationMode.STRICT;
        private final Set<String> allowedFunctions = new LinkedHashSet<>();
        private final Set<String> allowedSchemas = new LinkedHashSet<>();
        private final Set<String> deniedSchemas = new LinkedHashSet<>();
        private final Set<String> allowedTables = new LinkedHashSet<>();
        private final Set<String> deniedTables = new LinkedHashSet<>();
        private int poolMinIdle = 1;
        private int poolMaxSize = 10;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean allowUnsafeRole;
        private long maxCellBytes = 64L * 1024;
        private long maxReadBufferBytes;
        private double maxQueryCost = DEFAULT_MAX_QUERY_COST;
        private final Map<String, Double> maxQueryCostByDatabase = new LinkedHashMap<>();
        private final Map<String, List<ConnectionUrl>> replicaUrls = new LinkedHashMap<>();
        private Duration replicaMaxLag = Duration.ofMillis(DEFAULT_REPLICA_MAX_LAG_MS);
        private List<String> searchPath = List.of("$user", "public");
        private long rateLimitPerMinute = 60;
        private long rateLimitPerHour = 1000;
        private String auditLog = AUDIT_STDERR;
        private String metrics = "none";
        private final Set<String> tools = new LinkedHashSet<>();
        private RoleMapping roleMapping = RoleMapping.NONE;

        private record DatabaseSpec(String name, ConnectionUrl url, String user, String password, SslMode sslMode,
                                    String auth, Path passwordFile, CredentialProvider credentials) {
        }

        private Builder() {
        }

        /**
         * Adds a database from a libpq or JDBC URL (see {@link ConnectionUrl}).
         *
         * @param name an alias such as {@code main}
         * @param url  the connection URL; credentials in it are used unless given separately
         */
        public Builder database(String name, String url) {
            return database(name, url, null, null);
        }

        /** Adds a database with credentials given apart from the URL ({@code null} = take them from the URL). */
        public Builder database(String name, String url, String user, String password) {
            databases.add(new DatabaseSpec(name, ConnectionUrl.parse("database '" + name + "' url", url), user, password, null,
                    null, null, null));
            return this;
        }

        /**
         * Adds a database from an already-parsed URL, with the values that override the URL's.
         *
         * @param name         an alias such as {@code main}
         * @param url          the parsed connection URL ({@link ConnectionUrl#parse}, which names the setting
         *                     that held it in its errors)
         * @param user         the role to connect as, or {@code null} for the URL's
         * @param password     the password, or {@code null} for the URL's (never logged)
         * @param sslMode      the TLS mode, or {@code null} for the URL's (or the driver's default)
         * @param auth         the authentication method ({@code password}, {@code entra}, {@code rds_iam}, ...),
         *                     or {@code null} for {@code password}
         * @param passwordFile a file holding the password, read again when it changes, or {@code null}
         * @return this builder; {@link #build()} checks the values and that they agree
         */
        public Builder database(String name, ConnectionUrl url, String user, String password, SslMode sslMode,
                                String auth, Path passwordFile) {
            databases.add(new DatabaseSpec(name, url, user, password, sslMode, auth, passwordFile, null));
            return this;
        }

        /**
         * Sets how an already added database authenticates.
         *
         * @param name   the database's alias
         * @param method {@code password} (default), or a method a
         *               {@link dev.pgmcp.auth.CredentialProviderFactory} on the class path offers:
         *               {@code entra} (pgmcp-auth-azure), {@code rds_iam} (pgmcp-auth-aws)
         * @throws IllegalArgumentException when no database has that alias
         */
        public Builder databaseAuth(String name, String method) {
            DatabaseSpec d = spec(name);
            return replace(d, new DatabaseSpec(d.name, d.url, d.user, d.password, d.sslMode, method, d.passwordFile,
                    d.credentials));
        }

        /**
         * Reads an already added database's password from a file, again whenever the file changes.
         *
         * @param name the database's alias
         * @param file the file (it must exist when {@link #build()} runs)
         * @throws IllegalArgumentException when no database has that alias
         */
        public Builder databasePasswordFile(String name, Path file) {
            DatabaseSpec d = spec(name);
            return replace(d, new DatabaseSpec(d.name, d.url, d.user, d.password, d.sslMode, d.auth, file, d.credentials));
        }

        /**
         * Gives an already added database the host application's own credential provider, asked for
         * the password of every new connection (its method is then {@code custom}).
         *
         * @param name     the database's alias
         * @param provider the provider
         * @throws IllegalArgumentException when no database has that alias
         */
        public Builder credentials(String name, CredentialProvider provider) {
            DatabaseSpec d = spec(name);
            return replace(d, new DatabaseSpec(d.name, d.url, d.user, d.password, d.sslMode, DatabaseConfig.AUTH_CUSTOM,
                    d.passwordFile, java.util.Objects.requireNonNull(provider, "provider")));
        }

        private DatabaseSpec spec(String name) {
            for (DatabaseSpec d : databases) {
                if (d.name != null && d.name.equals(name)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("no database '" + name + "' added yet; call database(\"" + name
                    + "\", url) first");
        }

        private Builder replace(DatabaseSpec old, DatabaseSpec updated) {
            databases.set(databases.indexOf(old), updated);
            return this;
        }

        /** @param maxRows row cap per result, 1..1,000,000 (default 1000) */
        public Builder maxRows(int maxRows) {
            this.maxRows = maxRows;
            return this;
        }

        /** @param maxResultBytes byte cap per result, 1 KiB..1 GiB (default 4 MiB) */
        public Builder maxResultBytes(long maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        /** @param maxCellBytes cap per value in UTF-8 bytes, 64 B..1 GiB (default 64 KiB) */
        public Builder maxCellBytes(long maxCellBytes) {
            this.maxCellBytes = maxCellBytes;
            return this;
        }

        /**
         * @param maxReadBufferBytes most bytes of row data pgJDBC holds for one call at once,
         *                           64 KiB..1 TiB, or 0 for the default sized from the heap and the pool
         *                           ({@link PgMcpConfig#defaultReadBuffer})
         */
        public Builder maxReadBufferBytes(long maxReadBufferBytes) {
            this.maxReadBufferBytes = maxReadBufferBytes;
            return this;
        }

        /**
         * @param maxQueryCost the cost budget of caller SQL, in PostgreSQL's cost units (the plan's
         *                     {@code Total Cost}), 0 (no budget) or 1..1e15 (default
         *                     {@value PgMcpConfig#DEFAULT_MAX_QUERY_COST})
         */
        public Builder maxQueryCost(double maxQueryCost) {
            this.maxQueryCost = maxQueryCost;
            return this;
        }

        /**
         * @param database     a configured database's alias
         * @param maxQueryCost that database's cost budget, as {@link #maxQueryCost(double)}
         */
        public Builder maxQueryCost(String database, double maxQueryCost) {
            maxQueryCostByDatabase.put(database, maxQueryCost);
            return this;
        }

        /**
         * Gives a database streaming standbys (read replicas) that serve its reads while their replay lag
         * is under {@link #replicaMaxLag(Duration)}.
         *
         * @param database the database's alias (it must be added by {@link #build()})
         * @param urls     one connection URL per standby, in any form {@link ConnectionUrl#parse} reads (a
         *                 libpq or JDBC URL; several hosts allowed); credentials and TLS mode the URL leaves
         *                 out are the primary's. Replaces the database's earlier list; empty for none.
         * @return this builder
         * @throws ConfigException naming {@code PGMCP_DATABASE_<NAME>_REPLICA_URLS} when a URL cannot be read
         */
        public Builder replicaUrls(String database, List<String> urls) {
            String setting = replicaSetting(database);
            List<ConnectionUrl> parsed = new ArrayList<>();
            for (String url : urls) {
                parsed.add(ConnectionUrl.parse(setting, url));
            }
            return replicas(database, parsed);
        }

        /**
         * As {@link #replicaUrls(String, List)}, with URLs already parsed (whose errors name the setting that held them).
         *
         * @param database the database's alias
         * @param urls     one parsed URL per standby; empty for none
         * @return this builder
         */
        public Builder replicas(String database, List<ConnectionUrl> urls) {
            replicaUrls.put(database, List.copyOf(urls));
            return this;
        }

        /**
         * @param maxLag the most replay lag a standby may have and still serve reads, 0..1 hour (default
         *               {@value PgMcpConfig#DEFAULT_REPLICA_MAX_LAG_MS} ms); 0 admits only a standby that has
         *               replayed all it has received
         * @return this builder
         */
        public Builder replicaMaxLag(Duration maxLag) {
            this.replicaMaxLag = maxLag;
            return this;
        }

        private static String replicaSetting(String database) {
            return "PGMCP_DATABASE_<NAME>_REPLICA_URLS".replace("<NAME>", String.valueOf(database).toUpperCase(Locale.ROOT));
        }

        /**
         * @param schemas schema names, unquoted, in search order (default {@code $user}, {@code public});
         *                see {@link SearchPath#parse} for the text form
         */
        public Builder searchPath(List<String> schemas) {
            this.searchPath = schemas == null ? null : new ArrayList<>(schemas);
            return this;
        }

        /** @param timeout PostgreSQL statement_timeout, 1 ms..1 h (default 30 s) */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = timeout;
            return this;
        }

        /** @param timeout PostgreSQL lock_timeout, 1 ms..1 h (default 5 s) */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = timeout;
            return this;
        }

        /** @param timeout PostgreSQL idle_in_transaction_session_timeout, 1 ms..1 h (default 60 s) */
        public Builder idleInTransactionTimeout(Duration timeout) {
            this.idleInTransactionTimeout = timeout;
            return this;
        }

        /** @param ttl how long introspected schema is reused, 0..24 h (default 5 min) */
        public Builder schemaCacheTtl(Duration ttl) {
            this.schemaCacheTtl = ttl;
            return this;
        }

        /** @param names function names to deny in queries, on top of the built-in denylist */
        public Builder denyFunctions(Iterable<String> names) {
            for (String n : names) {
                if (!n.isBlank()) {
                    deniedFunctions.add(n.trim().toLowerCase(Locale.ROOT));
                }
            }
            return this;
        }

        /** @param mode how strictly caller SQL is checked (default {@link ValidationMode#STRICT}) */
        public Builder validation(ValidationMode mode) {
            this.validation = mode;
            return this;
        }

        /** @param names VOLATILE functions to allow: {@code name} (any schema) or {@code schema.name} */
        public Builder allowFunctions(Iterable<String> names) {
            return addAll(allowedFunctions, names);
        }

        /** @param schemas schemas whose tables and views caller SQL may read (adds to an allowlist) */
        public Builder allowSchemas(Iterable<String> schemas) {
            return addAll(allowedSchemas, schemas);
        }

        /** @param schemas schemas whose tables and views caller SQL may not read */
        public Builder denySchemas(Iterable<String> schemas) {
            return addAll(deniedSchemas, schemas);
        }

        /** @param tables {@code schema.table} names caller SQL may read (adds to an allowlist) */
        public Builder allowTables(Iterable<String> tables) {
            return addAll(allowedTables, tables);
        }

        /** @param tables {@code schema.table} names caller SQL may not read */
        public Builder denyTables(Iterable<String> tables) {
            return addAll(deniedTables, tables);
        }

        private Builder addAll(Set<String> target, Iterable<String> values) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    target.add(v.trim());
                }
            }
            return this;
        }

        /** @param minIdle connections kept open per database when idle, 0..1000 (default 1) */
        public Builder poolMinIdle(int minIdle) {
            this.poolMinIdle = minIdle;
            return this;
        }

        /** @param maxSize most connections per database, 1..1000 (default 10) */
        public Builder poolMaxSize(int maxSize) {
            this.poolMaxSize = maxSize;
            return this;
        }

        /**
         * @param timeout how long a stopping transport lets calls in flight finish before cancelling
         *                them, 0 ms..1 h (default 2 s)
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** @param timeout how long to wait for a connection, 250 ms..10 min (default 10 s) */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @param perMinute tool calls allowed per principal per minute, 0..1,000,000; 0 = no limit (default 60) */
        public Builder rateLimitPerMinute(long perMinute) {
            this.rateLimitPerMinute = perMinute;
            return this;
        }

        /** @param perHour tool calls allowed per principal per hour, 0..1,000,000; 0 = no limit (default 1000) */
        public Builder rateLimitPerHour(long perHour) {
            this.rateLimitPerHour = perHour;
            return this;
        }

        /**
         * @param target {@code stderr} (default), {@code off}, or the path of a file the JSON lines are
         *               appended to (created if missing)
         */
        public Builder auditLog(String target) {
            this.auditLog = target;
            return this;
        }

        /** @param registry {@code none} (default) or {@code prometheus}; read by the launcher, not by the engine */
        public Builder metrics(String registry) {
            this.metrics = registry;
            return this;
        }

        /**
         * Serves only some of the tools ({@code PGMCP_TOOLS}); replaces an earlier selection.
         *
         * @param names tool names, e.g. {@code list_tables}, {@code execute_query} (blank entries are
         *              skipped); empty = every tool (the default). {@link #build()} refuses a name that
         *              cannot be a tool's, {@code PgMcp.Builder#build()} one that no tool has
         */
        public Builder tools(Iterable<String> names) {
            tools.clear();
            return addAll(tools, names);
        }

        /**
         * Runs each caller's statements as the PostgreSQL role mapped to it (per-person roles; see
         * {@link RoleMapping}); replaces an earlier mapping.
         *
         * @param mapping the mapping, built and validated; {@link RoleMapping#NONE} (the default) maps nobody
         */
        public Builder roleMapping(RoleMapping mapping) {
            this.roleMapping = java.util.Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * @param allow {@code true} to serve even through a role the start-up check refuses (superuser,
         *              server file or program access); logged as a WARN at every start (default false)
         */
        public Builder allowUnsafeRole(boolean allow) {
            this.allowUnsafeRole = allow;
            return this;
        }

        /**
         * Validates every setting and seals the configuration.
         *
         * @throws ConfigException naming the first invalid setting
         */
        public PgMcpConfig build() {
            if (databases.isEmpty()) {
                throw new ConfigException("database", "no database configured; add one with database(name, url)");
            }
            range("PGMCP_MAX_ROWS", maxRows, 1, 1_000_000);
            range("PGMCP_MAX_RESULT_BYTES", maxResultBytes, 1024, 1L << 30);
            range("PGMCP_MAX_CELL_BYTES", maxCellBytes, 64, 1L << 30);
            if (maxReadBufferBytes != 0) {
                range("PGMCP_MAX_READ_BUFFER_BYTES", maxReadBufferBytes, 64L * 1024, 1L << 40);
            }
            costBudget("PGMCP_MAX_QUERY_COST", maxQueryCost);
            for (Map.Entry<String, Double> e : maxQueryCostByDatabase.entrySet()) {
                String name = "PGMCP_DATABASE_<NAME>_MAX_QUERY_COST"
                        .replace("<NAME>", String.valueOf(e.getKey()).toUpperCase(Locale.ROOT));
                if (databases.stream().noneMatch(d -> d.name().equals(e.getKey()))) {
                    throw new ConfigException(name, "names no configured database");
                }
                costBudget(name, e.getValue());
            }
            range("PGMCP_REPLICA_MAX_LAG_MS", millis("PGMCP_REPLICA_MAX_LAG_MS", replicaMaxLag), 0, 3_600_000);
            for (String database : replicaUrls.keySet()) {
                if (databases.stream().noneMatch(d -> database.equals(d.name()))) {
                    throw new ConfigException(replicaSetting(database), "names no configured database");
                }
            }
            SearchPath.check("PGMCP_SEARCH_PATH", searchPath);
            range("PGMCP_STATEMENT_TIMEOUT_MS", millis("PGMCP_STATEMENT_TIMEOUT_MS", statementTimeout), 1, 3_600_000);
            range("PGMCP_LOCK_TIMEOUT_MS", millis("PGMCP_LOCK_TIMEOUT_MS", lockTimeout), 1, 3_600_000);
            range("PGMCP_IDLE_IN_TRANSACTION_TIMEOUT_MS",
                    millis("PGMCP_IDLE_IN_TRANSACTION_TIMEOUT_MS", idleInTransactionTimeout), 1, 3_600_000);
            range("PGMCP_SCHEMA_CACHE_TTL_SECONDS",
                    millis("PGMCP_SCHEMA_CACHE_TTL_SECONDS", schemaCacheTtl) / 1000, 0, 86_400);
            range("PGMCP_POOL_MIN_IDLE", poolMinIdle, 0, 1000);
            range("PGMCP_POOL_MAX_SIZE", poolMaxSize, 1, 1000);
            if (poolMinIdle > poolMaxSize) {
                throw new ConfigException("PGMCP_POOL_MIN_IDLE", "is " + poolMinIdle + ", more than "
                        + "PGMCP_POOL_MAX_SIZE" + " (" + poolMaxSize + ")");
            }
            range("PGMCP_CONNECT_TIMEOUT_MS", millis("PGMCP_CONNECT_TIMEOUT_MS", connectTimeout), 250, 600_000);
            range("PGMCP_SHUTDOWN_TIMEOUT_MS", millis("PGMCP_SHUTDOWN_TIMEOUT_MS", shutdownTimeout), 0, 3_600_000);
            if (validation == null) {
                throw new ConfigException("PGMCP_VALIDATION", "must not be null");
            }
            names("PGMCP_ALLOWED_FUNCTIONS", allowedFunctions, 1, 2, "a function name or schema.name");
            names("PGMCP_ALLOWED_SCHEMAS", allowedSchemas, 1, 1, "a schema name");
            names("PGMCP_DENIED_SCHEMAS", deniedSchemas, 1, 1, "a schema name");
            names("PGMCP_ALLOWED_TABLES", allowedTables, 2, 2, "schema.table");
            names("PGMCP_DENIED_TABLES", deniedTables, 2, 2, "schema.table");
            range("PGMCP_RATE_LIMIT_PER_MINUTE", rateLimitPerMinute, 0, 1_000_000);
            range("PGMCP_RATE_LIMIT_PER_HOUR", rateLimitPerHour, 0, 1_000_000);
            if (auditLog == null || auditLog.isBlank()) {
                throw new ConfigException("PGMCP_AUDIT_LOG", "must be stderr, off, or a file path");
            }
            auditLog = auditLog.trim();
            if (auditLog.equalsIgnoreCase(AUDIT_STDERR) || auditLog.equalsIgnoreCase(AUDIT_OFF)) {
                auditLog = auditLog.toLowerCase(Locale.ROOT);
            }
            String m = metrics == null ? "" : metrics.trim().toLowerCase(Locale.ROOT);
            if (!m.equals("none") && !m.equals("prometheus")) {
                throw new ConfigException("PGMCP_METRICS", "is '" + metrics + "'; allowed: none, prometheus");
            }
            metrics = m;
            for (String tool : tools) {
                if (!tool.matches(TOOL_NAME)) {
                    throw new ConfigException("PGMCP_TOOLS", "'" + tool + "' is not a tool name (letters, "
                            + "digits, _ . -; starting with a letter; e.g. execute_query)");
                }
            }
            Map<String, DatabaseConfig> byName = new LinkedHashMap<>();
            for (DatabaseSpec spec : databases) {
                if (spec.name == null || !spec.name.matches("[a-z][a-z0-9_]{0,62}")) {
                    throw new ConfigException("PGMCP_DATABASE_NAME", "alias '" + spec.name
                            + "' must be lower case letters, digits and _ (starting with a letter)");
                }
                if (byName.containsKey(spec.name)) {
                    throw new ConfigException("PGMCP_DATABASE_NAME", "database alias '" + spec.name + "' is configured twice");
                }
                String user = spec.user != null ? spec.user : spec.url.user();
                String password = spec.password != null ? spec.password : spec.url.password();
                SslMode ssl = spec.sslMode != null ? spec.sslMode : spec.url.sslMode();
                String auth = checkAuth(spec, password);
                byName.put(spec.name, new DatabaseConfig(spec.name, spec.url.jdbcUrl(), user, password, ssl,
                        poolMinIdle, poolMaxSize, connectTimeout, auth, spec.passwordFile, spec.credentials));
            }
            Map<String, List<DatabaseConfig>> standbys = new LinkedHashMap<>();
            replicaUrls.forEach((database, urls) -> standbys.put(database,
                    urls.stream().map(url -> standby(byName.get(database), url)).toList()));
            return new PgMcpConfig(this, byName, standbys);
        }

        /** A standby of {@code primary}: its URL, with what the URL leaves out taken from the primary. */
        private static DatabaseConfig standby(DatabaseConfig primary, ConnectionUrl url) {
            boolean ownUser = url.user() != null;
            return new DatabaseConfig(primary.name(), url.jdbcUrl(), ownUser ? url.user() : primary.user(),
                    ownUser || url.password() != null ? url.password() : primary.password(),
                    url.sslMode() != null ? url.sslMode() : primary.sslMode(), primary.poolMinIdle(),
                    primary.poolMaxSize(), primary.connectionTimeout(), primary.auth(),
                    ownUser || url.password() != null ? null : primary.passwordFile(), primary.credentials());
        }

        /** @return the database's method, once it and the password (file) that goes with it agree */
        private static String checkAuth(DatabaseSpec spec, String password) {
            String auth = spec.auth == null ? DatabaseConfig.AUTH_PASSWORD : spec.auth.trim().toLowerCase(Locale.ROOT);
            String where = "database '" + spec.name + "'";
            if (!auth.matches("[a-z][a-z0-9_]{0,62}")) {
                throw new ConfigException("PGMCP_DATABASE_AUTH", where + ": '" + spec.auth
                        + "' is not a method name; use password, entra or rds_iam");
            }
            if (spec.passwordFile != null) {
                if (!auth.equals(DatabaseConfig.AUTH_PASSWORD)) {
                    throw new ConfigException("PGMCP_DATABASE_PASSWORD_FILE", where + ": a password file is "
                            + "only used with method password, not " + auth);
                }
                if (password != null) {
                    throw new ConfigException("PGMCP_DATABASE_PASSWORD_FILE", where + ": give either a password "
                            + "(URL or PGPASSWORD) or a password file, not both");
                }
                if (!Files.isRegularFile(spec.passwordFile) || !Files.isReadable(spec.passwordFile)) {
                    throw new ConfigException("PGMCP_DATABASE_PASSWORD_FILE", where + ": " + spec.passwordFile
                            + " is not a readable file");
                }
            }
            boolean tokenMethod = !auth.equals(DatabaseConfig.AUTH_PASSWORD) && !auth.equals(DatabaseConfig.AUTH_CUSTOM);
            if (tokenMethod && password != null) {
                throw new ConfigException("PGMCP_DATABASE_AUTH", where + ": method " + auth
                        + " supplies its own token; remove the password from the URL and PGPASSWORD");
            }
            return auth;
        }

        private static void costBudget(String name, double cost) {
        if (!(cost == 0 || (cost >= 1 && cost <= 1e15))) {
            throw new ConfigException(name, "is " + cost + "; allowed: 0 (no budget) or 1..1e15 cost units");
        }
    }

    private static long millis(String setting, Duration d) {
            if (d == null) {
                throw new ConfigException(setting, "must not be null");
            }
            return d.toMillis();
        }

        /** Each entry must be an identifier, or dotted identifiers, with {@code min..max} parts. */
        private static void names(String setting, Set<String> values, int min, int max, String expected) {
            for (String v : values) {
                int parts = identifierParts(v);
                if (parts < min || parts > max) {
                    throw new ConfigException(setting, "'" + v + "' is not " + expected
                            + " (identifiers of letters, digits, _ and $, or double-quoted, joined by '.')");
                }
            }
        }

        /** @return the number of dot-separated identifiers in {@code s}, or -1 if it is not such a list */
        private static int identifierParts(String s) {
            int parts = 0;
            int i = 0;
            while (true) {
                if (i < s.length() && s.charAt(i) == '"') {
                    int close = i + 1;
                    while (true) {
                        close = s.indexOf('"', close);
                        if (close < 0) {
                            return -1;
                        }
                        if (close + 1 < s.length() && s.charAt(close + 1) == '"') {
                            close += 2;
                            continue;
                        }
                        break;
                    }
                    if (close == i + 1) {
                        return -1;
                    }
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                            || s.charAt(i) == '$')) {
                        i++;
                    }
                    if (i == start || Character.isDigit(s.charAt(start)) || s.charAt(start) == '$') {
                        return -1;
                    }
                }
                parts++;
                if (i == s.length()) {
                    return parts;
                }
                if (s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }

        private static void range(String setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new ConfigException(setting, "is " + value + "; allowed range is " + min + ".." + max);
            }
        }
    }
}
