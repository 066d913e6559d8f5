package dev.pgmcp.http;

import dev.pgmcp.mcp.JsonRpc;
import dev.pgmcp.mcp.McpProtocol;
import dev.pgmcp.mcp.ProtocolException;
import dev.pgmcp.mcp.Session;
import dev.pgmcp.spi.Principal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.ByteBufferOutputStream2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MCP endpoint over Streamable HTTP, for both protocol eras (see {@link McpProtocol}).
 *
 * <p><b>2026-07-28</b> (a request whose {@code params._meta} names the protocol version): POST only,
 * each request stands alone; the {@code MCP-Protocol-Version}, {@code Mcp-Method} and
 * {@code Mcp-Name} headers must match the body, else -32020 "header mismatch" with 400
 * ("Streamable HTTP", Request Headers); errors carry the status that revision gives them (400 for
 * -32700, -32600, -32602, -32020..-32022; 404 for -32601); closing the response stream cancels the
 * request ("Cancellation").
 *
 * <p><b>2024-11-05 through 2025-11-25</b>: {@code initialize} opens a session ({@code Mcp-Session-Id},
 * bound to the principal that opened it) unless the endpoint is stateless; a later request without
 * the header gets 400, with an unknown one 404; an {@code MCP-Protocol-Version} header naming a
 * version pgmcp does not speak gets 400; notifications and responses get 202; JSON-RPC batches are
 * answered in 2025-03-26 sessions. A request's answer is JSON when it comes quickly; a request that
 * runs longer, or sends messages while it runs (progress, sampling), answers with an SSE stream
 * whose events carry ids unique in the session, with the 2025-11-25 priming event and {@code retry};
 * a dropped stream does not cancel the request, and a GET with {@code Last-Event-ID} resumes it. A GET
 * without that header opens the session's standalone stream (headers at once, keep-alive comments);
 * DELETE ends the session.
 *
 * <p>Every error is a JSON-RPC error object with a short message: never a stack trace or a class name.
 */
final class McpServlet extends HttpServlet {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    /** MCP 2026-07-28: a header value does not match the request body. */
    static final int HEADER_MISMATCH = -32020;

    /**
     * How long a slow call's answer stays pending at least before the answer becomes an SSE stream (the
     * first probe comes within {@link #PROBE_EVERY_MS} after that: {@link ResponseProbes}).
     */
    static final long STREAM_AFTER_MS = 200;
    /** How often a running call's stream gets a keep-alive comment, which also notices a client that left. */
    static final long PROBE_EVERY_MS = 100;
    /** How often an idle standalone stream gets a keep-alive comment. */
    static final long KEEP_ALIVE_MS = 15_000;
    /** The reconnection delay a 2025-11-25 client is told (SSE {@code retry}). */
    static final long RETRY_MS = 1_000;
    /** How long a request's body may take to arrive. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(McpServlet.class);
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");

    private final transient McpProtocol protocol;
    private final transient HttpSessions sessions;
    private final transient Admission admission;
    private final transient ScheduledExecutorService timer;
    /** Notices, for every POST in flight, a client that left (and starts a slow call's stream). */
    private final transient ResponseProbes probes;
    private final long maxBodyBytes;

    /**
     * @param sessions the legacy sessions, or {@code null} for a stateless endpoint
     */
    McpServlet(McpProtocol protocol, HttpSessions sessions, Admission admission, ScheduledExecutorService timer,
               long maxBodyBytes) {
        this.protocol = protocol;
        this.sessions = sessions;
        this.admission = admission;
        this.timer = timer;
        this.probes = new ResponseProbes(timer, STREAM_AFTER_MS, PROBE_EVERY_MS);
        this.maxBodyBytes = maxBodyBytes;
    }

    static Principal principal(HttpServletRequest req) {
        return req.getAttribute(PgMcpHttpEndpoint.PRINCIPAL_ATTRIBUTE) instanceof Principal p ? p : Principal.LOCAL;
    }

