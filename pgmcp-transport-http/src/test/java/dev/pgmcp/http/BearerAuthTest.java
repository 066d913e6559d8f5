package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static dev.pgmcp.http.HttpTesting.initializeBody;
import static dev.pgmcp.http.HttpTesting.mcpHeaders;
import static dev.pgmcp.http.HttpTesting.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static bearer tokens on a real Jetty: 401 with a challenge without or with a wrong token, the label as principal. */
class BearerAuthTest {

    private static final String ALICE = "alice-0123456789abcdef";
    private static final String BOB = "bob-fedcba9876543210";

    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static int port;

    @BeforeAll
    static void start() {
        engine = HttpTesting.engine();
        server = PgMcpHttpServer.builder(engine)
                .settings(HttpTesting.settings().auth(HttpSettings.AuthMode.BEARER)
                        .bearerToken("alice", ALICE).bearerToken("bob", BOB).build())
                .metrics(() -> "pgmcp_test 1\n")
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void missingTokenGets401WithChallenge() throws IOException {
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders(), initializeBody());
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"pgmcp\"", r.header("WWW-Authenticate"));
        HttpTesting.Raw basic = raw(port, "POST", "/mcp", mcpHeaders("Authorization", "Basic YWxpY2U6eA=="), initializeBody());
        assertEquals(401, basic.status());
    }

    @Test
    void wrongTokenGets401InvalidTokenAndIsNotEchoed() throws IOException {
        String wrong = ALICE + "x";
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders("Authorization", "Bearer " + wrong), initializeBody());
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer realm=\"pgmcp\", error=\"invalid_token\""),
                r.header("WWW-Authenticate"));
        assertFalse(r.body().contains(wrong) || r.header("WWW-Authenticate").contains(wrong));
    }

    @Test
    void eachTokenAuthenticatesAsItsLabel() {
        for (String[] t : new String[][]{{ALICE, "alice"}, {BOB, "bob"}}) {
            McpSyncClient client = HttpTesting.client(server.uri(), t[0]);
            try {
                McpSchema.CallToolResult who = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
                assertEquals(t[1] + "|bearer|", HttpTesting.text(who));
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void healthIsOpenMetricsAreNot() throws IOException {
        assertEquals(200, raw(port, "GET", "/health", Map.of(), null).status());
        assertEquals(200, raw(port, "GET", "/ready", Map.of(), null).status());
        assertEquals(401, raw(port, "GET", "/metrics", Map.of(), null).status());
        assertEquals(200, raw(port, "GET", "/metrics", Map.of("Authorization", "Bearer " + BOB), null).status());
    }

    @Test
    void twoAuthorizationHeadersAreABadRequest() throws IOException {
        // A raw request can repeat a header only through distinct keys; case differs, the header is the same.
        HttpTesting.Raw r = raw(port, "POST", "/mcp", mcpHeaders("Authorization", "Bearer " + ALICE,
                "authorization", "Bearer " + BOB), initializeBody());
        assertEquals(400, r.status(), r.body());
    }
}
