package dev.pgmcp.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies environment variables to a {@link PgMcpConfig.Builder}: the database from
 * {@code PGMCP_DATABASE_URL}, {@code DATABASE_URL} or libpq's {@code PG*} variables, and the
 * {@code PGMCP_*} limits. A variable that is unset leaves the builder's default.
 */
final class EnvironmentReader {

    private final Map<String, String> env;

    EnvironmentReader(Map<String, String> env) {
        this.env = env;
    }

    PgMcpConfig.Builder apply(PgMcpConfig.Builder b) {
        String list = get(Setting.DATABASES.env());
        if (list != null) {
            namedDatabases(b, list);
        } else {
            singleDatabase(b);
        }
        return limits(b);
    }

    /** {@code PGMCP_DATABASES=main,analytics} with {@code PGMCP_DATABASE_<NAME>_*} for each. */
    private void namedDatabases(PgMcpConfig.Builder b, String list) {
        for (Setting single : new Setting[]{Setting.DATABASE_URL, Setting.DATABASE_NAME, Setting.DATABASE_PASSWORD_FILE}) {
            if (get(single.env()) != null) {
                throw new ConfigException(single.env(), "cannot be combined with " + Setting.DATABASES.env()
                        + "; set the PGMCP_DATABASE_<NAME>_* variables of each database instead");
            }
        }
        SslMode defaultSsl = get(Setting.PGSSLMODE.env()) == null ? null
                : SslMode.parse(Setting.PGSSLMODE.env(), get(Setting.PGSSLMODE.env()));
        String defaultAuth = get(Setting.DATABASE_AUTH.env());
        for (String raw : list.split(",")) {
            String alias = raw.trim();
            if (alias.isEmpty()) {
                continue;
            }
            String urlVar = Setting.DATABASE_N_URL.forDatabase(alias);
            String url = get(urlVar);
            if (url == null) {
                throw new ConfigException(urlVar, "is required: database '" + alias + "' is listed in "
                        + Setting.DATABASES.env());
            }
            ConnectionUrl parsed = ConnectionUrl.parse(urlVar, url);
            String sslVar = Setting.DATABASE_N_SSLMODE.forDatabase(alias);
            SslMode ssl = get(sslVar) == null ? defaultSsl : SslMode.parse(sslVar, get(sslVar));
            String auth = get(Setting.DATABASE_N_AUTH.forDatabase(alias));
            String file = get(Setting.DATABASE_N_PASSWORD_FILE.forDatabase(alias));
            b.database(alias, parsed, get(Setting.DATABASE_N_USER.forDatabase(alias)),
                    get(Setting.DATABASE_N_PASSWORD.forDatabase(alias)), parsed.sslMode() == null ? ssl : null,
                    auth == null ? defaultAuth : auth, file == null ? null : java.nio.file.Path.of(file));
        }
    }

    private void singleDatabase(PgMcpConfig.Builder b) {
        String name = get(Setting.DATABASE_NAME.env());
        name = name == null ? DatabaseConfig.DEFAULT_NAME : name;
        String urlSetting = Setting.DATABASE_URL.env();
        String url = get(urlSetting);
        if (url == null && get("DATABASE_URL") != null) {
            urlSetting = "DATABASE_URL";
            url = get(urlSetting);
        }
        SslMode sslMode = get(Setting.PGSSLMODE.env()) == null ? null
                : SslMode.parse(Setting.PGSSLMODE.env(), get(Setting.PGSSLMODE.env()));
        String auth = get(Setting.DATABASE_AUTH.env());
        String file = get(Setting.DATABASE_PASSWORD_FILE.env());
        java.nio.file.Path passwordFile = file == null ? null : java.nio.file.Path.of(file);
        if (url != null) {
            ConnectionUrl parsed = ConnectionUrl.parse(urlSetting, url);
            // PGPASSWORD fills in a password the URL leaves out, as libpq does.
            String password = parsed.password() == null ? get(Setting.PGPASSWORD.env()) : null;
            b.database(name, parsed, null, password, parsed.sslMode() == null ? sslMode : null, auth, passwordFile);
        } else if (anyLibpqVariable()) {
            String host = orDefault(Setting.PGHOST.env(), "localhost");
            String port = orDefault(Setting.PGPORT.env(), "5432");
            integer(Setting.PGPORT.env(), port, 1, 65535);
            String database = get(Setting.PGDATABASE.env());
            ConnectionUrl parsed = new ConnectionUrl(ConnectionUrl.jdbc(hostList(host, port), database == null ? "" : database,
                    new LinkedHashMap<>()), null, null, null);
            b.database(name, parsed, get(Setting.PGUSER.env()), get(Setting.PGPASSWORD.env()), sslMode, auth, passwordFile);
        } else {
            // Name a variable the user can set, not the builder's internal "database".
            throw new ConfigException(Setting.DATABASE_URL.env(), "no database configured; set PGMCP_DATABASE_URL "
                    + "(or DATABASE_URL, or PGHOST/PGPORT/PGDATABASE/PGUSER, or PGMCP_DATABASES), pass --url, or use --demo");
        }
    }

