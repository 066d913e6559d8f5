package dev.pgmcp.config;

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
 * <p>Two ways in: the {@link #builder()} for host applications, and {@link #fromEnvironment(Map)} for
 * the conventions users already have ({@code PGMCP_DATABASE_URL}/{@code DATABASE_URL}, libpq's
 * {@code PGHOST}... variables, and {@code PGMCP_*} settings; see {@link Setting}).
 */
public final class PgMcpConfig {

    private final Map<String, DatabaseConfig> databases;
    private final String defaultDatabase;
    private final int maxRows;
    private final long maxResultBytes;
    private final Duration statementTimeout;
    private final Duration lockTimeout;
    private final Duration idleInTransactionTimeout;
    private final Duration schemaCacheTtl;
    private final Set<String> deniedFunctions;
    private final long rateLimitPerMinute;
    private final long rateLimitPerHour;
    private final String auditLog;
    private final String metrics;

    /** {@link #auditLog()} value that writes the audit log to stderr. */
    public static final String AUDIT_STDERR = "stderr";
    /** {@link #auditLog()} value that turns the audit log off. */
    public static final String AUDIT_OFF = "off";

    private PgMcpConfig(Builder b, Map<String, DatabaseConfig> databases) {
        this.databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        this.defaultDatabase = databases.keySet().iterator().next();
        this.maxRows = b.maxRows;
        this.maxResultBytes = b.maxResultBytes;
        this.statementTimeout = b.statementTimeout;
        this.lockTimeout = b.lockTimeout;
        this.idleInTransactionTimeout = b.idleInTransactionTimeout;
        this.schemaCacheTtl = b.schemaCacheTtl;
        this.deniedFunctions = Collections.unmodifiableSet(new LinkedHashSet<>(b.deniedFunctions));
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.rateLimitPerHour = b.rateLimitPerHour;
        this.auditLog = b.auditLog;
        this.metrics = b.metrics;
    }

    /** @return a builder with every setting at its documented default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from environment variables (see {@link Setting} for each one).
     *
     * @param env usually {@code System.getenv()}
     * @return the validated configuration
     * @throws ConfigException naming the variable when a value is invalid
     */
    public static PgMcpConfig fromEnvironment(Map<String, String> env) {
        return new EnvironmentReader(env).apply(builder()).build();
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

    /** @return PostgreSQL {@code statement_timeout} applied to every statement */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** @return PostgreSQL {@code lock_timeout} applied to every statement */
    public Duration lockTimeout() {
        return lockTimeout;
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

    @Override
    public String toString() {
        return "PgMcpConfig[databases=" + databases.values() + ", maxRows=" + maxRows + ", maxResultBytes="
                + maxResultBytes + ", statementTimeout=" + statementTimeout.toMillis() + "ms, lockTimeout="
                + lockTimeout.toMillis() + "ms, idleInTransactionTimeout=" + idleInTransactionTimeout.toMillis()
                + "ms, schemaCacheTtl=" + schemaCacheTtl.toSeconds() + "s, rateLimit=" + rateLimitPerMinute + "/min "
                + rateLimitPerHour + "/h, auditLog=" + auditLog + ", metrics=" + metrics + "]";
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
        private Duration idleInTransactionTimeout = Duration.ofSeconds(60);
        private Duration schemaCacheTtl = Duration.ofMinutes(5);
        private final Set<String> deniedFunctions = new LinkedHashSet<>();
        private int poolMinIdle = 1;
        private int poolMaxSize = 10;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private long rateLimitPerMinute = 60;
        private long rateLimitPerHour = 1000;
        private String auditLog = AUDIT_STDERR;
        private String metrics = "none";

        private record DatabaseSpec(String name, ConnectionUrl url, String user, String password, SslMode sslMode) {
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
            databases.add(new DatabaseSpec(name, ConnectionUrl.parse("database '" + name + "' url", url), user, password, null));
            return this;
        }

        /** Adds a database from an already-parsed URL plus overrides (used by the environment reader). */
        Builder database(String name, ConnectionUrl url, String user, String password, SslMode sslMode) {
            databases.add(new DatabaseSpec(name, url, user, password, sslMode));
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
         * Validates every setting and seals the configuration.
         *
         * @throws ConfigException naming the first invalid setting
         */
        public PgMcpConfig build() {
            if (databases.isEmpty()) {
                throw new ConfigException("database", "no database configured; set PGMCP_DATABASE_URL (or DATABASE_URL, "
                        + "or PGHOST/PGDATABASE/PGUSER...), pass --url, or use --demo");
            }
            range(Setting.MAX_ROWS.env(), maxRows, 1, 1_000_000);
            range(Setting.MAX_RESULT_BYTES.env(), maxResultBytes, 1024, 1L << 30);
            range(Setting.STATEMENT_TIMEOUT_MS.env(), millis(Setting.STATEMENT_TIMEOUT_MS, statementTimeout), 1, 3_600_000);
            range(Setting.LOCK_TIMEOUT_MS.env(), millis(Setting.LOCK_TIMEOUT_MS, lockTimeout), 1, 3_600_000);
            range(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS.env(),
                    millis(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS, idleInTransactionTimeout), 1, 3_600_000);
            range(Setting.SCHEMA_CACHE_TTL_SECONDS.env(),
                    millis(Setting.SCHEMA_CACHE_TTL_SECONDS, schemaCacheTtl) / 1000, 0, 86_400);
            range(Setting.POOL_MIN_IDLE.env(), poolMinIdle, 0, 1000);
            range(Setting.POOL_MAX_SIZE.env(), poolMaxSize, 1, 1000);
            if (poolMinIdle > poolMaxSize) {
                throw new ConfigException(Setting.POOL_MIN_IDLE.env(), "is " + poolMinIdle + ", more than "
                        + Setting.POOL_MAX_SIZE.env() + " (" + poolMaxSize + ")");
            }
            range(Setting.CONNECT_TIMEOUT_MS.env(), millis(Setting.CONNECT_TIMEOUT_MS, connectTimeout), 250, 600_000);
            range(Setting.RATE_LIMIT_PER_MINUTE.env(), rateLimitPerMinute, 0, 1_000_000);
            range(Setting.RATE_LIMIT_PER_HOUR.env(), rateLimitPerHour, 0, 1_000_000);
            if (auditLog == null || auditLog.isBlank()) {
                throw new ConfigException(Setting.AUDIT_LOG.env(), "must be stderr, off, or a file path");
            }
            auditLog = auditLog.trim();
            if (auditLog.equalsIgnoreCase(AUDIT_STDERR) || auditLog.equalsIgnoreCase(AUDIT_OFF)) {
                auditLog = auditLog.toLowerCase(Locale.ROOT);
            }
            String m = metrics == null ? "" : metrics.trim().toLowerCase(Locale.ROOT);
            if (!m.equals("none") && !m.equals("prometheus")) {
                throw new ConfigException(Setting.METRICS.env(), "is '" + metrics + "'; allowed: none, prometheus");
            }
            metrics = m;
            Map<String, DatabaseConfig> byName = new LinkedHashMap<>();
            for (DatabaseSpec spec : databases) {
                if (spec.name == null || !spec.name.matches("[a-z][a-z0-9_]{0,62}")) {
                    throw new ConfigException(Setting.DATABASE_NAME.env(), "alias '" + spec.name
                            + "' must be lower case letters, digits and _ (starting with a letter)");
                }
                if (byName.containsKey(spec.name)) {
                    throw new ConfigException(Setting.DATABASE_NAME.env(), "database alias '" + spec.name + "' is configured twice");
                }
                String user = spec.user != null ? spec.user : spec.url.user();
                String password = spec.password != null ? spec.password : spec.url.password();
                SslMode ssl = spec.sslMode != null ? spec.sslMode : spec.url.sslMode();
                byName.put(spec.name, new DatabaseConfig(spec.name, spec.url.jdbcUrl(), user, password, ssl,
                        poolMinIdle, poolMaxSize, connectTimeout));
            }
            return new PgMcpConfig(this, byName);
        }

        private static long millis(Setting setting, Duration d) {
            if (d == null) {
                throw new ConfigException(setting.env(), "must not be null");
            }
            return d.toMillis();
        }

        private static void range(String setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new ConfigException(setting, "is " + value + "; allowed range is " + min + ".." + max);
            }
        }
    }
}
