package dev.pgmcp.spi;

import java.util.List;

/**
 * A prompt template a client can offer its user, typically as a slash command (MCP specification,
 * "Prompts": {@code prompts/list} and {@code prompts/get}). A prompt renders its arguments into
 * messages for the model, for instance to say which tools to call and in what order.
 *
 * <p>Register a prompt through {@code PgMcp.Builder#addPrompt}, or let {@link java.util.ServiceLoader}
 * find it: list the class in {@code META-INF/services/dev.pgmcp.spi.Prompt} (it then needs a public
 * no-argument constructor). Like {@link Tool}, prompts carry no MCP SDK types.
 *
 * <p>Contract: implementations are thread-safe; {@link #render} does not touch the database and
 * throws {@link ToolArgumentException} for a missing or invalid argument (the client gets a JSON-RPC
 * "invalid params" error with its message).
 */
public interface Prompt {

    /** @return the prompt's name, unique in the server, e.g. {@code customer-briefing} */
    String name();

    /**
     * @return a short human-readable name for a client to show instead of {@link #name()}, e.g.
     * {@code Customer briefing} (MCP prompt {@code title}), or {@code null} (the default) for none
     */
    default String title() {
        return null;
    }

    /** @return what the prompt produces, for the user choosing it */
    String description();

    /** @return the arguments the prompt takes, in order (MCP prompt arguments are strings) */
    List<PromptArgument> arguments();

    /**
     * Renders the prompt.
     *
     * @param arguments the arguments the client sent (string values), possibly empty
     * @return the messages to put in the conversation, in order; at least one
     * @throws ToolArgumentException when an argument is missing or invalid; the message names it
     */
    List<PromptMessage> render(Arguments arguments);

    /**
     * Suggests values for an argument the user is typing (MCP "Completion": {@code completion/complete}
     * with a {@code ref/prompt} reference). By default there are none. An implementation may read the
     * database through {@code context} (read-only, under the same policy as tools); the engine keeps
     * the first {@value #MAX_COMPLETIONS} values.
     *
     * @param argument the argument's name
     * @param prefix   what the user typed so far (may be empty)
     * @param context  the default database, for the caller asking
     * @return values that start with {@code prefix} (case-insensitively), best first
     */
    default List<String> complete(String argument, String prefix, ToolContext context) {
        return List.of();
    }

    /** The most completion values a client gets for one request (the protocol's limit). */
    int MAX_COMPLETIONS = 100;
}