    private PgMcpConfig.Builder limits(PgMcpConfig.Builder b) {
        ifSet(Setting.MAX_ROWS, v -> b.maxRows((int) integer(Setting.MAX_ROWS.env(), v, 1, 1_000_000)));
        ifSet(Setting.MAX_RESULT_BYTES, v -> b.maxResultBytes(integer(Setting.MAX_RESULT_BYTES.env(), v, 1024, 1L << 30)));
        ifSet(Setting.MAX_CELL_BYTES, v -> b.maxCellBytes(integer(Setting.MAX_CELL_BYTES.env(), v, 64, 1L << 30)));
        ifSet(Setting.MAX_READ_BUFFER_BYTES,
                v -> b.maxReadBufferBytes(integer(Setting.MAX_READ_BUFFER_BYTES.env(), v, 64L * 1024, 1L << 40)));
        ifSet(Setting.STATEMENT_TIMEOUT_MS, v -> b.statementTimeout(millis(Setting.STATEMENT_TIMEOUT_MS, v, 1, 3_600_000)));
        ifSet(Setting.LOCK_TIMEOUT_MS, v -> b.lockTimeout(millis(Setting.LOCK_TIMEOUT_MS, v, 1, 3_600_000)));
        ifSet(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS,
                v -> b.idleInTransactionTimeout(millis(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS, v, 1, 3_600_000)));
        ifSet(Setting.POOL_MIN_IDLE, v -> b.poolMinIdle((int) integer(Setting.POOL_MIN_IDLE.env(), v, 0, 1000)));
        ifSet(Setting.POOL_MAX_SIZE, v -> b.poolMaxSize((int) integer(Setting.POOL_MAX_SIZE.env(), v, 1, 1000)));
        ifSet(Setting.CONNECT_TIMEOUT_MS, v -> b.connectTimeout(millis(Setting.CONNECT_TIMEOUT_MS, v, 250, 600_000)));
        ifSet(Setting.SHUTDOWN_TIMEOUT_MS, v -> b.shutdownTimeout(millis(Setting.SHUTDOWN_TIMEOUT_MS, v, 0, 3_600_000)));
        ifSet(Setting.SCHEMA_CACHE_TTL_SECONDS, v -> b.schemaCacheTtl(
                Duration.ofSeconds(integer(Setting.SCHEMA_CACHE_TTL_SECONDS.env(), v, 0, 86_400))));
        ifSet(Setting.DENIED_FUNCTIONS, v -> b.denyFunctions(Arrays.asList(v.split(","))));
        ifSet(Setting.ALLOW_UNSAFE_ROLE, v -> b.allowUnsafeRole(bool(Setting.ALLOW_UNSAFE_ROLE.env(), v)));
        ifSet(Setting.VALIDATION, v -> b.validation(ValidationMode.parse(Setting.VALIDATION.env(), v)));
        ifSet(Setting.ALLOWED_FUNCTIONS, v -> b.allowFunctions(Arrays.asList(v.split(","))));
        ifSet(Setting.ALLOWED_SCHEMAS, v -> b.allowSchemas(Arrays.asList(v.split(","))));
        ifSet(Setting.DENIED_SCHEMAS, v -> b.denySchemas(Arrays.asList(v.split(","))));
        ifSet(Setting.ALLOWED_TABLES, v -> b.allowTables(Arrays.asList(v.split(","))));
        ifSet(Setting.DENIED_TABLES, v -> b.denyTables(Arrays.asList(v.split(","))));
        ifSet(Setting.SEARCH_PATH, v -> b.searchPath(SearchPath.parse(Setting.SEARCH_PATH.env(), v)));
        ifSet(Setting.RATE_LIMIT_PER_MINUTE,
                v -> b.rateLimitPerMinute(integer(Setting.RATE_LIMIT_PER_MINUTE.env(), v, 0, 1_000_000)));
        ifSet(Setting.RATE_LIMIT_PER_HOUR,
                v -> b.rateLimitPerHour(integer(Setting.RATE_LIMIT_PER_HOUR.env(), v, 0, 1_000_000)));
        ifSet(Setting.AUDIT_LOG, b::auditLog);
        ifSet(Setting.METRICS, b::metrics);
        ifSet(Setting.TOOLS, v -> {
            List<String> names = Arrays.stream(v.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
            if (names.isEmpty()) {
                throw new ConfigException(Setting.TOOLS.env(), "'" + v + "' names no tool; leave it unset to serve every tool");
            }
            b.tools(names);
        });
        b.llm(llm());
        return b;
    }

    /** The {@code PGMCP_LLM_*} settings of the natural-language {@code query} tool. */
    private LlmSettings llm() {
        LlmSettings.Builder l = LlmSettings.builder();
        ifSet(Setting.LLM_BASE_URL, l::baseUrl);
        ifSet(Setting.LLM_MODEL, l::model);
        ifSet(Setting.LLM_API_KEY, l::apiKey);
        ifSet(Setting.LLM_TIMEOUT_MS, v -> l.timeout(millis(Setting.LLM_TIMEOUT_MS, v, 1000, 600_000)));
        ifSet(Setting.LLM_MAX_RETRIES, v -> l.maxRetries((int) integer(Setting.LLM_MAX_RETRIES.env(), v, 0, 10)));
        ifSet(Setting.LLM_MAX_SQL_RETRY, v -> l.maxSqlRetry((int) integer(Setting.LLM_MAX_SQL_RETRY.env(), v, 0, 10)));
        ifSet(Setting.LLM_REQUESTS_PER_MINUTE,
                v -> l.requestsPerMinute(integer(Setting.LLM_REQUESTS_PER_MINUTE.env(), v, 0, 1_000_000)));
        ifSet(Setting.LLM_TOKENS_PER_MINUTE,
                v -> l.tokensPerMinute(integer(Setting.LLM_TOKENS_PER_MINUTE.env(), v, 0, 100_000_000)));
        ifSet(Setting.LLM_SCHEMA_TOKENS, v -> l.schemaTokens((int) integer(Setting.LLM_SCHEMA_TOKENS.env(), v, 200, 200_000)));
        return l.build();
    }

    private boolean anyLibpqVariable() {
        for (Setting s : new Setting[]{Setting.PGHOST, Setting.PGPORT, Setting.PGDATABASE, Setting.PGUSER}) {
            if (get(s.env()) != null) {
                return true;
            }
        }
        return false;
    }

    /** PGHOST may list several hosts, and PGPORT one port for all or one per host (libpq). */
    private static String hostList(String hosts, String ports) {
        String[] h = hosts.split(",");
        String[] p = ports.split(",");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(h[i].trim()).append(':').append(p.length == h.length ? p[i].trim() : p[0].trim());
        }
        return sb.toString();
    }

    private String get(String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String orDefault(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    private void ifSet(Setting s, java.util.function.Consumer<String> action) {
        String v = get(s.env());
        if (v != null) {
            action.accept(v);
        }
    }

    private static Duration millis(Setting s, String v, long min, long max) {
        return Duration.ofMillis(integer(s.env(), v, min, max));
    }

    static boolean bool(String setting, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(setting, "'" + value + "' is not true or false");
        };
    }

    static long integer(String setting, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "'" + value + "' is not a whole number (allowed " + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new ConfigException(setting, "is " + n + "; allowed range is " + min + ".." + max);
        }
        return n;
    }
}
