package dev.pgmcp.http;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** JSON-RPC messages of both protocol eras as POST bodies, and a legacy session opened the way a client opens it. */
final class McpRequests {

    static final String MODERN = "2026-07-28";

    private McpRequests() {
    }

    /** @return a request; {@code params} is a JSON object or {@code null} */
    static String request(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    /** @return a notification; {@code params} is a JSON object or {@code null} */
    static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    /** @return {@code initialize} asking for {@code version} with the given client capabilities (a JSON object) */
    static String initialize(String version, String capabilities) {
        return request(1, "initialize", "{\"protocolVersion\":\"" + version + "\",\"capabilities\":" + capabilities
                + ",\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}");
    }

    /**
     * @param params the members of {@code params} besides {@code _meta} (e.g. {@code "name":"x"}), or empty
     * @return a 2026-07-28 request: the protocol version {@code version} and empty client capabilities in {@code params._meta}
     */
    static String modern(Object id, String method, String params, String version) {
        return request(id, method, "{" + (params.isEmpty() ? "" : params + ",")
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + version + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
    }

    /**
     * @param name the {@code Mcp-Name} value, or {@code null} for none
     * @return the headers of a 2026-07-28 POST
     */
    static Map<String, String> modernHeaders(String version, String method, String name) {
        Map<String, String> h = HttpTesting.mcpHeaders("MCP-Protocol-Version", version, "Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    /**
     * Opens a legacy session as a client does: {@code initialize}, then {@code notifications/initialized}
     * with the session id (and, from 2025-06-18 on, the {@code MCP-Protocol-Version} header).
     *
     * @param more extra headers for both requests (name, value, ...), e.g. {@code Authorization}
     * @return the session id
     */
    static String openSession(int port, String version, String capabilities, String... more) throws IOException {
        HttpTesting.Raw init = HttpTesting.raw(port, "POST", "/mcp", HttpTesting.mcpHeaders(more),
                initialize(version, capabilities));
        assertEquals(200, init.status(), init.body());
        String session = init.header("Mcp-Session-Id");
        assertNotNull(session, "initialize answers with a session id");
        HttpTesting.Raw initialized = HttpTesting.raw(port, "POST", "/mcp", sessionHeaders(session, version, more),
                notification("notifications/initialized", null));
        assertEquals(202, initialized.status(), initialized.body());
        return session;
    }

    /** @return the headers of a POST in a legacy session */
    static Map<String, String> sessionHeaders(String session, String version, String... more) {
        Map<String, String> h = HttpTesting.mcpHeaders(more);
        h.put("Mcp-Session-Id", session);
        if (version.compareTo("2025-06-18") >= 0) {
            h.put("MCP-Protocol-Version", version);
        }
        return h;
    }
}
