package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

/** {@link NaturalLanguageContract} over stdio: {@code pgmcp-server.jar --demo} as a subprocess, no API key. */
class NaturalLanguageStdioIT extends NaturalLanguageContract {

    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        ServerParameters params = ServerParameters.builder(LauncherProcess.java())
                .args("-jar", LauncherProcess.jar().toString(), "--demo")
                // Blank = unset: whatever the environment holds, no endpoint is configured.
                .addEnvVar("PGMCP_LLM_API_KEY", "").addEnvVar("PGMCP_LLM_BASE_URL", "")
                .build();
        client = samplingClient(new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.builder().build())));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Override
    protected McpSyncClient client() {
        return client;
    }
}
