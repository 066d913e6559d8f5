package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The launcher with the legacy HTTP+SSE transport on ({@code PGMCP_HTTP_LEGACY_SSE=true}); runs the {@link McpContract}. */
class LegacySseEndToEndIT extends McpContract {

    private static LauncherProcess launcher;
    private static McpSyncClient client;
    private static ContractClient contract;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of("PGMCP_HTTP_LEGACY_SSE", "true"));
        client = McpClient.sync(HttpClientSseClientTransport
                        .builder(launcher.uri().getScheme() + "://" + launcher.uri().getAuthority())
                        .sseEndpoint("/sse").build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        assertEquals("2024-11-05", client.initialize().protocolVersion());
        contract = new ClassicContractClient(client);
    }

    /** 2024-11-05 has no {@code resource_link} content: results carry their text only. */
    @Override
    protected boolean resourceLinks() {
        return false;
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
    protected ContractClient client() {
        return contract;
    }
}
