package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real launcher jar with {@code --demo --transport http --port 0}, driven by the MCP Java SDK's
 * Streamable HTTP client with a bearer token; runs the {@link McpContract}. Also proves the shaded jar
 * carries a working Jetty.
 */
class HttpEndToEndIT extends McpContract {

    static final String TOKEN = "e2e-test-token-0123456789";

    private static LauncherProcess launcher;
    private static McpSyncClient client;
    private static ContractClient contract;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of("PGMCP_HTTP_AUTH", "bearer", "PGMCP_HTTP_BEARER_TOKENS", "e2e:" + TOKEN));
        client = connect(launcher.uri(), TOKEN);
        contract = new ClassicContractClient(client);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (client != null) {
            client.closeGracefully();
        }
        if (launcher != null) {
            launcher.close();
        }
    }

    static McpSyncClient connect(URI endpoint, String token) {
        HttpClientStreamableHttpTransport.Builder t = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority())
                .endpoint(endpoint.getPath());
        if (token != null) {
            t.httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token));
        }
        McpSyncClient c = McpClient.sync(t.build()).requestTimeout(Duration.ofSeconds(60)).build();
        McpSchema.InitializeResult init = c.initialize();
        assertEquals("pgmcp", init.serverInfo().name());
        return c;
    }

    @Override
    protected ContractClient client() {
        return contract;
    }

    @Test
    void healthIsOpenAndMcpIsNot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = launcher.uri().resolve("/");
        assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(launcher.uri())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }
}
