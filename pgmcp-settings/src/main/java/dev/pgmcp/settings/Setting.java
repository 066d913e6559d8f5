package dev.pgmcp.settings;

/**
 * The catalog of every setting pgmcp reads (core, the {@code query} tool of {@code pgmcp-tools-nlq},
 * the BI tools of {@code pgmcp-tools-bi} and the HTTP transport), by its environment variable, with its default and meaning. {@link Settings} reads them
 * from the environment, the properties file and its profiles; the settings reference in
 * docs/configuration.md lists the same entries (a test keeps the two in step). The builders of
 * {@code pgmcp-core} and {@code pgmcp-transport-http} name a setting in their errors by the same
 * variable.
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
    DATABASE_AUTH("PGMCP_DATABASE_AUTH", "password",
            "How pgmcp authenticates to PostgreSQL: `password` (from the URL, PGPASSWORD or a password file), "
                    + "`entra` (Microsoft Entra ID token; needs pgmcp-auth-azure) or `rds_iam` (AWS RDS IAM token; "
                    + "needs pgmcp-auth-aws). With PGMCP_DATABASES: the default for every database."),
    DATABASE_PASSWORD_FILE("PGMCP_DATABASE_PASSWORD_FILE", "(none)",
            "File holding the password (trailing line breaks ignored), read again when it changes, for rotated "
                    + "secrets; instead of a password in the URL or PGPASSWORD."),
    DATABASES("PGMCP_DATABASES", "(unset)",
            "Comma-separated aliases of several databases, e.g. `main,analytics` (the first is the default); each "
                    + "is configured by the PGMCP_DATABASE_<NAME>_* variables instead of PGMCP_DATABASE_URL."),
    DATABASE_N_URL("PGMCP_DATABASE_<NAME>_URL", "(required)",
            "With PGMCP_DATABASES: the connection URL of database NAME (its alias in upper case), as PGMCP_DATABASE_URL."),
    DATABASE_N_USER("PGMCP_DATABASE_<NAME>_USER", "from the URL", "With PGMCP_DATABASES: the role database NAME connects as."),
    DATABASE_N_PASSWORD("PGMCP_DATABASE_<NAME>_PASSWORD", "from the URL",
            "With PGMCP_DATABASES: the password of database NAME; never logged."),
    DATABASE_N_PASSWORD_FILE("PGMCP_DATABASE_<NAME>_PASSWORD_FILE", "(none)",
            "With PGMCP_DATABASES: a password file for database NAME, as PGMCP_DATABASE_PASSWORD_FILE."),
    DATABASE_N_AUTH("PGMCP_DATABASE_<NAME>_AUTH", "PGMCP_DATABASE_AUTH",
            "With PGMCP_DATABASES: the authentication method of database NAME (password, entra, rds_iam)."),
    DATABASE_N_SSLMODE("PGMCP_DATABASE_<NAME>_SSLMODE", "PGSSLMODE",
            "With PGMCP_DATABASES: the TLS mode of database NAME, when its URL sets none."),
    DATABASE_N_MAX_QUERY_COST("PGMCP_DATABASE_<NAME>_MAX_QUERY_COST", "PGMCP_MAX_QUERY_COST",
            "With PGMCP_DATABASES: the cost budget of database NAME, as PGMCP_MAX_QUERY_COST."),
    DATABASE_N_REPLICA_URLS("PGMCP_DATABASE_<NAME>_REPLICA_URLS", "(none)",
            "With PGMCP_DATABASES: the streaming standbys (read replicas) of database NAME, as PGMCP_REPLICA_URLS."),
    REPLICA_URLS("PGMCP_REPLICA_URLS", "(none)",
            "Comma-separated connection URLs of streaming standbys (read replicas) of the database, each in a form "
                    + "PGMCP_DATABASE_URL takes; credentials and TLS mode a URL leaves out are the primary's. Reads go to a "
                    + "standby whose replay lag is within PGMCP_REPLICA_MAX_LAG_MS, else to the primary; each "
                    + "execute_query result says which (`servedBy`, `maxStalenessMs`). See docs/databases.md, Read replicas."),
    REPLICA_MAX_LAG_MS("PGMCP_REPLICA_MAX_LAG_MS", "10000",
            "Most replay lag, in milliseconds, at which a standby serves reads (measured every second on the "
                    + "standby); beyond it reads go to the primary. 0..3600000."),
    CONFIG_FILE("PGMCP_CONFIG_FILE", "(none)",
            "A properties file of settings (`KEY=value`, KEY one of these variables) and profiles "
                    + "(`profile.NAME.KEY=value`); environment variables win over it."),
    PROFILE("PGMCP_PROFILE", "(none)",
            "The profile of PGMCP_CONFIG_FILE to use: its entries override the file's plain ones. Every profile "
                    + "in the file is validated at start-up."),
    MAX_ROWS("PGMCP_MAX_ROWS", "1000", "Row cap per result; more rows set `truncated: true`. 1..1000000."),
    MAX_RESULT_BYTES("PGMCP_MAX_RESULT_BYTES", "4194304", "Byte cap per tool response: the rows as structured content and as text together (encoded JSON, approximate); 1024..1073741824."),
    MAX_CELL_BYTES("PGMCP_MAX_CELL_BYTES", "65536",
            "Cap per value (text, bytea as base64, json, array), in UTF-8 bytes; a longer value is cut and marked. 64..1073741824."),
    MAX_QUERY_COST("PGMCP_MAX_QUERY_COST", "100000000",
            "Cost budget of caller SQL, in PostgreSQL's cost units: a statement whose plan (EXPLAIN, nothing run) "
                    + "is estimated above it is refused at once, with the estimate. 0 turns the check off; "
                    + "1..1000000000000000. See docs/security.md, Cost budget."),
    MAX_READ_BUFFER_BYTES("PGMCP_MAX_READ_BUFFER_BYTES", "max heap / (8 × connections)",
            "Most bytes of row data pgJDBC holds for one call at once (a capped result, or a fetch of up to 500 "
                    + "rows; its maxResultBuffer, "
                    + "checked before a row is read into memory); a call whose first fetch needs more fails with an "
                    + "error naming this limit. "
                    + "Default: the JVM's max heap / (8 × the pool sizes of all databases), at least "
                    + "PGMCP_MAX_RESULT_BYTES, at most 1 GiB. 65536..1099511627776; never more than 90% of the max heap."),
    STATEMENT_TIMEOUT_MS("PGMCP_STATEMENT_TIMEOUT_MS", "30000", "statement_timeout for every query, in milliseconds; 1..3600000."),
    LOCK_TIMEOUT_MS("PGMCP_LOCK_TIMEOUT_MS", "5000", "lock_timeout for every query, in milliseconds; 1..3600000."),
    IDLE_IN_TRANSACTION_TIMEOUT_MS("PGMCP_IDLE_IN_TRANSACTION_TIMEOUT_MS", "60000",
            "idle_in_transaction_session_timeout, in milliseconds; 1..3600000."),
    POOL_MIN_IDLE("PGMCP_POOL_MIN_IDLE", "1", "Connections kept open when idle (HikariCP minimumIdle); 0..1000."),
    POOL_MAX_SIZE("PGMCP_POOL_MAX_SIZE", "10", "Most connections opened for queries (HikariCP maximumPoolSize); pgmcp's own catalog reads use up to 2 more, "
                    + "closed after 10 s idle. 1..1000, >= the minimum."),
    CONNECT_TIMEOUT_MS("PGMCP_CONNECT_TIMEOUT_MS", "10000", "How long to wait for a connection, in milliseconds; 250..600000."),
    SHUTDOWN_TIMEOUT_MS("PGMCP_SHUTDOWN_TIMEOUT_MS", "2000",
            "stdio transport: at end of stdin, how long calls in flight may finish before their statements are "
                    + "cancelled (they then answer that the server is shutting down), in milliseconds; 0..3600000."),
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
    ROLE_MAP("PGMCP_ROLE_MAP", "(none)",
            "Per-person roles: comma-separated `principal=role` entries (a bearer token's label or a JWT's `sub`; "
                    + "`local` for stdio and in-process calls); each call runs SET ROLE to its role, in its transaction."),
    ROLE_CLAIM("PGMCP_ROLE_CLAIM", "(none)",
            "Per-person roles: the JWT claim whose values PGMCP_ROLE_CLAIM_MAP maps, e.g. `groups`, `roles` or `oid`."),
    ROLE_CLAIM_MAP("PGMCP_ROLE_CLAIM_MAP", "(none)",
            "Per-person roles: comma-separated `value=role` entries for PGMCP_ROLE_CLAIM; when a token carries "
                    + "several, the entry listed first wins. PGMCP_ROLE_MAP wins over it."),
    ROLE_DEFAULT("PGMCP_ROLE_DEFAULT", "(none: refuse)",
            "Per-person roles: the role of a network caller no entry maps; unset = such a call is refused and "
                    + "nothing runs. Not used for the local process."),
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
            "Metrics registry the launcher enables: none or prometheus (scraped at GET /metrics of the HTTP transport)."),
    TOOLS("PGMCP_TOOLS", "(all)",
            "Comma-separated names of the tools to serve, e.g. `list_tables,describe_table,execute_query`; unset = "
                    + "every tool (built-in, discovered, such as `query` of pgmcp-tools-nlq, and added ones). Fewer tools make a smaller tool list "
                    + "in the model's context. A name no tool has stops the start, listing the available ones."),

    // Natural-language questions (the `query` tool; module pgmcp-tools-nlq; read by dev.pgmcp.nlq.LlmSettings, not PgMcpConfig).
    LLM_BASE_URL("PGMCP_LLM_BASE_URL", "https://api.openai.com/v1 when PGMCP_LLM_API_KEY is set",
            "`query` tool: base URL of an OpenAI-compatible chat-completions API (POST BASE/chat/completions); "
                    + "used when the client does not offer MCP sampling. http(s) only."),
    LLM_MODEL("PGMCP_LLM_MODEL", "gpt-4o-mini", "`query` tool: model name sent to the endpoint."),
    LLM_API_KEY("PGMCP_LLM_API_KEY", "(none)",
            "`query` tool: bearer key for the endpoint (optional for local servers); never logged or returned."),
    LLM_TIMEOUT_MS("PGMCP_LLM_TIMEOUT_MS", "30000", "`query` tool: timeout of one endpoint request, in milliseconds; 1000..600000."),
    LLM_MAX_RETRIES("PGMCP_LLM_MAX_RETRIES", "3",
            "`query` tool: retries of an endpoint request after HTTP 429, 5xx or a timeout (with backoff); 0..10."),
    LLM_MAX_SQL_RETRY("PGMCP_LLM_MAX_SQL_RETRY", "2",
            "`query` tool: how often generated SQL that was rejected or failed is sent back for correction; 0..10."),
    LLM_REQUESTS_PER_MINUTE("PGMCP_LLM_REQUESTS_PER_MINUTE", "60",
            "`query` tool: SQL-generation requests (sampling or endpoint) per minute, per process; 0 = no limit. 0..1000000."),
    LLM_TOKENS_PER_MINUTE("PGMCP_LLM_TOKENS_PER_MINUTE", "100000",
            "`query` tool: model tokens (prompt + answer, estimated before sending) per minute, per process; "
                    + "0 = no limit. 0..100000000."),
    LLM_SCHEMA_TOKENS("PGMCP_LLM_SCHEMA_TOKENS", "4000",
            "`query` tool: most tokens of schema description put in the prompt (the tables most relevant to the "
                    + "question first); 200..200000."),
    // The business-intelligence tools (module pgmcp-tools-bi; read by dev.pgmcp.bi.BiMapping, not PgMcpConfig).
    BI_MAPPING("PGMCP_BI_MAPPING", "(demo schema)",
            "BI tools: a .properties file mapping their customers and tickets tables, columns, open statuses and "
                    + "priorities to yours; checked against the catalog at start-up."),

    // The HTTP transport (module pgmcp-transport-http; read by dev.pgmcp.http.HttpSettings, not PgMcpConfig).
    HTTP_HOST("PGMCP_HTTP_HOST", "127.0.0.1", "HTTP transport: address to bind; anything but loopback needs authentication."),
    HTTP_PORT("PGMCP_HTTP_PORT", "8080", "HTTP transport: port to listen on; 0 = any free port. 0..65535."),
    HTTP_PATH("PGMCP_HTTP_PATH", "/mcp", "HTTP transport: path of the MCP endpoint."),
    HTTP_MODE("PGMCP_HTTP_MODE", "stateful",
            "HTTP transport: `stateful` (sessions, Mcp-Session-Id) or `stateless` (any instance answers any request; "
                    + "no server-to-client requests)."),
    HTTP_LEGACY_SSE("PGMCP_HTTP_LEGACY_SSE", "false",
            "HTTP transport: also serve the 2024-11-05 HTTP+SSE transport at /sse and /messages (true/false)."),
    HTTP_PUBLIC_URL("PGMCP_HTTP_PUBLIC_URL", "http://HOST:PORT/mcp",
            "HTTP transport: canonical URL of the MCP endpoint as clients reach it (behind a proxy: its https URL); "
                    + "the OAuth resource and audience."),
    HTTP_ALLOWED_ORIGINS("PGMCP_HTTP_ALLOWED_ORIGINS", "http(s)://localhost:*, http(s)://127.0.0.1:*, http(s)://[::1]:*",
            "HTTP transport: comma-separated Origin values accepted (`:*` = any port); others get 403. "
                    + "Requests without Origin are accepted."),
    HTTP_ALLOWED_HOSTS("PGMCP_HTTP_ALLOWED_HOSTS", "localhost:*,127.0.0.1:*,[::1]:*, and the public URL's host",
            "HTTP transport: comma-separated Host header values accepted (`:*` = any port); others get 403 "
                    + "(DNS-rebinding protection)."),
    HTTP_MAX_BODY_BYTES("PGMCP_HTTP_MAX_BODY_BYTES", "1048576",
            "HTTP transport: largest request body, in bytes; larger ones get 413. 1024..67108864."),
    HTTP_REQUEST_TIMEOUT_MS("PGMCP_HTTP_REQUEST_TIMEOUT_MS", "statement timeout + 30000",
            "HTTP transport: longest a request or an idle connection may last, in milliseconds; must exceed "
                    + "PGMCP_STATEMENT_TIMEOUT_MS. 1000..3600000."),
    HTTP_MAX_SESSIONS("PGMCP_HTTP_MAX_SESSIONS", "1000",
            "HTTP transport: most open MCP sessions; a new session beyond it gets 503. 1..1000000."),
    HTTP_MAX_IN_FLIGHT("PGMCP_HTTP_MAX_IN_FLIGHT", "128",
            "HTTP transport: most requests processed at once; more get 503 with Retry-After. 1..100000."),
    HTTP_SHUTDOWN_TIMEOUT_MS("PGMCP_HTTP_SHUTDOWN_TIMEOUT_MS", "30000",
            "HTTP transport: on shutdown, how long in-flight requests may finish, in milliseconds; 0..3600000."),
    HTTP_ACCESS_LOG("PGMCP_HTTP_ACCESS_LOG", "true",
            "HTTP transport: one stderr line per request (method, path, status, ms, principal; never a token)."),
    HTTP_AUTH("PGMCP_HTTP_AUTH", "none",
            "HTTP transport: `none` (refused unless bound to loopback), `bearer` (static tokens) or `oauth` (JWT access tokens)."),
    HTTP_BEARER_TOKENS("PGMCP_HTTP_BEARER_TOKENS", "(none)",
            "HTTP transport, `bearer`: comma-separated tokens, each `label:token` or a bare token (at least 16 characters); "
                    + "never logged."),
    HTTP_BEARER_TOKENS_FILE("PGMCP_HTTP_BEARER_TOKENS_FILE", "(none)",
            "HTTP transport, `bearer`: file with one `label:token` (or bare token) per line; `#` starts a comment."),
    HTTP_OAUTH_ISSUER("PGMCP_HTTP_OAUTH_ISSUER", "(none)",
            "HTTP transport, `oauth`: the authorization server's issuer; tokens' `iss` must equal it "
                    + "(Entra ID: https://login.microsoftonline.com/TENANT/v2.0)."),
    HTTP_OAUTH_JWKS_URL("PGMCP_HTTP_OAUTH_JWKS_URL", "from ISSUER/.well-known/openid-configuration",
            "HTTP transport, `oauth`: where the issuer's signing keys (JWKS) are fetched."),
    HTTP_OAUTH_AUDIENCE("PGMCP_HTTP_OAUTH_AUDIENCE", "the public URL",
            "HTTP transport, `oauth`: the `aud` tokens must carry (Entra ID: the application ID URI or client id)."),
    HTTP_OAUTH_REQUIRED_SCOPES("PGMCP_HTTP_OAUTH_REQUIRED_SCOPES", "(none)",
            "HTTP transport, `oauth`: comma-separated scopes every token must have (`scope` or `scp` claim); "
                    + "missing ones get 403 insufficient_scope."),
    HTTP_OAUTH_CLOCK_SKEW_SECONDS("PGMCP_HTTP_OAUTH_CLOCK_SKEW_SECONDS", "60",
            "HTTP transport, `oauth`: tolerance on `exp` and `nbf`, in seconds; 0..300."),
    HTTP_TLS_KEYSTORE("PGMCP_HTTP_TLS_KEYSTORE", "(none)",
            "HTTP transport: a PKCS#12 keystore (key and certificate chain); when set, the server speaks HTTPS only."),
    HTTP_TLS_KEYSTORE_PASSWORD("PGMCP_HTTP_TLS_KEYSTORE_PASSWORD", "(none)",
            "HTTP transport: the keystore's password; never logged."),
    HTTP_REQUEST_STATE_KEY("PGMCP_HTTP_REQUEST_STATE_KEY", "(random per process)",
            "HTTP transport: secret of at least 32 characters that signs the `requestState` of multi round-trip "
                    + "requests (2026-07-28); give every instance behind a load balancer the same one so a retry "
                    + "may reach any of them. Never logged.");

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

    /**
     * @param alias a database alias, e.g. {@code analytics}
     * @return this setting's variable for that database, e.g. {@code PGMCP_DATABASE_ANALYTICS_URL}
     *         (for the per-database {@code <NAME>} settings; others are returned unchanged)
     */
    public String forDatabase(String alias) {
        return env.replace("<NAME>", alias.toUpperCase(java.util.Locale.ROOT));
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
