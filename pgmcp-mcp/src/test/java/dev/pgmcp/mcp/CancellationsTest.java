package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.engine.ToolCalls;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cancellation hook on a Streamable HTTP transport provider (the stdio provider is covered end
 * to end in the stdio module): the SDK's own session factory and sessions, with a stand-in for the
 * servlet that delivers requests and notifications the way it does.
 */
class CancellationsTest {

    static final String LONG_QUERY = "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b";

    @Test
    void requestKeysNormaliseNumericIds() {
        assertEquals("s:7", Cancellations.key("s", 7));
        assertEquals("s:7", Cancellations.key("s", 7L));
        assertEquals("s:7", Cancellations.key("s", 7.0));
        assertEquals("s:7.5", Cancellations.key("s", 7.5));
        assertEquals("s:abc", Cancellations.key("s", "abc"));
    }

    /** What the servlet provider does: hold the SDK's session factory. */
    static final class StandInProvider implements McpStreamableServerTransportProvider {
        McpStreamableServerSession.Factory factory;

        @Override
        public void setSessionFactory(McpStreamableServerSession.Factory factory) {
            this.factory = factory;
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }

    /** One HTTP response stream: collects what the session sends. */
    static final class StandInStream implements McpStreamableServerTransport {
        final LinkedBlockingQueue<McpSchema.JSONRPCMessage> sent = new LinkedBlockingQueue<>();
        final McpJsonMapper mapper = McpServers.jsonMapper();

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            sent.add(message);
            return Mono.empty();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return mapper.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }

    static int running(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE "
                     + "application_name = 'pgmcp' AND state = 'active' AND query = ? AND datname = current_database()")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void awaitRunning(String url, int expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running(url, LONG_QUERY) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " backend(s) running the query");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void streamableSessionsCancelToo() throws Exception {
        String url = TestPostgres.freshDatabase("streamable_cancel");
        PgMcp engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).statementTimeout(Duration.ofMinutes(5))
                .build()).discoverTools(false).build();
        StandInProvider provider = new StandInProvider();
        McpSyncServer server = McpServers.sync(engine, provider, McpServers.jsonMapper(), Duration.ofMinutes(6));
        try {
            assertNotNull(provider.factory, "the SDK set its session factory through the hook");
            McpStreamableServerSession.McpStreamableServerSessionInit init = provider.factory.startSession(
                    new McpSchema.InitializeRequest(ProtocolVersions.MCP_2025_06_18, McpSchema.ClientCapabilities.builder().build(),
                            new McpSchema.Implementation("test", "1")));
            init.initResult().block(Duration.ofSeconds(30));
            McpStreamableServerSession session = init.session();

            StandInStream stream = new StandInStream();
            // The call runs on the thread that subscribes (immediate execution, as on a servlet's
            // request thread), so subscribe from a thread of its own, as the servlet container does.
            session.responseStream(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, "tools/call", 5,
                    Map.of("name", "execute_query", "arguments", Map.of("sql", LONG_QUERY))), stream)
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
            awaitRunning(url, 1, 20);
            session.accept(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/cancelled",
                    Map.of("requestId", 5))).block(Duration.ofSeconds(10));

            McpSchema.JSONRPCMessage sent = stream.sent.poll(10, TimeUnit.SECONDS);
            McpSchema.JSONRPCResponse response = assertInstanceOf(McpSchema.JSONRPCResponse.class, sent);
            McpSchema.CallToolResult result = McpServers.jsonMapper().convertValue(response.result(),
                    new TypeRef<McpSchema.CallToolResult>() { });
            assertTrue(result.isError());
            assertEquals(ToolCalls.CANCELLED, ((McpSchema.TextContent) result.content().get(0)).text());
            awaitRunning(url, 0, 3);
        } finally {
            server.close();
            engine.close();
        }
    }
}
