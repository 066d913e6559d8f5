package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opt-in legacy HTTP+SSE transport (2024-11-05) next to Streamable HTTP, behind bearer authentication. */
class LegacySseTest {

    private static final String TOKEN = "legacy-client-token-0123";

    private static PgMcp engine;
    private static PgMcpHttpServer server;

    @BeforeAll
    static void start() {
        engine = HttpTesting.engine();
        server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().legacySse(true)
                .auth(HttpSettings.AuthMode.BEARER).bearerToken("legacy", TOKEN).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void sseClientCallsToolsAsItsPrincipal() {
        HttpClientSseClientTransport transport = HttpClientSseClientTransport.builder("http://127.0.0.1:" + server.port())
                .sseEndpoint("/sse")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + TOKEN))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("2024-11-05", init.protocolVersion());
            assertTrue(HttpTesting.toolNames(client).contains("describe_table"));
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("execute_query",
                    Map.of("sql", "SELECT name FROM items ORDER BY id", "params", List.of())));
            assertFalse(Boolean.TRUE.equals(r.isError()), () -> HttpTesting.text(r));
            assertTrue(HttpTesting.text(r).contains("gamma"));
            assertEquals("legacy|bearer|", HttpTesting.text(client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()))));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void legacyPathsNeedTheToken() throws IOException {
        assertEquals(401, HttpTesting.raw(server.port(), "GET", "/sse", Map.of("Accept", "text/event-stream"), null).status());
        assertEquals(401, HttpTesting.raw(server.port(), "POST", "/messages?sessionId=x", HttpTesting.mcpHeaders(), "{}").status());
    }

    @Test
    void streamableHttpStillServes() {
        McpSyncClient client = HttpTesting.client(server.uri(), TOKEN);
        try {
            assertTrue(HttpTesting.toolNames(client).contains("whoami"));
        } finally {
            client.closeGracefully();
        }
    }
}
