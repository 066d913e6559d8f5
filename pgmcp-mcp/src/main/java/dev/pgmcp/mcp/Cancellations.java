package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MCP cancellation (spec "Cancellation": a client's {@code notifications/cancelled} with params
 * {@code requestId} and optional {@code reason}) for the MCP Java SDK's classic server (unchanged from
 * 2.1.0 to 2.2.0), which neither handles that notification nor tells a tool handler its JSON-RPC request id.
 *
 * <p>The hook sits between a transport provider and the SDK's sessions: {@link #wrap} returns a
 * provider that hands the SDK's session factory a factory of <em>forwarding</em> sessions. Every
 * message the transport delivers then passes through them first:
 * <ul>
 *   <li>a {@code tools/call} request runs with its request key ({@code <session id>:<request id>}) in
 *       the exchange's transport context under {@link #REQUEST_KEY} (the context the transport set,
 *       e.g. HTTP headers, stays readable), where the call handler reads it ({@link #requestKey});</li>
 *   <li>{@code notifications/cancelled} calls {@link PgMcp#cancel} with the same key, off the
 *       transport's thread (a cancel request opens a connection to PostgreSQL); it is not passed on.</li>
 * </ul>
 * Everything else is forwarded unchanged. The cancelled call still answers (an error result saying it
 * was cancelled); the spec allows that.
 *
 * <p>Both provider kinds are covered: {@link McpServerTransportProvider} (stdio, HTTP+SSE) and
 * {@link McpStreamableServerTransportProvider} (Streamable HTTP).
 */
public final class Cancellations {

    private static final Logger LOG = LoggerFactory.getLogger(Cancellations.class);

    /** Transport-context key under which a {@code tools/call} carries its request key (pgmcp-private). */
    public static final String REQUEST_KEY = "dev.pgmcp.requestKey";

    static final String TOOLS_CALL = "tools/call";
    static final String CANCELLED = "notifications/cancelled";

    private Cancellations() {
    }

    /**
     * @param provider a session-based transport provider (stdio, HTTP+SSE)
     * @param engine   the engine whose calls a client may cancel
     * @return a provider that delegates everything to {@code provider} and adds cancellation
     */
    public static McpServerTransportProvider wrap(McpServerTransportProvider provider, PgMcp engine) {
        return new SessionProvider(provider, engine, null, null);
    }

    /**
     * As {@link #wrap(McpServerTransportProvider, PgMcp)}, for a transport that carries one message per
     * line (stdio): outgoing messages are encoded with {@code mapper} and written to {@code out} by the
     * thread that sends them, not queued for the SDK transport's writer thread.
     *
     * @param provider a line-based session transport provider
     * @param engine   the engine whose calls a client may cancel
     * @param mapper   the mapper the transport uses
     * @param out      where outgoing lines go; it must keep each line whole
     * @return a provider that delegates everything but sending to {@code provider} and adds cancellation
     */
    public static McpServerTransportProvider wrap(McpServerTransportProvider provider, PgMcp engine,
                                                  McpJsonMapper mapper, McpServers.LineOutput out) {
        return new SessionProvider(provider, engine, Objects.requireNonNull(mapper, "mapper"),
                Objects.requireNonNull(out, "out"));
    }

    /**
     * @param provider a Streamable HTTP transport provider
     * @param engine   the engine whose calls a client may cancel
     * @return a provider that delegates everything to {@code provider} and adds cancellation
     */
    public static McpStreamableServerTransportProvider wrap(McpStreamableServerTransportProvider provider, PgMcp engine) {
        return new StreamableProvider(provider, engine);
    }

    /**
     * @param context the exchange's transport context
     * @return the request key of the {@code tools/call} being handled, or {@code null} outside one
     */
    public static Object requestKey(McpTransportContext context) {
        return context == null ? null : context.get(REQUEST_KEY);
    }

    /**
     * @return {@code <session id>:<request id>}; a numeric id is written as an integer when it is one,
     * so that {@code 7} and {@code 7.0} (JSON numbers either way) name the same request
     */
    static String key(String sessionId, Object requestId) {
        String id;
        if (requestId instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            id = d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        } else {
            id = String.valueOf(requestId);
        }
        return sessionId + ":" + id;
    }

    /** Runs the cancel on another thread; unknown or finished requests are ignored (the spec allows it). */
    static Mono<Void> cancel(PgMcp engine, String sessionId, Object params) {
        if (!(params instanceof Map<?, ?> p) || p.get("requestId") == null) {
            LOG.debug("notifications/cancelled without a requestId ignored");
            return Mono.empty();
        }
        String key = key(sessionId, p.get("requestId"));
        String reason = p.get("reason") == null ? "" : ": " + abbreviate(String.valueOf(p.get("reason")));
        return Mono.fromRunnable(() -> {
            boolean running = engine.cancel(key);
            LOG.info("client cancelled request {} ({}){}", key, running ? "stopped" : "not running", reason);
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** The client's reason goes to the log: one line, at most 200 characters. */
    private static String abbreviate(String reason) {
        String line = reason.replaceAll("[\\r\\n]+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /** Runs {@code handling} with the request key of {@code request} in its transport context, if it is a tool call. */
    static <T> Mono<T> withRequestKey(Mono<T> handling, String sessionId, McpSchema.JSONRPCRequest request) {
        if (!TOOLS_CALL.equals(request.method()) || request.id() == null) {
            return handling;
        }
        String key = key(sessionId, request.id());
        return handling.contextWrite(ctx -> ctx.put(McpTransportContext.KEY,
                new KeyedContext(ctx.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY), key)));
    }

    /** The transport's own context plus the request key. */
    private record KeyedContext(McpTransportContext base, String key) implements McpTransportContext {
        @Override
        public Object get(String name) {
            return REQUEST_KEY.equals(name) ? key : base.get(name);
        }
    }

    private static final class SessionProvider implements McpServerTransportProvider {
        private final McpServerTransportProvider delegate;
        private final PgMcp engine;
        private final McpJsonMapper mapper; // with lines: null unless the transport is line-based
        private final McpServers.LineOutput lines;

        SessionProvider(McpServerTransportProvider delegate, PgMcp engine, McpJsonMapper mapper,
                        McpServers.LineOutput lines) {
            this.delegate = delegate;
            this.engine = engine;
            this.mapper = mapper;
            this.lines = lines;
        }

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            delegate.setSessionFactory(transport -> {
                McpServerTransport sends = lines != null
                        ? new DirectLineSends(transport, mapper, lines)
                        : new SerializedSends(transport);
                return new ForwardingSession(factory.create(sends), sends, engine);
            });
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return delegate.notifyClient(sessionId, method, params);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    /**
     * A session that looks at each incoming message and forwards it to the SDK's own session. The
     * superclass instance is an empty shell (its constructor only stores its arguments); every public
     * method is forwarded, so the SDK's session keeps all the state.
     */
    private static final class ForwardingSession extends McpServerSession {
        private final McpServerSession delegate;
        private final PgMcp engine;

        ForwardingSession(McpServerSession delegate, McpServerTransport transport, PgMcp engine) {
            super(delegate.getId(), Duration.ZERO, transport, null, Map.of(), Map.of());
            this.delegate = delegate;
            this.engine = engine;
        }

        @Override
        public Mono<Void> handle(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCNotification n && CANCELLED.equals(n.method())) {
                return cancel(engine, delegate.getId(), n.params());
            }
            Mono<Void> handling = delegate.handle(message);
            return message instanceof McpSchema.JSONRPCRequest r ? withRequestKey(handling, delegate.getId(), r) : handling;
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public void init(McpSchema.ClientCapabilities capabilities, McpSchema.Implementation info) {
            delegate.init(capabilities, info);
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
            delegate.setMinLoggingLevel(level);
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
            return delegate.isNotificationForLevelAllowed(level);
        }

        @Override
        public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
            return delegate.sendRequest(method, params, type);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return delegate.sendNotification(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class StreamableProvider implements McpStreamableServerTransportProvider {
        private final McpStreamableServerTransportProvider delegate;
        private final PgMcp engine;

        StreamableProvider(McpStreamableServerTransportProvider delegate, PgMcp engine) {
            this.delegate = delegate;
            this.engine = engine;
        }

        @Override
        public void setSessionFactory(McpStreamableServerSession.Factory factory) {
            delegate.setSessionFactory(request -> {
                McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
                return new McpStreamableServerSession.McpStreamableServerSessionInit(
                        new ForwardingStreamableSession(init.session(), engine), init.initResult());
            });
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return delegate.notifyClient(sessionId, method, params);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    /** The Streamable HTTP counterpart of {@link ForwardingSession}: requests arrive through {@code responseStream}. */
    private static final class ForwardingStreamableSession extends McpStreamableServerSession {
        private final McpStreamableServerSession delegate;
        private final PgMcp engine;

        ForwardingStreamableSession(McpStreamableServerSession delegate, PgMcp engine) {
            super(delegate.getId(), null, null, Duration.ZERO, Map.of(), Map.of());
            this.delegate = delegate;
            this.engine = engine;
        }

        @Override
        public Mono<Void> responseStream(McpSchema.JSONRPCRequest request, McpStreamableServerTransport transport) {
            return withRequestKey(delegate.responseStream(request, transport), delegate.getId(), request);
        }

        @Override
        public Mono<Void> accept(McpSchema.JSONRPCNotification notification) {
            if (CANCELLED.equals(notification.method())) {
                return cancel(engine, delegate.getId(), notification.params());
            }
            return delegate.accept(notification);
        }

        @Override
        public Mono<Void> accept(McpSchema.JSONRPCResponse response) {
            return delegate.accept(response);
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
            delegate.setMinLoggingLevel(level);
        }

        @Override
        public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
            return delegate.isNotificationForLevelAllowed(level);
        }

        @Override
        public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
            return delegate.sendRequest(method, params, type);
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return delegate.sendNotification(method, params);
        }

        @Override
        public Mono<Void> delete() {
            return delegate.delete();
        }

        @Override
        public boolean hasListeningStream() {
            return delegate.hasListeningStream();
        }

        @Override
        public boolean hasOpenStream() {
            return delegate.hasOpenStream();
        }

        @Override
        public McpStreamableServerSessionStream listeningStream(McpStreamableServerTransport transport) {
            return delegate.listeningStream(transport);
        }

        @Override
        public void releaseListeningStream() {
            delegate.releaseListeningStream();
        }

        @Override
        public Flux<McpSchema.JSONRPCMessage> replay(Object lastEventId) {
            return delegate.replay(lastEventId);
        }

        @Override
        public McpStreamableServerSessionStream responseStream(McpStreamableServerTransport transport) {
            return delegate.responseStream(transport);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
