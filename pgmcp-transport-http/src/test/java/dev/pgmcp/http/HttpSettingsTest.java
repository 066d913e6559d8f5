package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HttpSettings}: defaults, the settings read through pgmcp-settings, and refusals that name the setting. */
class HttpSettingsTest {

    @Test
    void defaultsAreSafe() {
        HttpSettings s = HttpSettings.builder().build();
        assertEquals("127.0.0.1", s.host());
        assertEquals(8080, s.port());
        assertEquals("/mcp", s.path());
        assertEquals(HttpSettings.Mode.STATEFUL, s.mode());
        assertEquals(HttpSettings.AuthMode.NONE, s.auth());
        assertTrue(s.loopback());
        assertEquals("http://127.0.0.1:8080/mcp", s.publicUrl().toString());
        assertTrue(s.allowedHosts().containsAll(List.of("localhost:*", "127.0.0.1:*", "[::1]:*")));
        assertTrue(s.allowedOrigins().contains("http://localhost:*"));
        assertEquals(1024 * 1024, s.maxBodyBytes());
        assertNull(s.requestTimeout(), "default: derived from the statement timeout");
        assertFalse(s.legacySse());
    }

    @Test
    void noneAuthenticationOnANonLoopbackAddressRefusesToStart() {
        ConfigException e = assertThrows(ConfigException.class, () -> HttpSettings.builder().host("0.0.0.0").build());
        assertEquals("PGMCP_HTTP_AUTH", e.setting());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        ConfigException fromEnv = assertThrows(ConfigException.class,
                () -> HttpSettings.from(Settings.of(Map.of("PGMCP_HTTP_HOST", "0.0.0.0"))).build());
        assertEquals("PGMCP_HTTP_AUTH", fromEnv.setting());
        // The same address is fine with authentication.
        assertEquals("0.0.0.0", HttpSettings.builder().host("0.0.0.0").auth(HttpSettings.AuthMode.BEARER)
                .bearerToken("ci", "0123456789abcdef0").build().host());
        assertTrue(HttpSettings.builder().host("localhost").build().loopback());
        assertTrue(HttpSettings.builder().host("::1").build().loopback());
    }

    @Test
    void noneAuthenticationOnANonLoopbackAddressRefusesToStartTheServer() {
        try (PgMcp engine = HttpTesting.engine()) {
            ConfigException e = assertThrows(ConfigException.class, () -> PgMcpHttpServer.builder(engine)
                    .settings(HttpSettings.from(Settings.of(Map.of("PGMCP_HTTP_HOST", "0.0.0.0", "PGMCP_HTTP_PORT", "0")))
                            .build()).start());
            assertEquals("PGMCP_HTTP_AUTH", e.setting());
        }
    }

    @Test
    void readsEveryVariable(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# CI and the assistant\nci:ci-token-0123456789\n\nassistant:as-token-0123456789\n");
        Map<String, String> env = new HashMap<>();
        env.put("PGMCP_HTTP_HOST", "0.0.0.0");
        env.put("PGMCP_HTTP_PORT", "9090");
        env.put("PGMCP_HTTP_PATH", "/db/mcp");
        env.put("PGMCP_HTTP_MODE", "stateless");
        env.put("PGMCP_HTTP_LEGACY_SSE", "true");
        env.put("PGMCP_HTTP_PUBLIC_URL", "https://mcp.example.com/db/mcp");
        env.put("PGMCP_HTTP_ALLOWED_ORIGINS", "https://claude.ai, https://chat.mistral.ai");
        env.put("PGMCP_HTTP_MAX_BODY_BYTES", "65536");
        env.put("PGMCP_HTTP_REQUEST_TIMEOUT_MS", "90000");
        env.put("PGMCP_HTTP_MAX_SESSIONS", "50");
        env.put("PGMCP_HTTP_MAX_IN_FLIGHT", "32");
        env.put("PGMCP_HTTP_SHUTDOWN_TIMEOUT_MS", "5000");
        env.put("PGMCP_HTTP_ACCESS_LOG", "false");
        env.put("PGMCP_HTTP_AUTH", "bearer");
        env.put("PGMCP_HTTP_BEARER_TOKENS", "lechat:lechat-token-0123456789");
        env.put("PGMCP_HTTP_BEARER_TOKENS_FILE", tokens.toString());
        env.put("PGMCP_HTTP_REQUEST_STATE_KEY", "shared-by-every-instance-0123456789");
        HttpSettings s = HttpSettings.from(Settings.of(env)).build();
        assertEquals("0.0.0.0", s.host());
        assertEquals(9090, s.port());
        assertEquals("/db/mcp", s.path());
        assertEquals(HttpSettings.Mode.STATELESS, s.mode());
        assertTrue(s.legacySse());
        assertEquals("https://mcp.example.com/db/mcp", s.publicUrl().toString());
        assertEquals(List.of("https://claude.ai", "https://chat.mistral.ai"), s.allowedOrigins());
        assertTrue(s.allowedHosts().contains("mcp.example.com"), "the public URL's host is allowed: " + s.allowedHosts());
        assertEquals(65536, s.maxBodyBytes());
        assertEquals(Duration.ofSeconds(90), s.requestTimeout());
        assertEquals(50, s.maxSessions());
        assertEquals(32, s.maxInFlight());
        assertEquals(Duration.ofSeconds(5), s.shutdownTimeout());
        assertFalse(s.accessLog());
        assertEquals(List.of("lechat", "ci", "assistant"), s.bearerTokens().stream().map(HttpSettings.StaticToken::label).toList());
        assertFalse(s.toString().contains("token-0123456789"), "tokens are never printed: " + s);
        assertEquals("shared-by-every-instance-0123456789", new String(s.requestStateKey(), StandardCharsets.UTF_8));
        assertFalse(s.toString().contains("0123456789"), "the request state key is never printed: " + s);
        assertEquals(null, HttpSettings.builder().build().requestStateKey(), "unset: a key random per process");
    }

