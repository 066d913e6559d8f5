package dev.pgmcp.spi;

import java.util.Map;

/**
 * A tool an AI assistant can call: pgmcp's built-in tools and a host application's own tools
 * implement this same interface.
 *
 * <p>Register a tool through {@code PgMcp.Builder#addTool}, or let {@link java.util.ServiceLoader}
 * find it: list the class in {@code META-INF/services/dev.pgmcp.spi.Tool} (it then needs a public
 * no-argument constructor).
 *
 * <p>Contract: implementations are thread-safe (calls arrive concurrently); {@link #call} gets the
 * caller's arguments and a context with the database; everything it throws becomes an error
 * result ({@code isError: true}) with a message fit for the client, never a stack trace:
 * {@link ToolArgumentException} for bad arguments, and pgmcp's own exceptions for rejected SQL or
 * database errors (with their SQLSTATE). Tool classes carry no MCP SDK types, so the protocol can
 * change underneath without touching them.
 */
public interface Tool {

    /**
     * @return the tool's name, unique in the server: letters, digits, {@code _ . -}, starting with a
     * letter, at most 128 characters ({@link dev.pgmcp.config.PgMcpConfig#TOOL_NAME}; the MCP
     * specification's "Tool names", 2025-11-25), e.g. {@code execute_query};
     * {@code PgMcp.Builder#build} refuses any other with an {@link IllegalArgumentException}
     */
    String name();

    /**
     * @return what the tool does and when to use it, for the model to read. It is in the model's
     *         context in every conversation: say what the schemas do not (defaults, caps, safety),
     *         in a sentence or two
     */
    String description();

    /**
     * @return the JSON Schema of the arguments, as plain maps and lists (type {@code object} with
     * {@code properties} and {@code required}); see {@link JsonSchemas} for a compact builder
     */
    Map<String, Object> inputSchema();

    /**
     * @return the JSON Schema of the result's structured content, or {@code null} when the tool
     * returns text only
     */
    default Map<String, Object> outputSchema() {
        return null;
    }

    /**
     * @return hints for clients, with the tool's human-readable title (a client shows it instead of
     *         the name; it is in every tool list, so keep it short); by default read-only,
     *         non-destructive, idempotent, closed-world, without a title
     */
    default ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY;
    }

    /**
     * @return whether a client may run this tool as a task: start it, poll for it and fetch its result
     *         later, or cancel it (MCP 2025-11-25 "Tasks": the tool lists {@code execution.taskSupport:
     *         "optional"}). Worth it for tools whose calls may run for many seconds; by default
     *         {@code false}. In protocol 2026-07-28 any call that runs long may become a task, whatever
     *         this says.
     */
    default boolean supportsTasks() {
        return false;
    }

    /**
     * Runs the tool.
     *
     * @param context the caller's arguments and the database to work on
     * @return the result (structured content and a text rendering)
     * @throws Exception any failure; it becomes an error result for the client
     */
    ToolResult call(ToolContext context) throws Exception;
}
