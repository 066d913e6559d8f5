package dev.pgmcp.spi;

import java.util.Objects;

/**
 * One argument of a {@link Prompt} (MCP {@code PromptArgument}).
 *
 * @param name        the argument's name, e.g. {@code customer}
 * @param description what to give, with an example
 * @param required    whether the prompt cannot render without it
 */
public record PromptArgument(String name, String description, boolean required) {

    public PromptArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