    @Test
    void theSettingsFileAndItsProfileSetThemAsTheyDoCoresSettings(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pgmcp.properties");
        Files.writeString(f, "PGMCP_HTTP_PORT=9000\nprofile.prod.PGMCP_HTTP_PORT=9443\nprofile.prod.PGMCP_HTTP_MODE=stateless\n");
        HttpSettings prod = HttpSettings.from(Settings.load(Map.of("PGMCP_CONFIG_FILE", f.toString(),
                "PGMCP_PROFILE", "prod"))).build();
        assertEquals(9443, prod.port());
        assertEquals(HttpSettings.Mode.STATELESS, prod.mode());
        assertEquals(9000, HttpSettings.from(Settings.load(Map.of("PGMCP_CONFIG_FILE", f.toString()))).build().port());
        assertEquals(9001, HttpSettings.from(Settings.load(Map.of("PGMCP_CONFIG_FILE", f.toString(),
                "PGMCP_PROFILE", "prod", "PGMCP_HTTP_PORT", "9001"))).build().port(), "the environment wins");
    }

    @Test
    void oauthSettings() {
        Map<String, String> env = Map.of("PGMCP_HTTP_AUTH", "oauth",
                "PGMCP_HTTP_OAUTH_ISSUER", "https://login.microsoftonline.com/tenant/v2.0",
                "PGMCP_HTTP_OAUTH_JWKS_URL", "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
                "PGMCP_HTTP_OAUTH_AUDIENCE", "api://pgmcp",
                "PGMCP_HTTP_OAUTH_REQUIRED_SCOPES", "mcp.read, mcp.query",
                "PGMCP_HTTP_OAUTH_CLOCK_SKEW_SECONDS", "30");
        HttpSettings s = HttpSettings.from(Settings.of(env)).build();
        assertEquals("api://pgmcp", s.oauthAudience());
        assertEquals(Set.of("mcp.read", "mcp.query"), s.oauthRequiredScopes());
        assertEquals(Duration.ofSeconds(30), s.oauthClockSkew());
        assertEquals("http://127.0.0.1:8080/mcp", HttpSettings.from(Settings.of(Map.of("PGMCP_HTTP_AUTH", "oauth",
                "PGMCP_HTTP_OAUTH_ISSUER", "https://issuer.example.com"))).build().oauthAudience(),
                "the audience defaults to the canonical URL");
        assertEquals("PGMCP_HTTP_OAUTH_ISSUER", assertThrows(ConfigException.class,
                () -> HttpSettings.builder().auth(HttpSettings.AuthMode.OAUTH).build()).setting());
    }

