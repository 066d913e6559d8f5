package dev.pgmcp.http;

import dev.pgmcp.mcp.JsonRpc;
import dev.pgmcp.mcp.McpProtocol;
import dev.pgmcp.mcp.ProtocolException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP+SSE transport of protocol 2024-11-05, for clients that predate Streamable HTTP: a GET on
 * {@code /sse} opens a session's event stream, whose first event ({@code endpoint}) names where to
 * POST messages ({@code /messages?sessionId=...}); each POST is accepted (202) and its answer, and
 * any request of the server, arrives as a {@code message} event on the stream. The session is bound
 * to the principal that opened it and ends with its stream.
 */
final class LegacySseServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient McpProtocol protocol;
    private final transient HttpSessions sessions;
    private final transient Admission admission;
    private final transient ScheduledExecutorService timer;
    private final transient ExecutorService calls;
    private final long maxBodyBytes;

    LegacySseServlet(McpProtocol protocol, HttpSessions sessions, Admission admission, ScheduledExecutorService timer,
                     ExecutorService calls, long maxBodyBytes) {
        this.protocol = protocol;
        this.sessions = sessions;
        this.admission = admission;
        this.timer = timer;
        this.calls = calls;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!req.getServletPath().equals(PgMcpHttpEndpoint.SSE_PATH)) {
            McpServlet.writeError(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, JsonRpc.INVALID_REQUEST,
                    "Method not allowed: POST messages here");
            return;
        }
        HttpSessions.Entry entry = sessions.open(McpServlet.principal(req));
        if (entry == null) {
            res.setHeader("Retry-After", "1");
            McpServlet.writeError(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, JsonRpc.INTERNAL_ERROR,
                    "Service unavailable: too many open sessions");
            return;
        }
        McpServlet.startStream(res);
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        SseStream stream = new SseStream("sse", false);
        entry.standalone.add(stream);
        stream.open(McpServlet.asyncSink(async), false, McpServlet.RETRY_MS);
        stream.named("endpoint", req.getContextPath() + PgMcpHttpEndpoint.MESSAGES_PATH + "?sessionId="
                + URLEncoder.encode(entry.id, StandardCharsets.UTF_8));
        ScheduledFuture<?>[] keepAlive = new ScheduledFuture<?>[1];
        keepAlive[0] = timer.scheduleAtFixedRate(() -> {
            if (!stream.keepAlive()) {
                keepAlive[0].cancel(false);
                sessions.remove(entry.id); // the stream is the session in this transport
            }
        }, McpServlet.KEEP_ALIVE_MS, McpServlet.KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSessions.Entry entry = sessions.find(req.getParameter("sessionId"), McpServlet.principal(req));
        SseStream stream = entry == null ? null : entry.standalone.stream().findFirst().orElse(null);
        if (stream == null) {
            McpServlet.writeError(res, HttpServletResponse.SC_NOT_FOUND, null, JsonRpc.INVALID_REQUEST,
                    "Session not found: open a new event stream");
            return;
        }
        byte[] body;
        try {
            body = McpServlet.readBody(req, maxBodyBytes);
        } catch (McpServlet.BodyException e) {
            McpServlet.writeError(res, e.status, null, JsonRpc.INVALID_REQUEST, e.getMessage());
            return;
        }
        Object decoded;
        try {
            decoded = JsonRpc.decode(body, 0, body.length);
        } catch (ProtocolException e) {
            McpServlet.writeError(res, HttpServletResponse.SC_BAD_REQUEST, null, e.code(), e.getMessage());
            return;
        }
        if (decoded instanceof List) {
            McpServlet.writeError(res, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "Invalid Request: send one message per request");
            return;
        }
        String refused = admission.enter();
        if (refused != null) {
            res.setHeader("Retry-After", "1");
            McpServlet.writeError(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, JsonRpc.INTERNAL_ERROR,
                    "Service unavailable: " + refused);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) decoded;
        res.setStatus(HttpServletResponse.SC_ACCEPTED);
        // Answered on the stream: the POST returns at once, the call runs on a thread of its own.
        calls.execute(() -> {
            try {
                Map<String, Object> answer = protocol.handle(message, entry.session,
                        m -> {
                            if (!stream.event(JsonRpc.encode(m))) {
                                throw new IOException("the client's event stream is closed");
                            }
                        });
                if (answer != null) {
                    stream.event(JsonRpc.encode(answer));
                }
            } finally {
                admission.leave();
            }
        });
    }
}
