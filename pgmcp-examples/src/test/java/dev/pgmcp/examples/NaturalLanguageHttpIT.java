package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.util.Map;

/**
 * {@link NaturalLanguageContract} over Streamable HTTP (stateful: the server sends {@code sampling/createMessage}
 * on the tool call's response stream and the client posts its answer in a new request of the same session).
 */
class NaturalLanguageHttpIT extends NaturalLanguageContract {

    private static LauncherProcess launcher;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of("PGMCP_LLM_API_KEY", "", "PGMCP_LLM_BASE_URL", ""));
        URI endpoint = launcher.uri();
        client = samplingClient(HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority())
                .endpoint(endpoint.getPath())
                .build());
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

    @Override
    protected McpSyncClient client() {
        return client;
    }
}
