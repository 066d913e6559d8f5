package dev.pgmcp.config;

/**
 * Every environment variable pgmcp reads, with its default and meaning. The README's settings
 * table lists the same entries (a test keeps the two in step).
 */
public enum Setting {
    DATABASE_URL("PGMCP_DATABASE_URL", "(unset)",
            "Connection URL: postgresql://user:pass@host:port/db?sslmode=require or jdbc:postgresql://... "
                    + "Overrides the PG* variables. DATABASE_URL is read too when this is unset."),
    PGHOST("PGHOST", "localhost", "Server host (libpq convention); used when no URL is given."),
    PGPORT("PGPORT", "5432", "Server port."),
    PGDATABASE("PGDATABASE", "the user name", "Database name."),
    PGUSER("PGUSER", "the OS user name", "Role to connect as."),
    PGPASSWORD("PGPASSWORD", "(none)", "Password; never logged."),
    PGSSLMODE("PGSSLMODE", "prefer", "TLS mode: disable, allow, prefer, require, verify-ca, verify-full."),
    DATABASE_NAME("PGMCP_DATABASE_NAME", "main", "Alias of the database, as tools' optional `database` argument names it."),
    MAX_ROWS("PGMCP_MAX_ROWS", "1000", "Row cap per result; more rows set `truncated: true`. 1..1000000."),
    MAX_RESULT_BYTES("PGMCP_MAX_RESULT_BYTES", "4194304", "Byte cap per result (encoded JSON, approximate); 1024..1073741824."),
    MAX_CELL_BYTES("PGMCP_MAX_CELL_BYTES", "65536",
            "Cap per value (text, bytea as base64, json, array), in UTF-8 bytes; a longer value is cut and marked. 64..1073741824."),
    STATEMENT_TIMEOUT_MS("PGMCP_STATEMENT_TIMEOUT_MS", "30000", "statement_timeout for every query, in milliseconds; 1..3600000."),
    LOCK_TIMEOUT_MS("PGMCP_LOCK_TIMEOUT_MS", "5000", "lock_timeout for every query, in milliseconds; 1..3600000."),
    IDLE_IN_TRANSACTION_TIMEOUT_MS("PGMCP_IDLE_IN_TRANSACTION_TIMEOUT_MS", "60000",
            "idle_in_transaction_session_timeout, in milliseconds; 1..3600000."),
    POOL_MIN_IDLE("PGMCP_POOL_MIN_IDLE", "1", "Connections kept open when idle (HikariCP minimumIdle); 0..1000."),
    POOL_MAX_SIZE("PGMCP_POOL_MAX_SIZE", "10", "Most connections opened (HikariCP maximumPoolSize); 1..1000, >= the minimum."),
    CONNECT_TIMEOUT_MS("PGMCP_CONNECT_TIMEOUT_MS", "10000", "How long to wait for a connection, in milliseconds; 250..600000."),
    SCHEMA_CACHE_TTL_SECONDS("PGMCP_SCHEMA_CACHE_TTL_SECONDS", "300",
            "How long introspected schema is reused before it is read again, in seconds; 0 = always re-read."),
    DENIED_FUNCTIONS("PGMCP_DENIED_FUNCTIONS", "(none)",
            "Comma-separated function names to deny in queries, on top of the built-in denylist."),
    ALLOW_UNSAFE_ROLE("PGMCP_ALLOW_UNSAFE_ROLE", "false",
            "true serves even through a role the start-up check refuses (superuser, server file or program access); "
                    + "logged as a WARN at every start. Not for production."),
    VALIDATION("PGMCP_VALIDATION", "strict",
            "`strict`: also reject VOLATILE functions not on the allowlist and unknown functions; "
                    + "`role`: skip those two checks (for a role verified read-only)."),
    ALLOWED_FUNCTIONS("PGMCP_ALLOWED_FUNCTIONS", "(none)",
            "Comma-separated VOLATILE functions to allow on top of the built-in allowlist; `name` (any schema) or `schema.name`."),
    ALLOWED_SCHEMAS("PGMCP_ALLOWED_SCHEMAS", "(all)",
            "Comma-separated schemas whose tables and views queries may read; unset = all (with PGMCP_ALLOWED_TABLES, either list admits)."),
    DENIED_SCHEMAS("PGMCP_DENIED_SCHEMAS", "(none)",
            "Comma-separated schemas whose tables and views queries may not read; wins over the allowlists."),
    ALLOWED_TABLES("PGMCP_ALLOWED_TABLES", "(all)",
            "Comma-separated `schema.table` names queries may read; unset = all (with PGMCP_ALLOWED_SCHEMAS, either list admits)."),
    DENIED_TABLES("PGMCP_DENIED_TABLES", "(none)",
            "Comma-separated `schema.table` names queries may not read, on top of the built-in credential catalogs; wins over the allowlists."),
    SEARCH_PATH("PGMCP_SEARCH_PATH", "\"$user\", public",
            "Schemas searched for unqualified names, set in every transaction (a role's own search_path is ignored); "
                    + "comma-separated, double-quote names that need it; pg_catalog is always searched first."),
    RATE_LIMIT_PER_MINUTE("PGMCP_RATE_LIMIT_PER_MINUTE", "60",
            "Tool calls allowed per principal per minute (stdio: per process); 0 = no per-minute limit. 0..1000000."),
    RATE_LIMIT_PER_HOUR("PGMCP_RATE_LIMIT_PER_HOUR", "1000",
            "Tool calls allowed per principal per hour (stdio: per process); 0 = no per-hour limit. 0..1000000."),
    AUDIT_LOG("PGMCP_AUDIT_LOG", "stderr",
            "JSON-lines audit log of every tool call and statement: stderr, off, or a file path (appended, created if missing)."),
    METRICS("PGMCP_METRICS", "none",
            "Metrics registry the launcher enables: none or prometheus (scraped at GET /metrics of the HTTP transport).");

    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the environment variable, e.g. {@code PGMCP_MAX_ROWS} */
    public String env() {
        return env;
    }

    /** @return the default as documented, e.g. {@code 1000} */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return one line on what the setting does, its unit and range */
    public String description() {
        return description;
    }
}
