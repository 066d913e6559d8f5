package dev.pgmcp.spi;

/**
 * Observes tool calls and the statements they run: the audit log and the metrics are built on it,
 * and a host application can add its own (register it with {@code PgMcp.Builder.addListener}, or list
 * it in {@code META-INF/services/dev.pgmcp.spi.QueryListener}). Every method has a no-op default, so
 * a listener implements only the events it needs. Each event gets one immutable context object.
 *
 * <p><b>Call order</b>, per tool call and on the calling thread:
 * <ol>
 *   <li>{@link #toolCallStarted} once, before anything else (before the rate limit check);</li>
 *   <li>for every statement the tool has the executor run, {@link #statementStarted} then exactly one
 *       {@link #statementEnded} (outcome {@code ok}, {@code error}, {@code rejected} or
 *       {@code cancelled}); a statement the validator refuses is still a started-then-ended pair, with
 *       {@code rejected} and no SQLSTATE; statements are not nested;</li>
 *   <li>{@link #toolCallEnded} once, last, with the call's outcome. A rate-limited call goes straight
 *       from start to end ({@code rate_limited}), with no statements.</li>
 * </ol>
 * Statements run outside a tool call (a host using the executor directly) produce the statement
 * events alone, with a {@code null} tool. Listeners run in registration order: built-in audit log
 * first, then ServiceLoader-discovered ones, then those added on the builder.
 *
 * <p><b>Contract</b>: listeners are called synchronously, from many threads at once, so they must be
 * thread-safe and quick (hand slow work to a queue). A listener that throws is logged and skipped; it
 * never changes the call's result. Catalog introspection (schema cache) is not reported.
 */
public interface QueryListener {

    /** A tool call arrived; nothing has run yet. */
    default void toolCallStarted(ToolCallEvent event) {
    }

    /** A tool call finished (after its last statement), with its outcome and duration. */
    default void toolCallEnded(ToolCallEvent event) {
    }

    /**
     * The executor is about to run a statement (caller SQL: once it passed the validator; a rejected
     * one gets its start and end back to back).
     */
    default void statementStarted(StatementEvent event) {
    }

    /** The statement finished, failed, or was rejected by the validator. */
    default void statementEnded(StatementEvent event) {
    }
}
