package dev.pgmcp.spi;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context of a request (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>):
 * {@code traceparent} and {@code tracestate} as the client sent them in the request's
 * {@code params._meta} (MCP 2026-07-28, "_meta"), so the audit line of a call can be joined with the
 * client's traces. Values that do not have the standard's form are dropped rather than logged.
 *
 * @param traceparent {@code version-traceid-parentid-flags}, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}
 * @param tracestate  vendor entries, at most 512 characters, or {@code null}
 */
public record TraceContext(String traceparent, String tracestate) {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]{1,512}");

    /**
     * @param meta a request's {@code params._meta}, may be {@code null}
     * @return its trace context, or {@code null} when it carries no valid {@code traceparent}
     */
    public static TraceContext from(Map<?, ?> meta) {
        if (meta == null || !(meta.get("traceparent") instanceof String parent) || !TRACEPARENT.matcher(parent).matches()) {
            return null;
        }
        String state = meta.get("tracestate") instanceof String s && TRACESTATE.matcher(s).matches() ? s : null;
        return new TraceContext(parent, state);
    }
}
