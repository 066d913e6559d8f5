package dev.pgmcp.examples;

import dev.pgmcp.config.ConnectionUrl;
import dev.pgmcp.testing.TcpProxy;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher started (over stdio, and over HTTP) while its database is down: it keeps serving,
 * every tool call answers a clear "Database unavailable" error result while the database stays down,
 * and calls succeed once it comes up, without a restart. The "database" is a loopback port where
 * nothing listens at first and a TCP proxy to the test PostgreSQL later.
 */
class DatabaseDownAtStartUpIT {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);

    private String admin;
    private TestRoles.Role role;
    private URI target;
    private int port;
    private String launcherUrl;
    private final Map<String, String> env = Map.of("PGMCP_CONNECT_TIMEOUT_MS",
            String.valueOf(CONNECT_TIMEOUT.toMillis()), "PGMCP_AUDIT_LOG", "off");

    @BeforeEach
    void databaseNotListening() throws Exception {
        admin = TestPostgres.adminUrl();
        String url = TestPostgres.freshDatabase("launcher_down");
        role = TestRoles.create(admin, "launcher_down", "");
        target = URI.create(ConnectionUrl.parse("test url", url).jdbcUrl().substring("jdbc:".length()));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now; nothing listens there until the proxy starts
        }
        launcherUrl = "jdbc:postgresql://127.0.0.1:" + port + target.getPath() + "?user=" + role.name()
                + "&password=" + role.password();
    }

    @AfterEach
    void dropRole() {
        TestRoles.dropQuietly(admin, role);
    }

    @Test
    void overHttpTheServerKeepsServingUntilTheDatabaseComesUp() throws Exception {
        LauncherProcess launcher = LauncherProcess.startHttpWith(env, "--url", launcherUrl);
        McpSyncClient client = null;
        try {
            client = HttpEndToEndIT.connect(launcher.uri(), null);
            long started = System.nanoTime();
            McpSchema.CallToolResult down = query(client, "SELECT 1 AS one");
            assertTrue(down.isError(), text(down));
            assertTrue(text(down).startsWith("Database unavailable 08001: ") && text(down).contains("Check that the "
                    + "hostname and port are correct"), text(down));
            // Before the fix the launcher stopped (exit code 1) about two connect timeouts after start.
            Thread.sleep(Math.max(0, 4 * CONNECT_TIMEOUT.toMillis() - (System.nanoTime() - started) / 1_000_000));
            assertTrue(launcher.isAlive(), "the server keeps running:\n" + launcher.log());

            try (TcpProxy database = new TcpProxy(port, target.getHost(), target.getPort())) {
                McpSchema.CallToolResult up = query(client, "SELECT 40 + 2 AS answer");
                for (int i = 0; i < 30 && up.isError(); i++) {
                    assertTrue(text(up).startsWith("Database unavailable"), text(up));
                    Thread.sleep(500);
                    up = query(client, "SELECT 40 + 2 AS answer");
                }
                assertFalse(up.isError(), "calls succeed once the database is up: " + text(up));
            }
            assertFalse(launcher.log().contains("\tat "), launcher.log());
        } finally {
            if (client != null) {
                client.closeGracefully();
            }
            launcher.close();
        }
    }

    private static McpSchema.CallToolResult query(McpSyncClient client, String sql) {
        return client.callTool(new McpSchema.CallToolRequest("execute_query", Map.of("sql", sql)));
    }

    private static String text(McpSchema.CallToolResult r) {
        return r.content().isEmpty() ? "" : ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void overStdioTheServerKeepsServingUntilTheDatabaseComesUp() throws Exception {
        try (StdioLauncher launcher = StdioLauncher.start(env, "--url", launcherUrl)) {
            launcher.initialize(Duration.ofSeconds(60));
            long started = System.nanoTime();
            launcher.executeQuery(1, "SELECT 1 AS one");
            JsonNode down = launcher.answer(1, Duration.ofSeconds(30));
            assertTrue(StdioLauncher.isError(down), down.toString());
            assertTrue(StdioLauncher.text(down).startsWith("Database unavailable 08001: "), down.toString());
            assertTrue(StdioLauncher.text(down).contains("Connection to 127.0.0.1:" + port + " refused. Check that the "
                    + "hostname and port are correct"), down.toString());
            assertFalse(StdioLauncher.text(down).contains(role.password()), down.toString());

            // Before the fix the launcher stopped (exit code 1) about two connect timeouts after start.
            Thread.sleep(Math.max(0, 4 * CONNECT_TIMEOUT.toMillis() - (System.nanoTime() - started) / 1_000_000));
            assertTrue(launcher.process().isAlive(), "the server keeps running:\n" + launcher.log());
            launcher.executeQuery(2, "SELECT 2 AS two");
            JsonNode stillDown = launcher.answer(2, Duration.ofSeconds(30));
            assertTrue(StdioLauncher.text(stillDown).startsWith("Database unavailable"), stillDown.toString());

            try (TcpProxy database = new TcpProxy(port, target.getHost(), target.getPort())) {
                JsonNode up = null;
                for (int id = 3; id < 30 && (up == null || StdioLauncher.isError(up)); id++) {
                    if (up != null) {
                        assertTrue(StdioLauncher.text(up).startsWith("Database unavailable"), up.toString());
                        Thread.sleep(500);
                    }
                    launcher.executeQuery(id, "SELECT 40 + 2 AS answer");
                    up = launcher.answer(id, Duration.ofSeconds(30));
                }
                assertFalse(StdioLauncher.isError(up), "calls succeed once the database is up: " + up);
                assertEquals(42, up.path("result").path("structuredContent").path("rows").path(0).path(0).asInt(),
                        up.toString());
            }
            assertTrue(launcher.process().isAlive(), launcher.log());
            assertEquals(java.util.List.of(), launcher.stdoutNotJson(), "stdout carries the protocol only");
            assertFalse(launcher.log().contains("\tat "), launcher.log());

            launcher.closeStdin();
            assertTrue(launcher.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), launcher.log());
            assertEquals(0, launcher.process().exitValue(), launcher.log());
        }
    }
}
