package dev.pgmcp.http;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.pgmcp.http.HttpTesting.initializeBody;
import static dev.pgmcp.http.HttpTesting.mcpHeaders;
import static dev.pgmcp.http.HttpTesting.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth 2.1 resource server on a real Jetty: tokens minted here with a test RSA key whose public half
 * a JWKS endpoint (the JDK's HTTP server) publishes, validated by Nimbus JOSE+JWT inside pgmcp.
 */
class OAuthTest {

    private static final String ISSUER = "https://issuer.test/tenant";

    private static RSAKey key;
    private static RSAKey otherKey;
    private static HttpServer jwks;
    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static int port;
    private static String audience;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        // Same kid, different key: a token it signs has a bad signature.
        otherKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        engine = HttpTesting.engine();
        // The canonical URI is the public URL; the port is not known before binding, so bind a fixed free one.
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        audience = "http://127.0.0.1:" + free + "/mcp";
        server = PgMcpHttpServer.builder(engine)
                .settings(HttpSettings.builder().port(free).auth(HttpSettings.AuthMode.OAUTH)
                        .oauthIssuer(ISSUER)
                        .oauthJwksUrl(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys"))
                        .oauthRequiredScopes(Set.of("mcp.read"))
                        .build())
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
        jwks.stop(0);
    }

    @Test
    void validTokenReachesToolsAsItsSubjectWithScopes() throws Exception {
        McpSyncClient client = HttpTesting.client(server.uri(), token(c -> { }));
        try {
            McpSchema.CallToolResult who = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertEquals("user-42|oauth|mcp.read,profile", HttpTesting.text(who));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void entraStyleScpClaimIsAccepted() throws Exception {
        String t = token(c -> c.claim("scope", null).claim("scp", "mcp.read other"));
        assertEquals(200, post(t).status());
    }

    @Test
    void missingTokenGets401PointingAtTheMetadata() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders(), initializeBody());
        assertEquals(401, r.status());
        assertEquals("Bearer resource_metadata=\"http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp\"",
                r.header("WWW-Authenticate"));
    }

    @Test
    void expiredTokenGets401() throws Exception {
        assertInvalid(token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() throws Exception {
        assertEquals(200, post(token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10))))).status());
    }

    @Test
    void notYetValidTokenGets401() throws Exception {
        assertInvalid(token(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
    }

    @Test
    void wrongAudienceGets401() throws Exception {
        assertInvalid(token(c -> c.audience("https://other-server.example.com/mcp")));
    }

    @Test
    void wrongIssuerGets401() throws Exception {
        assertInvalid(token(c -> c.issuer("https://evil.test/tenant")));
    }

    @Test
    void badSignatureGets401() throws Exception {
        assertInvalid(sign(claims(c -> { }), otherKey));
    }

    @Test
    void unknownKeyGets401() throws Exception {
        assertInvalid(sign(claims(c -> { }), new RSAKeyGenerator(2048).keyID("unknown").generate()));
    }

    @Test
    void garbageAndUnsignedTokensGet401() throws Exception {
        assertInvalid("not-a-jwt");
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims(c -> { })).serialize();
        assertInvalid(unsigned);
    }

    @Test
    void missingScopeGets403InsufficientScope() throws Exception {
        HttpTesting.Raw r = post(token(c -> c.claim("scope", "profile")));
        assertEquals(403, r.status(), r.body());
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.contains("scope=\"mcp.read\""), challenge);
        assertTrue(challenge.contains("resource_metadata="), challenge);
    }

    @Test
    void protectedResourceMetadataFollowsRfc9728() throws IOException {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpTesting.Raw r = raw(port, "GET", path, Map.of(), null);
            assertEquals(200, r.status(), path);
            assertTrue(r.body().contains("\"resource\":\"" + audience + "\""), r.body());
            assertTrue(r.body().contains("\"authorization_servers\":[\"" + ISSUER + "\"]"), r.body());
            assertTrue(r.body().contains("\"scopes_supported\":[\"mcp.read\"]"), r.body());
        }
    }

    private static void assertInvalid(String token) throws IOException {
        HttpTesting.Raw r = post(token);
        assertEquals(401, r.status(), r.body());
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer resource_metadata=\"http://127.0.0.1:" + port
                + "/.well-known/oauth-protected-resource/mcp\", error=\"invalid_token\""), challenge);
    }

    private static HttpTesting.Raw post(String token) throws IOException {
        return raw(port, "POST", "/mcp", mcpHeaders("Authorization", "Bearer " + token), initializeBody());
    }

    private static String token(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return sign(claims(change), key);
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("scope", "mcp.read profile");
        change.accept(c);
        return c.build();
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }
}
