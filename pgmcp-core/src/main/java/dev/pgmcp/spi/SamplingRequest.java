package dev.pgmcp.spi;

import java.util.List;
import java.util.Objects;

/**
 * A completion request, independent of any protocol: what {@link Sampler} sends to the MCP client
 * and what pgmcp's OpenAI-compatible client sends to a chat-completions endpoint.
 *
 * @param systemPrompt instructions for the model (may be long: it carries the schema), never {@code null}
 * @param messages     the conversation so far, oldest first, never empty; the last one is the user's
 * @param maxTokens    the most tokens the model may generate, at least 1
 */
public record SamplingRequest(String systemPrompt, List<Message> messages, int maxTokens) {

    /**
     * @throws NullPointerException     when the prompt or the message list is null
     * @throws IllegalArgumentException when there is no message or {@code maxTokens < 1}
     */
    public SamplingRequest {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a sampling request needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
    }

    /** Who wrote a message. */
    public enum Role {
        /** The user (or the tool, speaking for the user). */
        USER,
        /** The model (an earlier answer, quoted back). */
        ASSISTANT
    }

    /**
     * One text message of the conversation.
     *
     * @param role who wrote it
     * @param text its text, never {@code null}
     */
    public record Message(Role role, String text) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }

        /** @return a message from the user */
        public static Message user(String text) {
            return new Message(Role.USER, text);
        }

        /** @return an earlier answer of the model */
        public static Message assistant(String text) {
            return new Message(Role.ASSISTANT, text);
        }
    }
}
