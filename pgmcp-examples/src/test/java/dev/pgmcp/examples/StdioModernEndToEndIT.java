package dev.pgmcp.examples;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real launcher jar over stdio, driven by the MCP Java SDK's modern client (protocol
 * 2026-07-28: no {@code initialize}, every request carries its version and capabilities); runs the
 * {@link McpContract}, so a modern client sees what a classic one sees.
 */
class StdioModernEndToEndIT extends McpContract {

    private static ModernContractClient contract;

    @BeforeAll
    static void start() {
        ServerParameters params = ServerParameters.builder(LauncherProcess.java())
                .args("-jar", LauncherProcess.jar().toString(), "--demo")
                .build();
        StdioMcpClientTransport transport = StdioMcpClientTransport.builder(params)
                .shutdownTimeout(Duration.ofSeconds(10))
                .start();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("contract", "1").build())
                .roundTimeout(Duration.ofSeconds(120))
                .build();
        contract = new ModernContractClient(client, transport);
    }

    @AfterAll
    static void stop() {
        if (contract != null) {
            contract.close();
        }
    }

    @Override
    protected ContractClient client() {
        return contract;
    }

    @Test
    void discoverNamesTheVersionsCapabilitiesAndServer() {
        McpSchema.DiscoverResult d = contract.sdk().discover();
        assertEquals(List.of("2026-07-28"), d.supportedVersions());
        assertTrue(d.capabilities().tools() != null && d.capabilities().resources() != null, d.toString());
        assertTrue(d.ttlMs() > 0, d.toString());
        assertEquals("pgmcp", ((java.util.Map<?, ?>) d.meta().get("io.modelcontextprotocol/serverInfo")).get("name"));
        assertTrue(d.instructions().contains("execute_query"), d.instructions());
    }
}
