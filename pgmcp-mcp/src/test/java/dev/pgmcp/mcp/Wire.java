package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.Principal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of {@link McpProtocol} at the message level, without a transport: it builds JSON-RPC
 * messages as a client would (legacy, or 2026-07-28 with {@code _meta}), hands them to the protocol
 * through a round trip of JSON text (so what is tested is what goes over the wire), and records what
 * the server sends while it handles them.
 */
final class Wire {

    static final String MODERN = "2026-07-28";

    final McpProtocol protocol;
    final Session session;
    final List<Map<String, Object>> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();

    Wire(PgMcp engine) {
        this(new McpProtocol(engine), Session.open(Principal.LOCAL));
    }

    Wire(McpProtocol protocol, Session session) {
        this.protocol = protocol;
        this.session = session;
    }

    /** Opens a legacy session with {@code initialize} (and {@code notifications/initialized}). */
    Map<String, Object> initialize(String version, Map<String, Object> capabilities) {
        Map<String, Object> r = request("initialize", Map.of("protocolVersion", version, "capabilities", capabilities,
                "clientInfo", Map.of("name", "wire", "version", "1")));
        notify("notifications/initialized", null);
        return r;
    }

    /** @return the full response (with {@code result} or {@code error}) to a request, or {@code null} */
    Map<String, Object> request(String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", ids.incrementAndGet());
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        return send(m);
    }

    /** @return the response to a 2026-07-28 request: {@code params} plus the required {@code _meta} */
    Map<String, Object> modern(String method, Map<String, Object> params, Map<String, Object> capabilities) {
        Map<String, Object> p = new LinkedHashMap<>(params == null ? Map.of() : params);
        p.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", MODERN,
                "io.modelcontextprotocol/clientCapabilities", capabilities));
        return request(method, p);
    }

    void notify(String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        send(m);
    }

    /** Sends any message (as JSON text, decoded as a transport would). */
    @SuppressWarnings("unchecked")
    Map<String, Object> send(Map<String, Object> message) {
        byte[] json = JsonRpc.encode(message);
        Map<String, Object> decoded = (Map<String, Object>) JsonRpc.decode(json, 0, json.length);
        Map<String, Object> response = protocol.handle(decoded, session, sent::add);
        if (response == null) {
            return null;
        }
        byte[] back = JsonRpc.encode(response);
        return (Map<String, Object>) JsonRpc.decode(back, 0, back.length);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> response) {
        if (!(response.get("result") instanceof Map<?, ?> r)) {
            throw new AssertionError("expected a result: " + response);
        }
        return (Map<String, Object>) r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Map<String, Object> response) {
        if (!(response.get("error") instanceof Map<?, ?> e)) {
            throw new AssertionError("expected an error: " + response);
        }
        return (Map<String, Object>) e;
    }

    static int code(Map<String, Object> response) {
        return ((Number) error(response).get("code")).intValue();
    }
}
