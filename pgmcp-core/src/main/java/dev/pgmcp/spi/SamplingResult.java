package dev.pgmcp.spi;

import java.util.Objects;

/**
 * A model's answer to a {@link SamplingRequest}.
 *
 * @param text  the generated text, never {@code null}
 * @param model the model that wrote it as its provider names it (e.g. {@code claude-sonnet-4}), or
 *              {@code null} when not reported
 */
public record SamplingResult(String text, String model) {
    public SamplingResult {
        Objects.requireNonNull(text, "text");
    }
}
