package dev.pgmcp.mcp;

import dev.pgmcp.spi.Principal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection's state: a stdio process, or a Streamable HTTP session
 * ({@code Mcp-Session-Id}). It holds what a legacy client (2024-11-05 through 2025-11-25) set up with
 * {@code initialize}: the negotiated protocol version, the client's capabilities and log level. A
 * modern client (2026-07-28) sends those with every request instead, so for it the session only
 * tracks the requests in flight (to cancel them) and the server's own requests awaiting an answer.
 * Thread-safe.
 */
public final class Session {

    /** A request being handled: cancelling it stops its statement and suppresses its response. */
    static final class Call {
        volatile boolean cancelled;
    }

    private volatile Principal principal;
    private final boolean stateless;
    private volatile boolean initialized;
    private volatile String protocolVersion;
    private volatile Map<String, Object> clientCapabilities = Map.of();
    private volatile String logLevel = "info";
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Map<String, Object>>> awaiting = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong();

    private Session(Principal principal, boolean stateless) {
        this.principal = principal;
        this.stateless = stateless;
    }

    /**
     * @param principal who opened the session (stdio: {@link Principal#LOCAL}; HTTP: the authenticated caller)
     * @return a session that a legacy client opens with {@code initialize}
     */
    public static Session open(Principal principal) {
        return new Session(principal, false);
    }

    /**
     * @param principal the authenticated caller of this one request
     * @return the state of one stateless HTTP request: no {@code initialize} needed, nothing kept, no
     *         protocol version known
     */
    public static Session stateless(Principal principal) {
        return stateless(principal, null);
    }

    /**
     * @param principal       the authenticated caller of this one request
     * @param protocolVersion the version the request names outside its body (HTTP's
     *                        {@code MCP-Protocol-Version} header, which clients send from 2025-06-18 on),
     *                        one of {@link McpProtocol#SUPPORTED_VERSIONS}, or {@code null} when it names none
     * @return the state of one stateless HTTP request, as {@link #stateless(Principal)}, whose
     *         {@link #protocolVersion()} is that version (what a result may carry depends on it)
     * @throws IllegalArgumentException when the version is not one pgmcp serves
     */
    public static Session stateless(Principal principal, String protocolVersion) {
        if (protocolVersion != null && !McpProtocol.SUPPORTED_VERSIONS.contains(protocolVersion)) {
            throw new IllegalArgumentException("unsupported protocol version " + protocolVersion);
        }
        Session s = new Session(principal, true);
        s.protocolVersion = protocolVersion;
        return s;
    }

    /** @return who opened the session, as of its latest request (see {@link #renew}) */
    public Principal principal() {
        return principal;
    }

    /**
     * Takes the claims of the caller's latest credentials: a token refreshed during a long session
     * (group membership changed, say) maps its caller to a database role by its own claims, not the
     * ones the session was opened with (per-person roles).
     *
     * @param latest the same caller (name and authentication method) as this request authenticated it
     * @throws IllegalArgumentException when {@code latest} is another caller (the transport refuses those
     *                                  before they reach the session)
     */
    public void renew(Principal latest) {
        if (!java.util.Objects.equals(latest.name(), principal.name())
                || !latest.authMethod().equals(principal.authMethod())) {
            throw new IllegalArgumentException("a session's caller cannot change");
        }
        principal = latest;
    }

    /** @return whether a legacy client completed {@code initialize} on this session */
    public boolean initialized() {
        return initialized;
    }

    /**
     * @return the legacy protocol version negotiated by {@code initialize}; for a stateless request,
     *         the one its transport named ({@link #stateless(Principal, String)}); else {@code null}
     */
    public String protocolVersion() {
        return protocolVersion;
    }

    boolean stateless() {
        return stateless;
    }

    void initialize(String version, Map<String, Object> capabilities) {
        this.protocolVersion = version;
        this.clientCapabilities = capabilities == null ? Map.of() : capabilities;
        this.initialized = true;
    }

    Map<String, Object> clientCapabilities() {
        return clientCapabilities;
    }

    String logLevel() {
        return logLevel;
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    /** @return a JSON-RPC id of the canonical form: 1 and 1L are the same request, "1" is another */
    static String key(Object id) {
        return (id instanceof Number ? "n:" : "s:") + id;
    }

    Call begin(Object id) {
        Call call = new Call();
        calls.put(key(id), call);
        return call;
    }

    void end(Object id, Call call) {
        calls.remove(key(id), call);
    }

    /** @return the call in flight with this request id, or {@code null} */
    Call call(Object id) {
        return id == null ? null : calls.get(key(id));
    }

    /** @return how many requests are being handled now */
    public int inFlight() {
        return calls.size();
    }

    /** Registers a request the server sends to the client; its answer completes the future. */
    Object await(CompletableFuture<Map<String, Object>> answer) {
        String id = "pgmcp-" + nextRequestId.incrementAndGet();
        awaiting.put(key(id), answer);
        return id;
    }

    void forget(Object id) {
        awaiting.remove(key(id));
    }

    /**
     * Routes a client's response (result or error) to the server request it answers.
     *
     * @return whether a request was waiting for it
     */
    boolean answer(Object id, Map<String, Object> response) {
        CompletableFuture<Map<String, Object>> f = id == null ? null : awaiting.remove(key(id));
        return f != null && f.complete(response);
    }
}