    // ---- POST ----

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            writeError(res, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, null, JsonRpc.INVALID_REQUEST,
                    "Unsupported media type: POST a JSON-RPC message as application/json");
            return;
        }
        byte[] body;
        try {
            body = readBody(req, maxBodyBytes);
        } catch (BodyException e) {
            writeError(res, e.status, null, JsonRpc.INVALID_REQUEST, e.getMessage());
            return;
        }
        String refused = admission.enter();
        if (refused != null) {
            res.setHeader("Retry-After", "1");
            writeError(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, JsonRpc.INTERNAL_ERROR,
                    "Service unavailable: " + refused);
            return;
        }
        try {
            post(req, res, body);
        } finally {
            admission.leave();
        }
    }

    private void post(HttpServletRequest req, HttpServletResponse res, byte[] body) throws IOException {
        Object decoded;
        try {
            decoded = JsonRpc.decode(body, 0, body.length);
        } catch (ProtocolException e) {
            writeError(res, HttpServletResponse.SC_BAD_REQUEST, null, e.code(), e.getMessage());
            return;
        }
        Principal principal = principal(req);
        if (decoded instanceof List<?> batch) {
            HttpSessions.Entry entry = legacySession(req, res, principal);
            if (entry != null) {
                Object responses = protocol.handleBatch(batch, entry.session, Outboundless.INSTANCE);
                if (responses == null) {
                    res.setStatus(HttpServletResponse.SC_ACCEPTED);
                } else {
                    writeJson(res, HttpServletResponse.SC_OK, responses);
                }
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) decoded;
        Object method = message.get("method");
        Object version = modernVersion(message);
        if (version != null) {
            String mismatch = headerMismatch(req, method, message.get("params"), version);
            if (mismatch != null) {
                writeError(res, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.validIdOrNull(message.get("id")),
                        HEADER_MISMATCH, "Header mismatch: " + mismatch);
                return;
            }
            exchange(req, res, message, Session.stateless(principal), null, true);
            return;
        }
        String header = req.getHeader(VERSION_HEADER);
        if (header != null && !McpProtocol.SUPPORTED_VERSIONS.contains(header)) {
            writeError(res, HttpServletResponse.SC_BAD_REQUEST, JsonRpc.validIdOrNull(message.get("id")),
                    JsonRpc.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version: " + printable(header));
            return;
        }
        if (sessions == null) {
            // No initialize to remember: the header is what tells which version this request speaks.
            exchange(req, res, message, Session.stateless(principal, header), null, false);
            return;
        }
        if ("initialize".equals(method) && message.containsKey("id") && req.getHeader(SESSION_HEADER) == null) {
            HttpSessions.Entry entry = sessions.open(principal);
            if (entry == null) {
                res.setHeader("Retry-After", "1");
                writeError(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message.get("id"), JsonRpc.INTERNAL_ERROR,
                        "Service unavailable: too many open sessions");
                return;
            }
            res.setHeader(SESSION_HEADER, entry.id);
            exchange(req, res, message, entry.session, entry, false);
            if (!entry.session.initialized()) {
                sessions.remove(entry.id); // initialize failed: no session
            }
            return;
        }
        HttpSessions.Entry entry = legacySession(req, res, principal);
        if (entry != null) {
            exchange(req, res, message, entry.session, entry, false);
        }
    }

    /** @return the request's legacy session, or {@code null} after answering 400 (no header) or 404 (unknown) */
    private HttpSessions.Entry legacySession(HttpServletRequest req, HttpServletResponse res, Principal principal)
            throws IOException {
        if (sessions == null) {
            writeError(res, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "Bad Request: this endpoint is stateless; send one message per request");
            return null;
        }
        String id = req.getHeader(SESSION_HEADER);
        if (id == null) {
            writeError(res, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "Bad Request: Mcp-Session-Id header required (send initialize first)");
            return null;
        }
        HttpSessions.Entry entry = sessions.find(id, principal);
        if (entry == null) {
            writeError(res, HttpServletResponse.SC_NOT_FOUND, null, JsonRpc.INVALID_REQUEST,
                    "Session not found: initialize a new session");
        }
        return entry;
    }

    /** Handles one message and writes its answer: 202 for none, JSON, or an SSE stream for a slow or chatty call. */
    private void exchange(HttpServletRequest req, HttpServletResponse res, Map<String, Object> message, Session session,
                          HttpSessions.Entry entry, boolean modern) throws IOException {
        if (!message.containsKey("id") || !message.containsKey("method")) {
            Map<String, Object> answer = protocol.handle(message, session, Outboundless.INSTANCE);
            if (answer == null) {
                res.setStatus(HttpServletResponse.SC_ACCEPTED);
            } else {
                writeJson(res, modern ? modernStatus(answer) : HttpServletResponse.SC_OK, answer);
            }
            return;
        }
        PostExchange exchange = new PostExchange(res, accepts(req, "text/event-stream"), entry,
                entry != null && "2025-11-25".equals(entry.session.protocolVersion()));
        Object id = message.get("id");
        Map<String, Object> answer;
        try (ResponseProbes.Registration probe = probes.register(() -> {
            if (!exchange.probe() && modern) {
                // 2026-07-28 "Cancellation": over HTTP, closing the response stream cancels the request.
                protocol.cancel(session, id, "the client closed the response stream");
            }
        })) {
            answer = protocol.handle(message, session, exchange);
        }
        exchange.finish(answer, modern && answer != null ? modernStatus(answer) : HttpServletResponse.SC_OK);
    }

    // ---- GET and DELETE (legacy sessions) ----

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (sessions == null || req.getHeader(SESSION_HEADER) == null && req.getHeader("Last-Event-ID") == null) {
            res.setHeader("Allow", "POST");
            writeError(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, JsonRpc.INVALID_REQUEST,
                    sessions == null ? "Method not allowed: this endpoint takes POST only"
                            : "Method not allowed without a session: POST initialize (or a 2026-07-28 request) first");
            return;
        }
        if (!accepts(req, "text/event-stream")) {
            writeError(res, HttpServletResponse.SC_NOT_ACCEPTABLE, null, JsonRpc.INVALID_REQUEST,
                    "Not acceptable: a GET opens an event stream; accept text/event-stream");
            return;
        }
        HttpSessions.Entry entry = legacySession(req, res, principal(req));
        if (entry == null) {
            return;
        }
        String lastEventId = req.getHeader("Last-Event-ID");
        SseStream resumed = null;
        long after = 0;
        if (lastEventId != null) {
            int colon = lastEventId.lastIndexOf(':');
            resumed = colon > 0 ? entry.streams.get(lastEventId.substring(0, colon)) : null;
            try {
                after = colon > 0 ? Long.parseLong(lastEventId.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                resumed = null;
            }
            if (resumed == null) {
                writeError(res, HttpServletResponse.SC_NOT_FOUND, null, JsonRpc.INVALID_REQUEST,
                        "Stream not found: no stream of this session has event " + printable(lastEventId));
                return;
            }
        }
        startStream(res);
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        SseStream.Sink sink = asyncSink(async);
        if (resumed != null) {
            if (!resumed.resume(after, sink)) {
                async.complete(); // events the client missed are gone: it reissues the request
            }
            return;
        }
        SseStream standalone = new SseStream("g", false);
        entry.standalone.add(standalone);
        standalone.open(sink, false, RETRY_MS);
        ScheduledFuture<?>[] keepAlive = new ScheduledFuture<?>[1];
        keepAlive[0] = timer.scheduleAtFixedRate(() -> {
            if (!standalone.keepAlive()) {
                entry.standalone.remove(standalone);
                keepAlive[0].cancel(false);
            }
        }, KEEP_ALIVE_MS, KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (sessions == null) {
            res.setHeader("Allow", "POST");
            writeError(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, JsonRpc.INVALID_REQUEST,
                    "Method not allowed: this endpoint takes POST only");
            return;
        }
        HttpSessions.Entry entry = legacySession(req, res, principal(req));
        if (entry != null) {
            sessions.remove(entry.id);
            res.setStatus(HttpServletResponse.SC_OK);
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse res) throws IOException {
        notAllowed(res);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Allow", sessions == null ? "POST" : "GET, POST, DELETE");
        res.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doTrace(HttpServletRequest req, HttpServletResponse res) throws IOException {
        notAllowed(res); // TRACE would echo the request, Authorization header included
    }

    private void notAllowed(HttpServletResponse res) throws IOException {
        res.setHeader("Allow", sessions == null ? "POST" : "GET, POST, DELETE");
        writeError(res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null, JsonRpc.INVALID_REQUEST, "Method not allowed");
    }

    // ---- the answer of one POST ----

    /**
     * Where one POST's answer goes. It stays pending while the call runs; if the call ends within
     * {@link #STREAM_AFTER_MS} without sending anything, the answer is one JSON body; otherwise (a
     * slow call, or one that sends progress or a sampling request) it becomes an SSE stream: in a
     * legacy session a resumable one registered with the session.
     */
    private static final class PostExchange implements dev.pgmcp.mcp.Outbound {
        private final HttpServletResponse res;
        private final boolean sseAccepted;
        private final HttpSessions.Entry entry;
        private final boolean priming;
        private SseStream stream;
        private boolean finished;

        PostExchange(HttpServletResponse res, boolean sseAccepted, HttpSessions.Entry entry, boolean priming) {
            this.res = res;
            this.sseAccepted = sseAccepted;
            this.entry = entry;
            this.priming = priming;
        }

        @Override
        public synchronized void send(Map<String, Object> message) throws IOException {
            if (finished || !streaming()) {
                throw new IOException("the client cannot be reached during this request (it accepts no event stream)");
            }
            if (!stream.event(JsonRpc.encode(message)) && !stream.connected() && entry == null) {
                throw new IOException("the client closed the response stream");
            }
        }

        /** @return false when the client is known to be gone */
        synchronized boolean probe() {
            if (finished) {
                return true;
            }
            if (stream == null) {
                return !sseAccepted || streaming();
            }
            return stream.keepAlive();
        }

        private boolean streaming() {
            if (stream != null) {
                return true;
            }
            if (!sseAccepted) {
                return false;
            }
            try {
                startStream(res);
            } catch (IOException e) {
                return false;
            }
            stream = entry != null ? entry.newStream() : new SseStream("p", false);
            return stream.open(new SseStream.Sink() {
                @Override
                public OutputStream out() throws IOException {
                    return res.getOutputStream();
                }

                @Override
                public void end() {
                    // The POST's own thread ends the response when it returns.
                }
            }, priming, RETRY_MS);
        }

        synchronized void finish(Map<String, Object> answer, int status) throws IOException {
            finished = true;
            if (stream == null) {
                if (answer == null) {
                    res.setStatus(HttpServletResponse.SC_ACCEPTED); // cancelled: nothing is sent
                } else {
                    writeJson(res, status, answer);
                }
                return;
            }
            if (answer != null) {
                stream.event(JsonRpc.encode(answer));
            }
            stream.complete();
        }
    }

    /** An outbound for messages that carry no request of their own (notifications, responses, batches). */
    private enum Outboundless implements dev.pgmcp.mcp.Outbound {
        INSTANCE;

        @Override
        public void send(Map<String, Object> message) throws IOException {
            throw new IOException("no stream for messages here");
        }
    }

    // ---- helpers ----

    private static Object modernVersion(Map<String, Object> message) {
        return message.get("params") instanceof Map<?, ?> p && p.get("_meta") instanceof Map<?, ?> meta
                ? meta.get("io.modelcontextprotocol/protocolVersion") : null;
    }

    /**
     * 2026-07-28 "Streamable HTTP", Request Headers: {@code MCP-Protocol-Version} and {@code Mcp-Method}
     * on every request, {@code Mcp-Name} on tools/call, prompts/get and resources/read, each equal to
     * what the body says (names compared after base64 decoding of {@code =?base64?...?=} values).
     *
     * @return what does not match, or {@code null}
     */
    static String headerMismatch(HttpServletRequest req, Object method, Object params, Object version) {
        for (String h : List.of(VERSION_HEADER, METHOD_HEADER, NAME_HEADER)) {
            if (Collections.list(req.getHeaders(h)).size() > 1) {
                return h + " has more than one value";
            }
        }
        String v = req.getHeader(VERSION_HEADER);
        if (v == null) {
            return "Missing required header: " + VERSION_HEADER;
        }
        if (!v.equals(version)) {
            return VERSION_HEADER + " header value '" + printable(v) + "' does not match body value '" + version + "'";
        }
        String m = req.getHeader(METHOD_HEADER);
        if (m == null) {
            return "Missing required header: " + METHOD_HEADER;
        }
        if (!m.equals(method)) {
            return METHOD_HEADER + " header value '" + printable(m) + "' does not match body value '" + method + "'";
        }
        if (method instanceof String s && NAMED.contains(s) && params instanceof Map<?, ?> p) {
            Object name = "resources/read".equals(s) ? p.get("uri") : p.get("name");
            String n = decodeHeaderValue(req.getHeader(NAME_HEADER));
            if (n == null) {
                return "Missing required header: " + NAME_HEADER;
            }
            if (!n.equals(name)) {
                return NAME_HEADER + " header value '" + printable(n) + "' does not match body value '" + name + "'";
            }
        }
        return null;
    }

    /** @return a header value with the 2026-07-28 base64 sentinel ({@code =?base64?...?=}) decoded */
    static String decodeHeaderValue(String value) {
        if (value != null && value.startsWith("=?base64?") && value.endsWith("?=") && value.length() >= 11) {
            try {
                return new String(Base64.getDecoder().decode(value.substring(9, value.length() - 2)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
        return value;
    }

    /** The HTTP status of a 2026-07-28 error answer ("Streamable HTTP", Status Codes). */
    static int modernStatus(Map<String, Object> answer) {
        if (!(answer.get("error") instanceof Map<?, ?> error) || !(error.get("code") instanceof Integer code)) {
            return HttpServletResponse.SC_OK;
        }
        return switch (code) {
            case JsonRpc.PARSE_ERROR, JsonRpc.INVALID_REQUEST, JsonRpc.INVALID_PARAMS, HEADER_MISMATCH, -32021,
                 JsonRpc.UNSUPPORTED_PROTOCOL_VERSION -> HttpServletResponse.SC_BAD_REQUEST;
            case JsonRpc.METHOD_NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            default -> HttpServletResponse.SC_OK;
        };
    }

    private static boolean accepts(HttpServletRequest req, String type) {
        for (String a : Collections.list(req.getHeaders("Accept"))) {
            if (a.contains(type) || a.contains("*/*")) {
                return true;
            }
        }
        return false;
    }

    static void startStream(HttpServletResponse res) throws IOException {
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushBuffer(); // the headers go at once: the client knows the stream is open
    }

    static SseStream.Sink asyncSink(AsyncContext async) {
        return new SseStream.Sink() {
            @Override
            public OutputStream out() throws IOException {
                return async.getResponse().getOutputStream();
            }

            @Override
            public void end() {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed
                }
            }
        };
    }

    /**
     * Writes a JSON body whole, with its {@code Content-Length}: encoded first, so that the status is
     * set only once the body exists. The encoding goes into a list of buffers (Jetty's
     * {@link ByteBufferOutputStream2}), each filled once: a growing byte array would copy a 2 MB
     * result about twice over on its way to its final size, and once more into the array it hands out.
     */
    static void writeJson(HttpServletResponse res, int status, Object body) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        ByteBufferOutputStream2 buffer = new ByteBufferOutputStream2();
        try {
            JsonRpc.write(body, buffer);
            res.setStatus(status);
            res.setContentType("application/json");
            res.setCharacterEncoding(StandardCharsets.UTF_8.name());
            res.setContentLength(buffer.size());
            buffer.writeTo(res.getOutputStream());
        } finally {
            buffer.close();
        }
    }

    static void writeError(HttpServletResponse res, int status, Object id, int code, String message) throws IOException {
        writeJson(res, status, JsonRpc.error(id, code, message, null));
    }

    /** @return a client-supplied value safe to echo in a message (printable ASCII, at most 40 characters) */
    static String printable(String value) {
        String v = value.replaceAll("[^\\x20-\\x7e]", "?");
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }

    /** A body that is too large (413) or too slow (408). */
    static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BodyException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads the whole body, at most {@code max} bytes and within {@link #BODY_DEADLINE}: a client that
     * drips its body slower than that, or stops sending it, is cut off (408) rather than holding the
     * connection for as long as it likes. A blocking read that waits for bytes that do not come is bounded
     * by the connection's idle timeout, which is the request timeout: while the body is read, that timeout
     * is the time left before the deadline ({@link BodyReadTimeout}).
     */
    static byte[] readBody(HttpServletRequest req, long max) throws IOException, BodyException {
        long deadline = System.nanoTime() + BODY_DEADLINE.toNanos();
        int declared = req.getContentLength();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= max ? declared : 1024);
        byte[] chunk = new byte[8192];
        InputStream in = req.getInputStream();
        BodyReadTimeout timeout = BodyReadTimeout.of(req);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw tooSlow();
                }
                timeout.limit(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException e) {
                    if (System.nanoTime() - deadline >= 0 || e.getCause() instanceof TimeoutException) {
                        throw tooSlow();
                    }
                    throw e;
                }
                if (n == -1) {
                    return out.toByteArray();
                }
                out.write(chunk, 0, n);
                if (out.size() > max) {
                    throw new BodyException(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                            "Request too large: the body exceeds " + max + " bytes");
                }
            }
        } finally {
            timeout.restore();
        }
    }

    private static BodyException tooSlow() {
        return new BodyException(HttpServletResponse.SC_REQUEST_TIMEOUT, "Request timeout: the body took longer than "
                + BODY_DEADLINE.toSeconds() + " s to arrive");
    }

    /**
     * On Jetty over HTTP/1.x, bounds the blocking reads of one request's body by shortening its
     * connection's idle timeout, and restores it afterwards; elsewhere (another container, or HTTP/2,
     * whose connection carries other requests) a no-op, and the container's own timeout applies.
     */
    private static final class BodyReadTimeout {
        private final ServletChannel channel;
        private final long original;
        private boolean changed;

        private BodyReadTimeout(ServletChannel channel) {
            this.channel = channel;
            this.original = channel == null ? 0 : channel.getIdleTimeout();
        }

        static BodyReadTimeout of(HttpServletRequest req) {
            if (req.getProtocol() != null && req.getProtocol().startsWith("HTTP/1")) {
                try {
                    ServletContextRequest r = ServletContextRequest.getServletContextRequest(req);
                    if (r != null) {
                        return new BodyReadTimeout(r.getServletChannel());
                    }
                } catch (LinkageError | RuntimeException e) {
                    LOG.debug("not on Jetty: a request body's reads are bounded by the container's timeout ({})", e.toString());
                }
            }
            return new BodyReadTimeout(null);
        }

        /** Waits for the next bytes at most {@code millis} (never longer than the connection's own timeout). */
        void limit(long millis) {
            if (channel != null && (original <= 0 || millis < original)) {
                channel.setIdleTimeout(millis);
                changed = true;
            }
        }

        void restore() {
            if (changed) {
                channel.setIdleTimeout(original);
            }
        }
    }
}
