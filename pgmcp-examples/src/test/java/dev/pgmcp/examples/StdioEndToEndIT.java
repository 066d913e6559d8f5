package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Starts the real launcher jar ({@code pgmcp-server.jar --demo}) as a subprocess and drives it with
 * the MCP Java SDK's client over stdio, as Claude Desktop or the MCP Inspector would; runs the
 * {@link McpContract}.
 */
class StdioEndToEndIT extends McpContract {

    private static McpSyncClient client;
    private static ContractClient contract;

    @BeforeAll
    static void start() {
        ServerParameters params = ServerParameters.builder(LauncherProcess.java())
                .args("-jar", LauncherProcess.jar().toString(), "--demo")
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.builder().build()));
        client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(120))
                .build();
        McpSchema.InitializeResult init = client.initialize();
        assertEquals("pgmcp", init.serverInfo().name());
        contract = new ClassicContractClient(client);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Override
    protected ContractClient client() {
        return contract;
    }
}
