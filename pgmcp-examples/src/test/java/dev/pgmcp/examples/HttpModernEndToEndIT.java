package dev.pgmcp.examples;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The launcher over Streamable HTTP (stateful, bearer tokens), driven by the MCP Java SDK's modern
 * client (protocol 2026-07-28, POST only, no session); runs the {@link McpContract}, and shows a
 * classic client served by the same running server at the same time.
 */
class HttpModernEndToEndIT extends McpContract {

    private static LauncherProcess launcher;
    private static ModernContractClient contract;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of("PGMCP_HTTP_AUTH", "bearer",
                "PGMCP_HTTP_BEARER_TOKENS", "e2e:" + HttpEndToEndIT.TOKEN));
        contract = connect(launcher, HttpEndToEndIT.TOKEN);
    }

    static ModernContractClient connect(LauncherProcess launcher, String token) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(launcher.uri())
                .connectTimeout(Duration.ofSeconds(10))
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) -> {
                    if (token != null) {
                        headers.set("Authorization", "Bearer " + token);
                    }
                }))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("contract", "1").build())
                .roundTimeout(Duration.ofSeconds(120))
                .build();
        return new ModernContractClient(client, () -> { });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Override
    protected ContractClient client() {
        return contract;
    }

    @Test
    void aClassicAndAModernClientShareTheRunningServer() {
        try (ContractClient classic = new ClassicContractClient(HttpEndToEndIT.connect(launcher.uri(), HttpEndToEndIT.TOKEN))) {
            List<Object> modernTools = contract.tools().stream().map(t -> t.get("name")).toList();
            List<Object> classicTools = classic.tools().stream().map(t -> t.get("name")).toList();
            assertEquals(classicTools, modernTools, "both eras see the same tools, in the same order");
            for (ContractClient c : List.of(classic, contract)) {
                ContractClient.ToolCall r = c.call("execute_query", Map.of("sql", "SELECT count(*) AS n FROM customers"));
                assertFalse(r.isError(), r.text());
                assertEquals(43, ((List<?>) ((List<?>) r.structuredContent().get("rows")).get(0)).get(0), c.era());
            }
        }
    }
}
