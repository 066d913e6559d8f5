package dev.pgmcp.http;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.settings.Settings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The HTTP transport's settings: where to listen, which transport flavour, the network safety limits
 * and the authentication method. Validated once by {@link Builder#build()} and then immutable.
 *
 * <p>Two ways in: the {@link #builder()} for host applications, and {@link #from(Settings)} for the
 * {@code PGMCP_HTTP_*} settings as module pgmcp-settings reads them (each one is a {@link Setting}; the
 * settings reference in docs/configuration.md documents them). Errors are {@link ConfigException}s
 * naming the variable. These settings live in this module rather than in {@code PgMcpConfig} so the
 * core stays free of HTTP concerns.
 */
public final class HttpSettings {

    /** Streamable HTTP with sessions, or the stateless variant. */
    public enum Mode {
        /** Sessions ({@code Mcp-Session-Id}); the server may stream and send requests to the client. */
        STATEFUL,
        /** No sessions: every POST stands alone; any instance can answer any request. */
        STATELESS
    }

    /** How clients authenticate. */
    public enum AuthMode {
        /** Nobody authenticates; only allowed on a loopback address. */
        NONE,
        /** Static bearer tokens from {@code PGMCP_HTTP_BEARER_TOKENS} or a file. */
        BEARER,
        /** OAuth 2.1 JWT access tokens, validated against the issuer's JWKS. */
        OAUTH
    }

    /** Tokens shorter than this are refused: a short static secret can be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final String host;
    private final int port;
    private final String path;
    private final Mode mode;
    private final boolean legacySse;
    private final URI publicUrl;
    private final boolean publicUrlGiven;
    private final List<String> allowedOrigins;
    private final List<String> allowedHosts;
    private final int maxBodyBytes;
    private final Duration requestTimeout;
    private final int maxSessions;
    private final int maxInFlight;
    private final Duration shutdownTimeout;
    private final boolean accessLog;
    private final AuthMode auth;
    private final List<StaticToken> bearerTokens;
    private final String oauthIssuer;
    private final URI oauthJwksUrl;
    private final String oauthAudience;
    private final Set<String> oauthRequiredScopes;
    private final Duration oauthClockSkew;
    private final Path tlsKeystore;
    private final String tlsKeystorePassword;
    private final byte[] requestStateKey;

    private HttpSettings(Builder b, URI publicUrl, List<String> allowedHosts, List<StaticToken> tokens) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.mode = b.mode;
        this.legacySse = b.legacySse;
        this.publicUrl = publicUrl;
        this.publicUrlGiven = b.publicUrl != null;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.allowedHosts = List.copyOf(allowedHosts);
        this.maxBodyBytes = b.maxBodyBytes;
        this.requestTimeout = b.requestTimeout;
        this.maxSessions = b.maxSessions;
        this.maxInFlight = b.maxInFlight;
        this.shutdownTimeout = b.shutdownTimeout;
        this.accessLog = b.accessLog;
        this.auth = b.auth;
        this.bearerTokens = List.copyOf(tokens);
        this.oauthIssuer = b.oauthIssuer;
        this.oauthJwksUrl = b.oauthJwksUrl;
        this.oauthAudience = b.oauthAudience != null ? b.oauthAudience : publicUrl.toString();
        this.oauthRequiredScopes = Set.copyOf(b.oauthRequiredScopes);
        this.oauthClockSkew = b.oauthClockSkew;
        this.tlsKeystore = b.tlsKeystore;
        this.tlsKeystorePassword = b.tlsKeystorePassword;
        this.requestStateKey = b.requestStateKey;
    }

    /** @return a builder with every setting at its documented default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Maps the {@code PGMCP_HTTP_*} settings (see {@link Setting}) onto a builder; unset ones keep their
     * defaults. The settings are read by {@link Settings#load} (environment, {@code PGMCP_CONFIG_FILE}
     * and its profile), as pgmcp-core's are.
     *
     * @param settings the settings in force, e.g. {@code Settings.load(System.getenv())}
     * @return a builder holding those values, so a launcher can still override some (e.g. {@code --port})
     * @throws ConfigException naming the variable when a value cannot be parsed or a token file cannot be read
     */
    public static Builder from(Settings settings) {
        Builder b = builder();
        ifSet(settings, Setting.HTTP_HOST, b::host);
        settings.integer(Setting.HTTP_PORT.env()).ifPresent(v -> b.port((int) v));
        ifSet(settings, Setting.HTTP_PATH, b::path);
        settings.choice(Setting.HTTP_MODE.env(), Mode.class).ifPresent(b::mode);
        settings.bool(Setting.HTTP_LEGACY_SSE.env()).ifPresent(b::legacySse);
        ifSet(settings, Setting.HTTP_PUBLIC_URL, b::publicUrl);
        if (settings.isSet(Setting.HTTP_ALLOWED_ORIGINS.env())) {
            b.allowedOrigins(settings.list(Setting.HTTP_ALLOWED_ORIGINS.env()));
        }
        if (settings.isSet(Setting.HTTP_ALLOWED_HOSTS.env())) {
            b.allowedHosts(settings.list(Setting.HTTP_ALLOWED_HOSTS.env()));
        }
        // The builder checks the ranges; a number beyond int is kept beyond them.
        settings.integer(Setting.HTTP_MAX_BODY_BYTES.env()).ifPresent(v -> b.maxBodyBytes(atMostInt(v)));
        settings.integer(Setting.HTTP_REQUEST_TIMEOUT_MS.env()).ifPresent(v -> b.requestTimeout(Duration.ofMillis(v)));
        settings.integer(Setting.HTTP_MAX_SESSIONS.env()).ifPresent(v -> b.maxSessions(atMostInt(v)));
        settings.integer(Setting.HTTP_MAX_IN_FLIGHT.env()).ifPresent(v -> b.maxInFlight(atMostInt(v)));
        settings.integer(Setting.HTTP_SHUTDOWN_TIMEOUT_MS.env()).ifPresent(v -> b.shutdownTimeout(Duration.ofMillis(v)));
        settings.bool(Setting.HTTP_ACCESS_LOG.env()).ifPresent(b::accessLog);
        settings.choice(Setting.HTTP_AUTH.env(), AuthMode.class).ifPresent(b::auth);
        if (settings.isSet(Setting.HTTP_BEARER_TOKENS.env())) {
            b.bearerTokenSpecs(Setting.HTTP_BEARER_TOKENS.env(), settings.list(Setting.HTTP_BEARER_TOKENS.env()));
        }
        settings.path(Setting.HTTP_BEARER_TOKENS_FILE.env())
                .ifPresent(f -> b.bearerTokenSpecs(Setting.HTTP_BEARER_TOKENS_FILE.env(), tokenFile(f)));
        ifSet(settings, Setting.HTTP_OAUTH_ISSUER, b::oauthIssuer);
        ifSet(settings, Setting.HTTP_OAUTH_JWKS_URL, v -> b.oauthJwksUrl(uri(Setting.HTTP_OAUTH_JWKS_URL, v)));
        ifSet(settings, Setting.HTTP_OAUTH_AUDIENCE, b::oauthAudience);
        ifSet(settings, Setting.HTTP_OAUTH_REQUIRED_SCOPES,
                v -> b.oauthRequiredScopes(new LinkedHashSet<>(Arrays.asList(v.split("[,\\s]+")))));
        settings.integer(Setting.HTTP_OAUTH_CLOCK_SKEW_SECONDS.env())
                .ifPresent(v -> b.oauthClockSkew(Duration.ofSeconds(v)));
        ifSet(settings, Setting.HTTP_REQUEST_STATE_KEY, b::requestStateKey);
        // The keystore password is taken as written (untrimmed): spaces may be part of it.
        settings.path(Setting.HTTP_TLS_KEYSTORE.env()).ifPresent(keystore -> b.tls(keystore,
                settings.asMap().get(Setting.HTTP_TLS_KEYSTORE_PASSWORD.env())));
        return b;
    }

    private static void ifSet(Settings settings, Setting setting, Consumer<String> action) {
        String v = settings.string(setting.env());
        if (v != null) {
            action.accept(v);
        }
    }

    private static int atMostInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    /** @return the token lines of a {@code PGMCP_HTTP_BEARER_TOKENS_FILE}: blank lines and {@code #} comments left out */
    private static List<String> tokenFile(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(Setting.HTTP_BEARER_TOKENS_FILE.env(), "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static URI uri(Setting s, String v) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException(s.env(), "'" + v + "' is not a URL");
        }
    }

    /** @return the address to bind ({@code 127.0.0.1} by default) */
    public String host() {
        return host;
    }

    /** @return the port to listen on; 0 picks a free one */
    public int port() {
        return port;
    }

    /** @return the MCP endpoint's path inside the servlet context, e.g. {@code /mcp} */
    public String path() {
        return path;
    }

    /** @return stateful (sessions) or stateless Streamable HTTP */
    public Mode mode() {
        return mode;
    }

    /** @return whether the 2024-11-05 HTTP+SSE transport is also served at {@code /sse} and {@code /messages} */
    public boolean legacySse() {
        return legacySse;
    }

    /**
     * @return the endpoint's canonical URL (RFC 8707 / RFC 9728 resource identifier): the configured
     *         public URL, or {@code http(s)://host:port/path} derived from the bind address
     */
    public URI publicUrl() {
        return publicUrl;
    }

    /** @return whether the public URL was configured (rather than derived from the bind address) */
    boolean publicUrlGiven() {
        return publicUrlGiven;
    }

    /** @return accepted {@code Origin} values, exact or with {@code :*} for any port */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** @return accepted {@code Host} values, exact or with {@code :*} for any port */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** @return the largest request body accepted, in bytes */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * @return the longest a request or an idle connection may last, or {@code null} for the default
     *         (the engine's statement timeout plus 30 seconds)
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the most open MCP sessions (stateful mode) */
    public int maxSessions() {
        return maxSessions;
    }

    /** @return the most requests processed at once */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** @return how long in-flight requests may run on after shutdown begins */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return whether one access-log line per request goes to stderr */
    public boolean accessLog() {
        return accessLog;
    }

    /** @return the authentication method */
    public AuthMode auth() {
        return auth;
    }

    /** @return the static bearer tokens (mode {@code bearer}) */
    List<StaticToken> bearerTokens() {
        return bearerTokens;
    }

    /** @return the OAuth issuer that tokens' {@code iss} must equal (mode {@code oauth}) */
    public String oauthIssuer() {
        return oauthIssuer;
    }

    /** @return where the issuer's keys are fetched, or {@code null} to discover it from the issuer */
    public URI oauthJwksUrl() {
        return oauthJwksUrl;
    }

    /** @return the audience tokens must carry: the configured one, or the public URL */
    public String oauthAudience() {
        return oauthAudience;
    }

    /** @return scopes every token must carry */
    public Set<String> oauthRequiredScopes() {
        return oauthRequiredScopes;
    }

    /** @return tolerance on {@code exp} and {@code nbf} */
    public Duration oauthClockSkew() {
        return oauthClockSkew;
    }

    /** @return the PKCS#12 keystore for HTTPS, or {@code null} for plain HTTP */
    public Path tlsKeystore() {
        return tlsKeystore;
    }

    /** @return the keystore password (never logged) */
    String tlsKeystorePassword() {
        return tlsKeystorePassword;
    }

    /**
     * @return the key that signs 2026-07-28 {@code requestState} ({@code PGMCP_HTTP_REQUEST_STATE_KEY}, UTF-8
     *         bytes, at least 32), or {@code null} for a key random per process
     */
    byte[] requestStateKey() {
        return requestStateKey == null ? null : requestStateKey.clone();
    }

    /** @return whether the bind address is a loopback address */
    public boolean loopback() {
        return isLoopback(host);
    }

    static boolean isLoopback(String host) {
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", path=" + path + ", mode=" + mode
                + ", legacySse=" + legacySse + ", publicUrl=" + publicUrl + ", allowedOrigins=" + allowedOrigins
                + ", allowedHosts=" + allowedHosts + ", maxBodyBytes=" + maxBodyBytes + ", maxSessions=" + maxSessions
                + ", maxInFlight=" + maxInFlight + ", auth=" + auth + (auth == AuthMode.BEARER
                ? ", bearerTokens=" + bearerTokens.stream().map(StaticToken::label).toList() : "")
                + (auth == AuthMode.OAUTH ? ", issuer=" + oauthIssuer + ", audience=" + oauthAudience
                + ", requiredScopes=" + oauthRequiredScopes : "")
                + ", tls=" + (tlsKeystore != null) + ", requestStateKey=" + (requestStateKey == null ? "random" : "shared")
                + "]";
    }

    /** A static bearer token and the label it is logged as (the principal's name). */
    record StaticToken(String label, String secret) {
        @Override
        public String toString() {
            return "StaticToken[" + label + "]";
        }
    }

    /**
     * Collects settings; {@link #build()} validates them and names the first bad one. Not thread-safe.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String path = "/mcp";
        private Mode mode = Mode.STATEFUL;
        private boolean legacySse;
        private String publicUrl;
        private List<String> allowedOrigins = List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
                "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");
        private List<String> allowedHosts;
        private int maxBodyBytes = 1024 * 1024;
        private Duration requestTimeout;
        private int maxSessions = 1000;
        private int maxInFlight = 128;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean accessLog = true;
        private AuthMode auth = AuthMode.NONE;
        private final List<String> bearerTokenSpecs = new ArrayList<>();
        private String bearerTokenSetting = Setting.HTTP_BEARER_TOKENS.env();
        private String oauthIssuer;
        private URI oauthJwksUrl;
        private String oauthAudience;
        private Set<String> oauthRequiredScopes = Set.of();
        private Duration oauthClockSkew = Duration.ofSeconds(60);
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private byte[] requestStateKey;

        private Builder() {
        }

        /** @param host the address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} = every interface) */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** @param port the port, 0..65535 (default 8080; 0 = any free port) */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @param path the MCP endpoint's path, starting with {@code /} (default {@code /mcp}) */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** @param mode stateful (default) or stateless Streamable HTTP */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** @param legacySse also serve HTTP+SSE (2024-11-05) at {@code /sse} and {@code /messages} (default false) */
        public Builder legacySse(boolean legacySse) {
            this.legacySse = legacySse;
            return this;
        }

        /** @param url the endpoint's canonical URL as clients reach it, e.g. {@code https://mcp.example.com/mcp} */
        public Builder publicUrl(String url) {
            this.publicUrl = url;
            return this;
        }

        /** @param origins accepted {@code Origin} values ({@code scheme://host:port}, {@code :*} = any port) */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        /** @param hosts accepted {@code Host} values ({@code host:port}, {@code :*} = any port) */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = List.copyOf(hosts);
            return this;
        }

        /** @param bytes the largest request body, 1 KiB..64 MiB (default 1 MiB) */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @param timeout the longest request or idle connection, 1 s..1 h; must exceed the statement timeout */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** @param sessions the most open sessions, 1..1,000,000 (default 1000) */
        public Builder maxSessions(int sessions) {
            this.maxSessions = sessions;
            return this;
        }

        /** @param requests the most requests processed at once, 1..100,000 (default 128) */
        public Builder maxInFlight(int requests) {
            this.maxInFlight = requests;
            return this;
        }

        /** @param timeout how long in-flight requests may finish on shutdown, 0..1 h (default 30 s) */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** @param enabled one stderr line per request (default true) */
        public Builder accessLog(boolean enabled) {
            this.accessLog = enabled;
            return this;
        }

        /** @param auth the authentication method (default {@code NONE}, loopback only) */
        public Builder auth(AuthMode auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Adds a static bearer token (used with {@link AuthMode#BEARER}).
         *
         * @param label how the caller is named in logs and as the principal
         * @param token the secret, at least 16 characters
         */
        public Builder bearerToken(String label, String token) {
            bearerTokenSpecs.add(label + ":" + token);
            return this;
        }

        Builder bearerTokenSpecs(String setting, List<String> specs) {
            this.bearerTokenSetting = setting;
            bearerTokenSpecs.addAll(specs);
            return this;
        }

        /** @param issuer the OAuth issuer tokens' {@code iss} must equal */
        public Builder oauthIssuer(String issuer) {
            this.oauthIssuer = issuer;
            return this;
        }

        /** @param jwksUrl where the issuer's JWKS is fetched (default: discovered from the issuer) */
        public Builder oauthJwksUrl(URI jwksUrl) {
            this.oauthJwksUrl = jwksUrl;
            return this;
        }

        /** @param audience the {@code aud} tokens must carry (default: the public URL) */
        public Builder oauthAudience(String audience) {
            this.oauthAudience = audience;
            return this;
        }

        /** @param scopes scopes every token must carry */
        public Builder oauthRequiredScopes(Set<String> scopes) {
            this.oauthRequiredScopes = Set.copyOf(scopes);
            return this;
        }

        /** @param skew tolerance on {@code exp}/{@code nbf}, 0..5 min (default 60 s) */
        public Builder oauthClockSkew(Duration skew) {
            this.oauthClockSkew = skew;
            return this;
        }

        /**
         * @param keystore a PKCS#12 file with the server's key and certificate chain; HTTPS only when set
         * @param password its password
         */
        public Builder tls(Path keystore, String password) {
            this.tlsKeystore = keystore;
            this.tlsKeystorePassword = password;
            return this;
        }

        /**
         * Signs the {@code requestState} of 2026-07-28 multi round-trip requests with this secret instead
         * of a key random per process ({@code PGMCP_HTTP_REQUEST_STATE_KEY}), so that instances behind a
         * load balancer that share it accept each other's state ("Multi Round-Trip Requests").
         *
         * @param secret at least 32 characters (its UTF-8 bytes are the HMAC-SHA256 key); {@code null} for a
         *               random key. A shorter one fails {@link #build()} with a {@link ConfigException}.
         * @return this builder
         */
        public Builder requestStateKey(String secret) {
            this.requestStateKey = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Validates every setting.
         *
         * @return the settings
         * @throws ConfigException naming the first invalid setting, e.g. {@code none} authentication on a
         *                         non-loopback address
         */
        public HttpSettings build() {
            if (host == null || host.isBlank()) {
                throw new ConfigException(Setting.HTTP_HOST.env(), "must not be empty");
            }
            range(Setting.HTTP_PORT, port, 0, 65535);
            if (path == null || !path.matches("/[A-Za-z0-9._~/-]*") || path.endsWith("/") && path.length() > 1
                    || path.equals("/")) {
                throw new ConfigException(Setting.HTTP_PATH.env(), "'" + path + "' must be a path such as /mcp");
            }
            range(Setting.HTTP_MAX_BODY_BYTES, maxBodyBytes, 1024, 64L * 1024 * 1024);
            if (requestTimeout != null) {
                range(Setting.HTTP_REQUEST_TIMEOUT_MS, requestTimeout.toMillis(), 1000, 3_600_000);
            }
            range(Setting.HTTP_MAX_SESSIONS, maxSessions, 1, 1_000_000);
            range(Setting.HTTP_MAX_IN_FLIGHT, maxInFlight, 1, 100_000);
            if (requestStateKey != null && requestStateKey.length < 32) {
                throw new ConfigException(Setting.HTTP_REQUEST_STATE_KEY.env(), "has " + requestStateKey.length
                        + " bytes; it needs at least 32 (e.g. the output of: openssl rand -base64 48)");
            }
            if (shutdownTimeout == null) {
                throw new ConfigException(Setting.HTTP_SHUTDOWN_TIMEOUT_MS.env(), "must not be null");
            }
            range(Setting.HTTP_SHUTDOWN_TIMEOUT_MS, shutdownTimeout.toMillis(), 0, 3_600_000);
            if (oauthClockSkew == null) {
                throw new ConfigException(Setting.HTTP_OAUTH_CLOCK_SKEW_SECONDS.env(), "must not be null");
            }
            range(Setting.HTTP_OAUTH_CLOCK_SKEW_SECONDS, oauthClockSkew.toSeconds(), 0, 300);
            if (tlsKeystore != null && !Files.isReadable(tlsKeystore)) {
                throw new ConfigException(Setting.HTTP_TLS_KEYSTORE.env(), "cannot read " + tlsKeystore);
            }
            URI url = publicUrl();
            List<String> hosts = allowedHosts != null ? allowedHosts : defaultHosts(url);
            for (String origin : allowedOrigins) {
                if (origin.isBlank() || origin.endsWith("/")) {
                    throw new ConfigException(Setting.HTTP_ALLOWED_ORIGINS.env(),
                            "'" + origin + "' must be scheme://host[:port] (no path)");
                }
            }
            if (auth == null) {
                throw new ConfigException(Setting.HTTP_AUTH.env(), "must be none, bearer or oauth");
            }
            if (auth == AuthMode.NONE && !isLoopback(host)) {
                throw new ConfigException(Setting.HTTP_AUTH.env(), "'none' is refused on " + host
                        + ", which is not a loopback address: set PGMCP_HTTP_AUTH=bearer (with PGMCP_HTTP_BEARER_TOKENS) "
                        + "or oauth, or bind to 127.0.0.1");
            }
            List<StaticToken> tokens = tokens();
            if (auth == AuthMode.BEARER && tokens.isEmpty()) {
                throw new ConfigException(Setting.HTTP_BEARER_TOKENS.env(), "bearer authentication needs at least "
                        + "one token (PGMCP_HTTP_BEARER_TOKENS or PGMCP_HTTP_BEARER_TOKENS_FILE)");
            }
            if (auth == AuthMode.OAUTH) {
                if (oauthIssuer == null || oauthIssuer.isBlank()) {
                    throw new ConfigException(Setting.HTTP_OAUTH_ISSUER.env(), "oauth authentication needs the issuer");
                }
                absoluteHttpUrl(Setting.HTTP_OAUTH_ISSUER, oauthIssuer);
                if (oauthJwksUrl != null) {
                    absoluteHttpUrl(Setting.HTTP_OAUTH_JWKS_URL, oauthJwksUrl.toString());
                }
            }
            return new HttpSettings(this, url, hosts, tokens);
        }

        private URI publicUrl() {
            if (publicUrl != null) {
                URI u = absoluteHttpUrl(Setting.HTTP_PUBLIC_URL, publicUrl);
                if (u.getRawQuery() != null || u.getRawFragment() != null) {
                    throw new ConfigException(Setting.HTTP_PUBLIC_URL.env(), "must have no query or fragment");
                }
                return u;
            }
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            if (h.equals("0.0.0.0") || h.equals("[::]")) {
                h = "localhost";
            }
            return URI.create((tlsKeystore != null ? "https" : "http") + "://" + h + ":" + port + path);
        }

        /** Loopback names on any port, plus the public URL's host (with and without its port). */
        private static List<String> defaultHosts(URI url) {
            Set<String> hosts = new LinkedHashSet<>(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
            hosts.add(url.getHost() + ":*");
            hosts.add(url.getHost());
            return new ArrayList<>(hosts);
        }

        private List<StaticToken> tokens() {
            List<StaticToken> out = new ArrayList<>();
            Set<String> labels = new LinkedHashSet<>();
            for (String spec : bearerTokenSpecs) {
                String s = spec.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int colon = s.indexOf(':');
                String label = colon > 0 ? s.substring(0, colon).trim() : "token-" + (out.size() + 1);
                String secret = colon > 0 ? s.substring(colon + 1).trim() : s;
                if (secret.length() < MIN_TOKEN_LENGTH) {
                    throw new ConfigException(bearerTokenSetting, "token '" + label + "' is shorter than "
                            + MIN_TOKEN_LENGTH + " characters");
                }
                if (!label.matches("[A-Za-z0-9._@-]{1,64}")) {
                    throw new ConfigException(bearerTokenSetting, "label '" + label
                            + "' must be 1..64 letters, digits, . _ @ -");
                }
                if (!labels.add(label)) {
                    throw new ConfigException(bearerTokenSetting, "label '" + label + "' is used twice");
                }
                out.add(new StaticToken(label, secret));
            }
            return out;
        }

        private static URI absoluteHttpUrl(Setting setting, String value) {
            try {
                URI u = new URI(value);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                    throw new ConfigException(setting.env(), "'" + value + "' must be an absolute http(s) URL");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new ConfigException(setting.env(), "'" + value + "' is not a URL: " + e.getReason());
            }
        }

        private static void range(Setting setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new ConfigException(setting.env(), "is " + value + "; allowed range is " + min + ".." + max);
            }
        }
    }
}
