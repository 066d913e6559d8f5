package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The launcher in stateless Streamable HTTP mode ({@code PGMCP_HTTP_MODE=stateless}); runs the {@link McpContract}. */
class HttpStatelessEndToEndIT extends McpContract {

    private static LauncherProcess launcher;
    private static McpSyncClient client;
    private static ContractClient contract;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of("PGMCP_HTTP_MODE", "stateless"));
        client = HttpEndToEndIT.connect(launcher.uri(), null);
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

    @Override
    protected ContractClient client() {
        return contract;
    }
}
