package dev.pgmcp.settings;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.ConnectionUrl;
import dev.pgmcp.config.DatabaseConfig;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.config.RoleMapping;
import dev.pgmcp.config.SearchPath;
import dev.pgmcp.config.SslMode;
import dev.pgmcp.config.ValidationMode;

import java.nio.file.Path;
import java.util.List;

/**
 * Maps {@link Settings} onto {@link PgMcpConfig.Builder}: the database from {@code PGMCP_DATABASE_URL},
 * {@code DATABASE_URL}, libpq's {@code PG*} variables or {@code PGMCP_DATABASES}, and the {@code PGMCP_*}
 * limits. A setting that is unset leaves the builder's default. The optional modules read their own
 * settings from the same {@link Settings} ({@code PGMCP_LLM_*}: {@code dev.pgmcp.nlq.LlmSettings} of
 * {@code pgmcp-tools-nlq}; {@code PGMCP_BI_MAPPING}: {@code pgmcp-tools-bi}).
 *
 * <pre>{@code
 * PgMcpConfig config = CoreSettings.config(Settings.load(System.getenv()));
 * }</pre>
 */
public final class CoreSettings {

    /** The largest cost budget accepted (PostgreSQL's cost units), as {@code PgMcpConfig} checks it. */
    private static final long MAX_QUERY_COST = 1_000_000_000_000_000L;

    private CoreSettings() {
    }

    /**
     * Builds the configuration, after checking every other profile of the file too: a typo in the
     * {@code azure_prod} profile fails on the laptop as well.
     *
     * @param settings the settings in force ({@link Settings#load})
     * @return the validated configuration
     * @throws ConfigException naming the variable when a value is invalid, or naming {@code PGMCP_PROFILE}
     *                         (with the profile and the variable in the message) when another profile is
     */
    public static PgMcpConfig config(Settings settings) {
        settings.otherProfiles().forEach((profile, other) -> {
            try {
                builder(other).build();
            } catch (ConfigException e) {
                throw new ConfigException(Setting.PROFILE.env(), "profile '" + profile + "' in "
                        + Setting.CONFIG_FILE.env() + " is invalid: " + e.getMessage());
            }
        });
        return builder(settings).build();
    }

    /**
     * @param settings the settings in force
     * @return a builder holding them, so that a host application can still change some before
     *         {@link PgMcpConfig.Builder#build()}
     * @throws ConfigException naming the variable when a value cannot be parsed, or {@code PGMCP_DATABASE_URL}
     *                         when no database is configured
     */
    public static PgMcpConfig.Builder builder(Settings settings) {
        return apply(settings, PgMcpConfig.builder());
    }

    /**
     * @param settings the settings in force
     * @param b        the builder to add the databases and set the limits on
     * @return {@code b}
     * @throws ConfigException as {@link #builder(Settings)}
     */
    public static PgMcpConfig.Builder apply(Settings settings, PgMcpConfig.Builder b) {
        String list = settings.string(Setting.DATABASES.env());
        if (list != null) {
            namedDatabases(settings, b, list);
        } else {
            singleDatabase(settings, b);
        }
        return limits(settings, b);
    }

    /**
     * @param settings the settings in force
     * @return whether they name a database: {@code PGMCP_DATABASES}, {@code PGMCP_DATABASE_URL},
     *         {@code DATABASE_URL} or one of {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}
     */
    public static boolean databaseConfigured(Settings settings) {
        return settings.isSet(Setting.DATABASES.env()) || settings.isSet(Setting.DATABASE_URL.env())
                || settings.isSet("DATABASE_URL") || anyLibpqVariable(settings);
    }