    @Test
    void badValuesNameTheirSetting() {
        assertSetting("PGMCP_HTTP_PORT", Map.of("PGMCP_HTTP_PORT", "70000"));
        assertSetting("PGMCP_HTTP_PORT", Map.of("PGMCP_HTTP_PORT", "eighty"));
        assertSetting("PGMCP_HTTP_MODE", Map.of("PGMCP_HTTP_MODE", "sticky"));
        assertSetting("PGMCP_HTTP_AUTH", Map.of("PGMCP_HTTP_AUTH", "basic"));
        assertSetting("PGMCP_HTTP_PATH", Map.of("PGMCP_HTTP_PATH", "mcp"));
        assertSetting("PGMCP_HTTP_LEGACY_SSE", Map.of("PGMCP_HTTP_LEGACY_SSE", "maybe"));
        assertSetting("PGMCP_HTTP_MAX_BODY_BYTES", Map.of("PGMCP_HTTP_MAX_BODY_BYTES", "10"));
        assertSetting("PGMCP_HTTP_PUBLIC_URL", Map.of("PGMCP_HTTP_PUBLIC_URL", "mcp.example.com/mcp"));
        assertSetting("PGMCP_HTTP_BEARER_TOKENS", Map.of("PGMCP_HTTP_AUTH", "bearer"));
        assertSetting("PGMCP_HTTP_BEARER_TOKENS", Map.of("PGMCP_HTTP_AUTH", "bearer", "PGMCP_HTTP_BEARER_TOKENS", "short"));
        assertSetting("PGMCP_HTTP_BEARER_TOKENS", Map.of("PGMCP_HTTP_AUTH", "bearer",
                "PGMCP_HTTP_BEARER_TOKENS", "a:0123456789abcdef0,a:fedcba9876543210f"));
        assertSetting("PGMCP_HTTP_BEARER_TOKENS_FILE", Map.of("PGMCP_HTTP_BEARER_TOKENS_FILE", "/no/such/file"));
        assertSetting("PGMCP_HTTP_TLS_KEYSTORE", Map.of("PGMCP_HTTP_TLS_KEYSTORE", "/no/such/keystore.p12"));
        assertSetting("PGMCP_HTTP_OAUTH_CLOCK_SKEW_SECONDS", Map.of("PGMCP_HTTP_OAUTH_CLOCK_SKEW_SECONDS", "3600"));
        assertSetting("PGMCP_HTTP_REQUEST_STATE_KEY", Map.of("PGMCP_HTTP_REQUEST_STATE_KEY", "thirty-one-bytes-is-too-short!!"));
    }

    @Test
    void requestTimeoutMustExceedTheStatementTimeout() {
        try (PgMcp engine = HttpTesting.engine()) {
            ConfigException e = assertThrows(ConfigException.class, () -> PgMcpHttpEndpoint.builder(engine)
                    .settings(HttpSettings.builder().requestTimeout(Duration.ofSeconds(10)).build()).build());
            assertEquals("PGMCP_HTTP_REQUEST_TIMEOUT_MS", e.setting());
            assertTrue(e.getMessage().contains("PGMCP_STATEMENT_TIMEOUT_MS"), e.getMessage());
            PgMcpHttpEndpoint endpoint = PgMcpHttpEndpoint.builder(engine).build();
            assertEquals(engine.config().statementTimeout().plusSeconds(30), endpoint.requestTimeout());
            endpoint.close();
        }
    }

    @Test
    void allowlistMatching() {
        List<String> allow = List.of("localhost:*", "mcp.example.com", "http://127.0.0.1:*");
        assertTrue(RequestGuardFilter.allowed(allow, "localhost"));
        assertTrue(RequestGuardFilter.allowed(allow, "LOCALHOST:8080"));
        assertTrue(RequestGuardFilter.allowed(allow, "mcp.example.com"));
        assertFalse(RequestGuardFilter.allowed(allow, "mcp.example.com:8443"), "exact entries do not widen to ports");
        assertFalse(RequestGuardFilter.allowed(allow, "localhost.evil.com"));
        assertFalse(RequestGuardFilter.allowed(allow, "localhost:80x"));
        assertTrue(RequestGuardFilter.allowed(allow, "http://127.0.0.1:6274"));
        assertFalse(RequestGuardFilter.allowed(allow, "http://127.0.0.1.evil.com:6274"));
        assertFalse(RequestGuardFilter.allowed(allow, "null"));
        assertFalse(RequestGuardFilter.allowed(allow, "localhost:"));
        assertFalse(RequestGuardFilter.allowed(allow, "localhost:123456"));
        assertTrue(RequestGuardFilter.allowed(allow, "localhost:65535"));
        assertFalse(RequestGuardFilter.allowed(allow, "localhost:\u0661\u0662"), "Arabic-Indic digits are no port");
        assertFalse(RequestGuardFilter.allowed(allow, "localhost:8080/x"));
    }

    private static void assertSetting(String setting, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> HttpSettings.from(Settings.of(env)).build(),
                env.toString());
        assertEquals(setting, e.setting(), e.getMessage());
    }
}
