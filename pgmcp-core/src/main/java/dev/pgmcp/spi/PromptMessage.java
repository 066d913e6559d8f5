package dev.pgmcp.spi;

import java.util.Objects;

/**
 * One message a {@link Prompt} renders (MCP {@code PromptMessage} with text content).
 *
 * @param role who says it in the conversation
 * @param text the message text
 */
public record PromptMessage(Role role, String text) {

    /** The speaker of a message (MCP {@code Role}). */
    public enum Role {
        /** The user's turn: the usual role of a prompt's instructions. */
        USER,
        /** The assistant's turn, e.g. to prime an answer's start. */
        ASSISTANT
    }

    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    /** @return a message in the user's turn */
    public static PromptMessage user(String text) {
        return new PromptMessage(Role.USER, text);
    }
}
