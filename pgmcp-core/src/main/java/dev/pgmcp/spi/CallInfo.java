package dev.pgmcp.spi;

import java.util.Objects;

/**
 * Identity of one tool call, as a transport hands it to the engine.
 *
 * @param principal  who is calling (never {@code null}; {@link Principal#LOCAL} for stdio)
 * @param requestKey a key unique among the calls in flight that a transport may later pass to
 *                   {@code PgMcp.cancel} (for MCP: the session id and JSON-RPC request id), or
 *                   {@code null} when the call cannot be cancelled
 * @param sampler    asks the caller's own model for completions (MCP sampling), or {@code null} when
 *                   the client did not declare the sampling capability (or the transport cannot ask)
 * @param trace      the request's W3C trace context, for the audit log, or {@code null}
 */
public record CallInfo(Principal principal, Object requestKey, Sampler sampler, TraceContext trace) {

    /** A local, non-cancellable call. */
    public static final CallInfo LOCAL = new CallInfo(Principal.LOCAL, null);

    public CallInfo {
        Objects.requireNonNull(principal, "principal");
    }

    /** A call without trace context. */
    public CallInfo(Principal principal, Object requestKey, Sampler sampler) {
        this(principal, requestKey, sampler, null);
    }

    /** A call without sampling or trace context. */
    public CallInfo(Principal principal, Object requestKey) {
        this(principal, requestKey, null, null);
    }
}
