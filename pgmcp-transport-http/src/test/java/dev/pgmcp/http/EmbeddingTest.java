package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host application mounts pgmcp in its own Jetty, under its own context path and next to its own
 * servlet, with the few lines docs/embedding.md shows.
 */
class EmbeddingTest {

    @Test
    void hostJettyServesPgmcpNextToItsOwnServlets() throws Exception {
        try (PgMcp engine = HttpTesting.engine()) {
            // --- what a host writes ---
            PgMcpHttpEndpoint mcp = PgMcpHttpEndpoint.builder(engine)
                    .settings(HttpSettings.builder().auth(HttpSettings.AuthMode.BEARER)
                            .bearerToken("host-app", "host-token-0123456789").legacySse(true).build())
                    .build();
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/app");
            context.addServlet(new Hello(), "/hello");
            context.addServletContainerInitializer(mcp.initializer());
            jetty.setHandler(context);
            jetty.start();
            // ---
            try {
                int port = connector.getLocalPort();
                HttpTesting.Raw hello = HttpTesting.raw(port, "GET", "/app/hello", Map.of(), null);
                assertEquals(200, hello.status());
                assertEquals("hello from the host", hello.body());
                assertEquals(200, HttpTesting.raw(port, "GET", "/app/health", Map.of(), null).status());
                assertEquals(401, HttpTesting.raw(port, "POST", "/app/mcp", HttpTesting.mcpHeaders(),
                        HttpTesting.initializeBody()).status());
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                                .endpoint("/app/mcp")
                                .httpRequestCustomizer((r, m, u, b, c) -> r.header("Authorization", "Bearer host-token-0123456789"))
                                .build())
                        .requestTimeout(Duration.ofSeconds(30)).build();
                try {
                    client.initialize();
                    assertEquals("host-app|bearer|", HttpTesting.text(client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()))));
                } finally {
                    client.closeGracefully();
                }
                HttpTesting.Raw sse = HttpTesting.raw(port, "GET", "/app/sse", Map.of("Accept", "text/event-stream"), null);
                assertEquals(401, sse.status(), "legacy SSE under the host's context path is protected too");
            } finally {
                mcp.drain(Duration.ofSeconds(5));
                mcp.close();
                jetty.stop();
            }
        }
    }

    @Test
    void legacySseAdvertisesTheMessagesPathUnderTheHostContext() throws Exception {
        try (PgMcp engine = HttpTesting.engine()) {
            PgMcpHttpEndpoint mcp = PgMcpHttpEndpoint.builder(engine)
                    .settings(HttpSettings.builder().legacySse(true).build()).build();
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/app");
            context.addServletContainerInitializer(mcp.initializer());
            jetty.setHandler(context);
            jetty.start();
            try {
                McpSyncClient client = McpClient.sync(io.modelcontextprotocol.client.transport.HttpClientSseClientTransport
                                .builder("http://127.0.0.1:" + connector.getLocalPort()).sseEndpoint("/app/sse").build())
                        .requestTimeout(Duration.ofSeconds(30)).build();
                try {
                    client.initialize();
                    assertTrue(HttpTesting.toolNames(client).contains("whoami"));
                } finally {
                    client.closeGracefully();
                }
            } finally {
                mcp.close();
                jetty.stop();
            }
        }
    }

    /** The host application's own servlet. */
    private static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            res.getWriter().write("hello from the host");
        }
    }
}
