package dev.pgmcp.spi;

import java.util.Map;

/**
 * Wraps every tool call, as an OkHttp interceptor wraps a request: it sees the call before the tool
 * runs and its result after, and may let it through ({@link Chain#proceed()}), change its arguments
 * ({@link Chain#proceed(Map)}), change its result, or answer in the tool's place without running it
 * (a quota, a maintenance window). Register one with {@code PgMcp.Builder.addInterceptor}.
 *
 * <p><b>Order</b> of one call, outermost first:
 * <ol>
 *   <li>the call's events: {@link QueryListener#toolCallStarted} before anything else and
 *       {@link QueryListener#toolCallEnded} with the result this chain returns, whatever an interceptor
 *       did to it (so the audit log records what the client got);</li>
 *   <li>the rate limit per principal ({@code PGMCP_RATE_LIMIT_PER_MINUTE}): a call over it ends here
 *       and reaches no interceptor;</li>
 *   <li>the host's interceptors, in the order added (the first added is the outermost);</li>
 *   <li>error mapping: a failure of the tool becomes an error result the client may see ("Query
 *       rejected: …", PostgreSQL's message and SQLSTATE, "Invalid arguments: …", a timeout or
 *       cancellation), never a stack trace;</li>
 *   <li>the call's scope: the database named by the {@code database} argument is resolved, the
 *       request timeout armed, and the call made cancellable (by the client and at shutdown);</li>
 *   <li>the tool.</li>
 * </ol>
 * So an interceptor always gets a {@link ToolResult} back from {@link Chain#proceed()}, errors
 * included ({@link ToolResult#error()}), never an exception from the tool, except
 * {@link InputRequiredException}, which it must let pass: the protocol layer asks the client and the
 * call runs again, through the whole chain.
 *
 * <p><b>Contract</b>: interceptors are called on the call's thread, from many threads at once, so they
 * must be thread-safe. One that throws ends the call with an "Internal error" result (the exception is
 * logged on the server, never shown to the client). One that does not call {@code proceed} answers in
 * the tool's place; one that calls it more than once runs the tool more than once.
 */
@FunctionalInterface
public interface ToolInterceptor {

    /**
     * @param chain the call, and the rest of the chain
     * @return the call's result: usually {@code chain.proceed()}'s, possibly changed
     */
    ToolResult intercept(Chain chain);

    /** One tool call as it passes an interceptor. */
    interface Chain {

        /** @return the tool's name, as clients call it ({@code execute_query}, a host tool's name…) */
        String toolName();

        /**
         * @return the arguments as this interceptor received them (decoded JSON: strings, numbers,
         *         booleans, lists, maps, {@code null}s); unmodifiable, empty when the client sent none
         */
        Map<String, Object> arguments();

        /** @return who is calling, the cancellation key and trace context of the call */
        CallInfo call();

        /** @return the result of the rest of the chain with these arguments */
        ToolResult proceed();

        /**
         * @param arguments the arguments the rest of the chain and the tool get instead (the same shape
         *                  as {@link #arguments()}; {@code null} for none)
         * @return the result of the rest of the chain with those arguments
         */
        ToolResult proceed(Map<String, Object> arguments);
    }
}