    /** {@code PGMCP_DATABASES=main,analytics} with {@code PGMCP_DATABASE_<NAME>_*} for each. */
    private static void namedDatabases(Settings s, PgMcpConfig.Builder b, String list) {
        for (Setting single : new Setting[]{Setting.DATABASE_URL, Setting.DATABASE_NAME, Setting.DATABASE_PASSWORD_FILE,
                Setting.REPLICA_URLS}) {
            if (s.isSet(single.env())) {
                throw new ConfigException(single.env(), "cannot be combined with " + Setting.DATABASES.env()
                        + "; set the PGMCP_DATABASE_<NAME>_* variables of each database instead");
            }
        }
        SslMode defaultSsl = sslMode(s, Setting.PGSSLMODE.env());
        String defaultAuth = s.string(Setting.DATABASE_AUTH.env());
        for (String raw : list.split(",")) {
            String alias = raw.trim();
            if (alias.isEmpty()) {
                continue;
            }
            String urlVar = Setting.DATABASE_N_URL.forDatabase(alias);
            String url = s.string(urlVar);
            if (url == null) {
                throw new ConfigException(urlVar, "is required: database '" + alias + "' is listed in "
                        + Setting.DATABASES.env());
            }
            ConnectionUrl parsed = ConnectionUrl.parse(urlVar, url);
            String sslVar = Setting.DATABASE_N_SSLMODE.forDatabase(alias);
            SslMode ssl = s.isSet(sslVar) ? sslMode(s, sslVar) : defaultSsl;
            String auth = s.string(Setting.DATABASE_N_AUTH.forDatabase(alias), defaultAuth);
            b.database(alias, parsed, s.string(Setting.DATABASE_N_USER.forDatabase(alias)),
                    s.string(Setting.DATABASE_N_PASSWORD.forDatabase(alias)), parsed.sslMode() == null ? ssl : null,
                    auth, s.path(Setting.DATABASE_N_PASSWORD_FILE.forDatabase(alias)).orElse(null));
            s.integer(Setting.DATABASE_N_MAX_QUERY_COST.forDatabase(alias), 0, MAX_QUERY_COST)
                    .ifPresent(v -> b.maxQueryCost(alias, v));
            replicas(s, b, alias, Setting.DATABASE_N_REPLICA_URLS.forDatabase(alias));
        }
    }

    /**
     * The standbys of database {@code alias} from {@code variable}: URLs separated by commas, where a comma
     * followed by a scheme ({@code postgres://}, {@code postgresql://}, {@code jdbc:postgresql://}) starts the
     * next URL, and any other comma stays in its URL (the host list of a multi-host URL).
     */
    private static void replicas(Settings s, PgMcpConfig.Builder b, String alias, String variable) {
        String value = s.string(variable);
        if (value == null || value.isBlank()) {
            return;
        }
        List<ConnectionUrl> urls = new java.util.ArrayList<>();
        for (String url : replicaUrls(value)) {
            urls.add(ConnectionUrl.parse(variable, url));
        }
        b.replicas(alias, urls);
    }

