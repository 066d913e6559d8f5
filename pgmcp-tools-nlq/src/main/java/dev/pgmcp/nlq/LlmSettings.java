package dev.pgmcp.nlq;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Setting;
import dev.pgmcp.settings.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of the natural-language {@code query} tool ({@link NaturalLanguageQueryTool}): the
 * OpenAI-compatible endpoint used when the MCP client does not offer sampling, the SQL correction
 * loop, the generation rate limits and the schema budget of the prompt. Its settings are named
 * {@code PGMCP_LLM_*} in the settings reference (docs/configuration.md); {@link #from(Settings)} reads
 * them, a host application may use {@link #builder()} instead. The earlier {@code PG_MCP_OPENAI_*}
 * names map onto them as docs/natural-language.md shows.
 *
 * <p>Immutable. {@link #toString()} never shows the API key.
 */
public final class LlmSettings {

    /** The endpoint assumed when only an API key is given (OpenAI's). */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    /** Everything at its default: no endpoint configured. */
    public static final LlmSettings DEFAULTS = builder().build();

    private final URI baseUrl;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final int maxSqlRetry;
    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final int schemaTokens;

    private LlmSettings(Builder b, URI baseUrl) {
        this.baseUrl = baseUrl;
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.maxSqlRetry = b.maxSqlRetry;
        this.requestsPerMinute = b.requestsPerMinute;
        this.tokensPerMinute = b.tokensPerMinute;
        this.schemaTokens = b.schemaTokens;
    }

    /** @return a builder with every setting at its documented default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code PGMCP_LLM_*} settings; one that is unset keeps its default.
     *
     * @param settings the settings in force, e.g. {@code Settings.load(System.getenv())}
     * @return the validated settings
     * @throws ConfigException naming the variable when a value is invalid (never showing the API key)
     */
    public static LlmSettings from(Settings settings) {
        Builder l = builder();
        String baseUrl = settings.string(Setting.LLM_BASE_URL.env());
        if (baseUrl != null) {
            l.baseUrl(baseUrl);
        }
        String model = settings.string(Setting.LLM_MODEL.env());
        if (model != null) {
            l.model(model);
        }
        String apiKey = settings.string(Setting.LLM_API_KEY.env());
        if (apiKey != null) {
            l.apiKey(apiKey);
        }
        settings.millis(Setting.LLM_TIMEOUT_MS.env(), 1000, 600_000).ifPresent(l::timeout);
        settings.integer(Setting.LLM_MAX_RETRIES.env(), 0, 10).ifPresent(v -> l.maxRetries((int) v));
        settings.integer(Setting.LLM_MAX_SQL_RETRY.env(), 0, 10).ifPresent(v -> l.maxSqlRetry((int) v));
        settings.integer(Setting.LLM_REQUESTS_PER_MINUTE.env(), 0, 1_000_000).ifPresent(l::requestsPerMinute);
        settings.integer(Setting.LLM_TOKENS_PER_MINUTE.env(), 0, 100_000_000).ifPresent(l::tokensPerMinute);
        settings.integer(Setting.LLM_SCHEMA_TOKENS.env(), 200, 200_000).ifPresent(v -> l.schemaTokens((int) v));
        return l.build();
    }

    /**
     * @return the chat-completions base URL (requests go to {@code BASE/chat/completions}): the one
     *         configured, else {@link #DEFAULT_BASE_URL} when an API key is set, else empty (no endpoint)
     */
    public Optional<URI> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /** @return whether an endpoint is configured (a base URL or an API key) */
    public boolean endpointConfigured() {
        return baseUrl != null;
    }

    /** @return the model name sent to the endpoint (default {@code gpt-4o-mini}) */
    public String model() {
        return model;
    }

    /** @return the bearer key for the endpoint, if any; never log it */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** @return the timeout of one endpoint request (default 30 s) */
    public Duration timeout() {
        return timeout;
    }

    /** @return retries of one endpoint request after HTTP 429, 5xx or a timeout (default 3) */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return how often rejected or failing generated SQL is sent back for correction (default 2) */
    public int maxSqlRetry() {
        return maxSqlRetry;
    }

    /** @return generation requests per minute per process, 0 = no limit (default 60) */
    public long requestsPerMinute() {
        return requestsPerMinute;
    }

    /** @return model tokens per minute per process, 0 = no limit (default 100,000) */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    /** @return most tokens of schema description in a prompt (default 4000) */
    public int schemaTokens() {
        return schemaTokens;
    }

    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + (baseUrl == null ? "(none)" : baseUrl) + ", model=" + model
                + ", apiKey=" + (apiKey == null ? "(none)" : "(set)") + ", timeout=" + timeout.toMillis()
                + "ms, maxRetries=" + maxRetries + ", maxSqlRetry=" + maxSqlRetry + ", rate=" + requestsPerMinute
                + " requests/min " + tokensPerMinute + " tokens/min, schemaTokens=" + schemaTokens + "]";
    }

    /** Collects settings; {@link #build()} validates them and names the first bad one. Not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String model = "gpt-4o-mini";
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private int maxSqlRetry = 2;
        private long requestsPerMinute = 60;
        private long tokensPerMinute = 100_000;
        private int schemaTokens = 4000;

        private Builder() {
        }

        /** @param url base URL of an OpenAI-compatible API, e.g. {@code http://127.0.0.1:11434/v1}; {@code null} = none */
        public Builder baseUrl(String url) {
            this.baseUrl = url;
            return this;
        }

        /** @param model the model name sent to the endpoint (default {@code gpt-4o-mini}) */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** @param key bearer key for the endpoint, {@code null} = none */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** @param timeout of one endpoint request, 1 s..10 min (default 30 s) */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @param retries retries of one endpoint request after 429, 5xx or a timeout, 0..10 (default 3) */
        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        /** @param retries corrections of rejected or failing SQL, 0..10 (default 2) */
        public Builder maxSqlRetry(int retries) {
            this.maxSqlRetry = retries;
            return this;
        }

        /** @param perMinute generation requests per minute, 0..1,000,000; 0 = no limit (default 60) */
        public Builder requestsPerMinute(long perMinute) {
            this.requestsPerMinute = perMinute;
            return this;
        }

        /** @param perMinute model tokens per minute, 0..100,000,000; 0 = no limit (default 100,000) */
        public Builder tokensPerMinute(long perMinute) {
            this.tokensPerMinute = perMinute;
            return this;
        }

        /** @param tokens most tokens of schema description in a prompt, 200..200,000 (default 4000) */
        public Builder schemaTokens(int tokens) {
            this.schemaTokens = tokens;
            return this;
        }

        /**
         * @return the validated settings
         * @throws ConfigException naming the first invalid setting (the key is never part of a message)
         */
        public LlmSettings build() {
            URI url = null;
            String base = blankToNull(baseUrl);
            String key = blankToNull(apiKey);
            if (base != null) {
                url = parseUrl(base);
            } else if (key != null) {
                url = URI.create(DEFAULT_BASE_URL);
            }
            apiKey = key;
            if (key != null && key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new ConfigException("PGMCP_LLM_API_KEY", "must be printable ASCII without spaces");
            }
            if (blankToNull(model) == null) {
                throw new ConfigException("PGMCP_LLM_MODEL", "must not be empty");
            }
            model = model.trim();
            if (timeout == null) {
                throw new ConfigException("PGMCP_LLM_TIMEOUT_MS", "must not be null");
            }
            range("PGMCP_LLM_TIMEOUT_MS", timeout.toMillis(), 1000, 600_000);
            range("PGMCP_LLM_MAX_RETRIES", maxRetries, 0, 10);
            range("PGMCP_LLM_MAX_SQL_RETRY", maxSqlRetry, 0, 10);
            range("PGMCP_LLM_REQUESTS_PER_MINUTE", requestsPerMinute, 0, 1_000_000);
            range("PGMCP_LLM_TOKENS_PER_MINUTE", tokensPerMinute, 0, 100_000_000);
            range("PGMCP_LLM_SCHEMA_TOKENS", schemaTokens, 200, 200_000);
            return new LlmSettings(this, url);
        }

        private static URI parseUrl(String base) {
            URI url;
            try {
                url = new URI(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
            } catch (URISyntaxException e) {
                throw new ConfigException("PGMCP_LLM_BASE_URL", "is not a URL: " + e.getReason());
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new ConfigException("PGMCP_LLM_BASE_URL", "must be an http(s) URL with a host, e.g. "
                        + DEFAULT_BASE_URL);
            }
            if (url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
                // A key in the URL would end up in logs and error messages; it belongs in PGMCP_LLM_API_KEY.
                throw new ConfigException("PGMCP_LLM_BASE_URL", "must not carry user info, a query or a "
                        + "fragment; put the key in " + "PGMCP_LLM_API_KEY");
            }
            return url;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        private static void range(String setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new ConfigException(setting, "is " + value + "; allowed range is " + min + ".." + max);
            }
        }
    }
}
