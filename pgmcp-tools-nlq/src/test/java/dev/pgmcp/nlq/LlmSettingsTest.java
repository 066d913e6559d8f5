package dev.pgmcp.nlq;

import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.settings.CoreSettings;
import dev.pgmcp.settings.Settings;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code PGMCP_LLM_*} settings of the natural-language {@code query} tool, from the environment. */
class LlmSettingsTest {

    static final String KEY = "sk-proj-abcdefghijklmnop0123456789";

    static LlmSettings read(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("PGMCP_DATABASE_URL", "postgresql://u:p@localhost/db");
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return LlmSettings.from(Settings.load(env));
    }

    @Test
    void defaultsAreTheDocumentedOnesAndConfigureNoEndpoint() {
        LlmSettings s = read();
        assertFalse(s.endpointConfigured());
        assertEquals("gpt-4o-mini", s.model());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(3, s.maxRetries());
        assertEquals(2, s.maxSqlRetry());
        assertEquals(60, s.requestsPerMinute());
        assertEquals(100_000, s.tokensPerMinute());
        assertEquals(4000, s.schemaTokens());
    }

    @Test
    void aKeyAloneMeansOpenAiAndABaseUrlAloneAKeylessServer() {
        LlmSettings openai = read("PGMCP_LLM_API_KEY", KEY);
        assertEquals(URI.create("https://api.openai.com/v1"), openai.baseUrl().orElseThrow());
        assertEquals(KEY, openai.apiKey().orElseThrow());
        LlmSettings local = read("PGMCP_LLM_BASE_URL", "http://127.0.0.1:11434/v1/", "PGMCP_LLM_MODEL", "qwen2.5-coder");
        assertEquals(URI.create("http://127.0.0.1:11434/v1"), local.baseUrl().orElseThrow());
        assertTrue(local.apiKey().isEmpty());
        assertEquals("qwen2.5-coder", local.model());
    }

    @Test
    void everySettingIsRead() {
        LlmSettings s = read("PGMCP_LLM_TIMEOUT_MS", "1500", "PGMCP_LLM_MAX_RETRIES", "0", "PGMCP_LLM_MAX_SQL_RETRY", "5",
                "PGMCP_LLM_REQUESTS_PER_MINUTE", "0", "PGMCP_LLM_TOKENS_PER_MINUTE", "2000", "PGMCP_LLM_SCHEMA_TOKENS", "800");
        assertEquals(Duration.ofMillis(1500), s.timeout());
        assertEquals(0, s.maxRetries());
        assertEquals(5, s.maxSqlRetry());
        assertEquals(0, s.requestsPerMinute());
        assertEquals(2000, s.tokensPerMinute());
        assertEquals(800, s.schemaTokens());
    }

    @Test
    void theKeyIsNeverPrinted() {
        Map<String, String> env = Map.of("PGMCP_DATABASE_URL", "postgresql://u:p@localhost/db", "PGMCP_LLM_API_KEY", KEY);
        PgMcpConfig config = CoreSettings.config(Settings.load(env));
        assertFalse(config.toString().contains(KEY), config.toString());
        LlmSettings llm = LlmSettings.from(Settings.load(env));
        assertTrue(llm.toString().contains("apiKey=(set)"), llm.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> read("PGMCP_LLM_API_KEY", KEY + " x"));
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
    }

    @Test
    void badValuesNameTheirSetting() {
        assertEquals("PGMCP_LLM_BASE_URL", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_BASE_URL", "ftp://example.com")).setting());
        ConfigException inUrl = assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_BASE_URL", "https://user:" + KEY + "@example.com/v1"));
        assertEquals("PGMCP_LLM_BASE_URL", inUrl.setting());
        assertFalse(inUrl.getMessage().contains(KEY), inUrl.getMessage());
        assertEquals("PGMCP_LLM_TIMEOUT_MS", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_TIMEOUT_MS", "10")).setting());
        assertEquals("PGMCP_LLM_MAX_RETRIES", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_MAX_RETRIES", "11")).setting());
        assertEquals("PGMCP_LLM_MAX_SQL_RETRY", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_MAX_SQL_RETRY", "-1")).setting());
        assertEquals("PGMCP_LLM_REQUESTS_PER_MINUTE", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_REQUESTS_PER_MINUTE", "lots")).setting());
        assertEquals("PGMCP_LLM_TOKENS_PER_MINUTE", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_TOKENS_PER_MINUTE", "100000001")).setting());
        assertEquals("PGMCP_LLM_SCHEMA_TOKENS", assertThrows(ConfigException.class,
                () -> read("PGMCP_LLM_SCHEMA_TOKENS", "100")).setting());
        assertEquals("PGMCP_LLM_MODEL", assertThrows(ConfigException.class,
                () -> LlmSettings.builder().model(" ").build()).setting());
    }
}