    /** @return the URLs of a comma-separated list (see {@link #replicas}), trimmed, empty entries left out */
    static List<String> replicaUrls(String value) {
        List<String> urls = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : value.split(",", -1)) {
            if (piece.isBlank()) {
                continue; // a stray or trailing comma
            }
            String t = piece.trim().toLowerCase(java.util.Locale.ROOT);
            boolean starts = t.startsWith("postgres://") || t.startsWith("postgresql://")
                    || t.startsWith("jdbc:postgresql:");
            if (starts && current.length() > 0) {
                urls.add(current.toString().trim());
                current.setLength(0);
            } else if (current.length() > 0) {
                current.append(',');
            }
            current.append(piece);
        }
        if (!current.toString().isBlank()) {
            urls.add(current.toString().trim());
        }
        return urls;
    }

    private static void singleDatabase(Settings s, PgMcpConfig.Builder b) {
        String name = s.string(Setting.DATABASE_NAME.env(), DatabaseConfig.DEFAULT_NAME);
        String urlSetting = Setting.DATABASE_URL.env();
        String url = s.string(urlSetting);
        if (url == null && s.isSet("DATABASE_URL")) {
            urlSetting = "DATABASE_URL";
            url = s.string(urlSetting);
        }
        SslMode sslMode = sslMode(s, Setting.PGSSLMODE.env());
        String auth = s.string(Setting.DATABASE_AUTH.env());
        Path passwordFile = s.path(Setting.DATABASE_PASSWORD_FILE.env()).orElse(null);
        if (url != null) {
            ConnectionUrl parsed = ConnectionUrl.parse(urlSetting, url);
            // PGPASSWORD fills in a password the URL leaves out, as libpq does.
            String password = parsed.password() == null ? s.string(Setting.PGPASSWORD.env()) : null;
            b.database(name, parsed, null, password, parsed.sslMode() == null ? sslMode : null, auth, passwordFile);
            replicas(s, b, name, Setting.REPLICA_URLS.env());
        } else if (anyLibpqVariable(s)) {
            String host = s.string(Setting.PGHOST.env(), "localhost");
            String port = s.string(Setting.PGPORT.env(), "5432");
            s.integer(Setting.PGPORT.env(), 1, 65535); // the default, 5432, needs no check
            ConnectionUrl parsed = ConnectionUrl.ofHosts(hostList(host, port), s.string(Setting.PGDATABASE.env()));
            b.database(name, parsed, s.string(Setting.PGUSER.env()), s.string(Setting.PGPASSWORD.env()), sslMode, auth,
                    passwordFile);
            replicas(s, b, name, Setting.REPLICA_URLS.env());
        } else {
            // Name a variable the user can set, not the builder's internal "database".
            throw new ConfigException(Setting.DATABASE_URL.env(), "no database configured; set PGMCP_DATABASE_URL "
                    + "(or DATABASE_URL, or PGHOST/PGPORT/PGDATABASE/PGUSER, or PGMCP_DATABASES)");
        }
    }

    private static PgMcpConfig.Builder limits(Settings s, PgMcpConfig.Builder b) {
        s.integer(Setting.MAX_ROWS.env(), 1, 1_000_000).ifPresent(v -> b.maxRows((int) v));
        s.integer(Setting.MAX_RESULT_BYTES.env(), 1024, 1L << 30).ifPresent(b::maxResultBytes);
        s.integer(Setting.MAX_CELL_BYTES.env(), 64, 1L << 30).ifPresent(b::maxCellBytes);
        s.integer(Setting.MAX_QUERY_COST.env(), 0, MAX_QUERY_COST).ifPresent(b::maxQueryCost);
        s.millis(Setting.REPLICA_MAX_LAG_MS.env(), 0, 3_600_000).ifPresent(b::replicaMaxLag);
        s.integer(Setting.MAX_READ_BUFFER_BYTES.env(), 64L * 1024, 1L << 40).ifPresent(b::maxReadBufferBytes);
        s.millis(Setting.STATEMENT_TIMEOUT_MS.env(), 1, 3_600_000).ifPresent(b::statementTimeout);
        s.millis(Setting.LOCK_TIMEOUT_MS.env(), 1, 3_600_000).ifPresent(b::lockTimeout);
        s.millis(Setting.IDLE_IN_TRANSACTION_TIMEOUT_MS.env(), 1, 3_600_000).ifPresent(b::idleInTransactionTimeout);
        s.integer(Setting.POOL_MIN_IDLE.env(), 0, 1000).ifPresent(v -> b.poolMinIdle((int) v));
        s.integer(Setting.POOL_MAX_SIZE.env(), 1, 1000).ifPresent(v -> b.poolMaxSize((int) v));
        s.millis(Setting.CONNECT_TIMEOUT_MS.env(), 250, 600_000).ifPresent(b::connectTimeout);
        s.millis(Setting.SHUTDOWN_TIMEOUT_MS.env(), 0, 3_600_000).ifPresent(b::shutdownTimeout);
        s.seconds(Setting.SCHEMA_CACHE_TTL_SECONDS.env(), 0, 86_400).ifPresent(b::schemaCacheTtl);
        if (s.isSet(Setting.DENIED_FUNCTIONS.env())) {
            b.denyFunctions(s.list(Setting.DENIED_FUNCTIONS.env()));
        }
        s.bool(Setting.ALLOW_UNSAFE_ROLE.env()).ifPresent(b::allowUnsafeRole);
        String validation = s.string(Setting.VALIDATION.env());
        if (validation != null) {
            b.validation(ValidationMode.parse(Setting.VALIDATION.env(), validation));
        }
        b.allowFunctions(s.list(Setting.ALLOWED_FUNCTIONS.env()));
        b.allowSchemas(s.list(Setting.ALLOWED_SCHEMAS.env()));
        b.denySchemas(s.list(Setting.DENIED_SCHEMAS.env()));
        b.allowTables(s.list(Setting.ALLOWED_TABLES.env()));
        b.denyTables(s.list(Setting.DENIED_TABLES.env()));
        String searchPath = s.string(Setting.SEARCH_PATH.env());
        if (searchPath != null) {
            b.searchPath(SearchPath.parse(Setting.SEARCH_PATH.env(), searchPath));
        }
        s.integer(Setting.RATE_LIMIT_PER_MINUTE.env(), 0, 1_000_000).ifPresent(b::rateLimitPerMinute);
        s.integer(Setting.RATE_LIMIT_PER_HOUR.env(), 0, 1_000_000).ifPresent(b::rateLimitPerHour);
        String auditLog = s.string(Setting.AUDIT_LOG.env());
        if (auditLog != null) {
            b.auditLog(auditLog);
        }
        String metrics = s.string(Setting.METRICS.env());
        if (metrics != null) {
            b.metrics(metrics);
        }
        roleMapping(s, b);
        String tools = s.string(Setting.TOOLS.env());
        if (tools != null) {
            List<String> names = s.list(Setting.TOOLS.env());
            if (names.isEmpty()) {
                throw new ConfigException(Setting.TOOLS.env(), "'" + tools + "' names no tool; leave it unset to serve every tool");
            }
            b.tools(names);
        }
        return b;
    }

    /** {@code PGMCP_ROLE_MAP}, {@code PGMCP_ROLE_CLAIM}, {@code PGMCP_ROLE_CLAIM_MAP}, {@code PGMCP_ROLE_DEFAULT}. */
    private static void roleMapping(Settings s, PgMcpConfig.Builder b) {
        RoleMapping.Builder m = RoleMapping.builder();
        pairs(s, Setting.ROLE_MAP.env(), "principal=role", m::principal);
        m.claim(s.string(Setting.ROLE_CLAIM.env()));
        pairs(s, Setting.ROLE_CLAIM_MAP.env(), "value=role", m::claimValue);
        m.defaultRole(s.string(Setting.ROLE_DEFAULT.env()));
        RoleMapping mapping = m.build();
        if (mapping.enabled() || mapping.claim() != null) {
            b.roleMapping(mapping);
        }
    }

    /** Each entry {@code key=value}, split at its last {@code =} (a claim value may end in {@code =}). */
    private static void pairs(Settings s, String setting, String form, java.util.function.BiConsumer<String, String> to) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String entry : s.list(setting)) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigException(setting, "'" + entry + "' is not " + form);
            }
            String key = entry.substring(0, eq).trim();
            if (!seen.add(key)) {
                throw new ConfigException(setting, "'" + key + "' is mapped twice");
            }
            to.accept(key, entry.substring(eq + 1).trim());
        }
    }

    private static SslMode sslMode(Settings s, String key) {
        String v = s.string(key);
        return v == null ? null : SslMode.parse(key, v);
    }

    private static boolean anyLibpqVariable(Settings s) {
        for (Setting v : new Setting[]{Setting.PGHOST, Setting.PGPORT, Setting.PGDATABASE, Setting.PGUSER}) {
            if (s.isSet(v.env())) {
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
}
