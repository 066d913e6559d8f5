package dev.pgmcp.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a tool returns: structured content (conforming to the tool's output schema) plus a compact
 * text rendering for clients that read only text, or an error message.
 *
 * @param structuredContent a JSON object as plain maps, lists, strings, numbers, booleans and
 *                          nulls (Jackson trees allowed as values), or {@code null}
 * @param text              the text rendering (never {@code null})
 * @param error             whether this is an error result ({@code isError: true})
 */
public record ToolResult(Map<String, Object> structuredContent, String text, boolean error) {

    public ToolResult {
        Objects.requireNonNull(text, "text");
    }

    /** @return a successful result with structured content and its text rendering */
    public static ToolResult of(Map<String, Object> structuredContent, String text) {
        return new ToolResult(Objects.requireNonNull(structuredContent, "structuredContent"), text, false);
    }

    /** @return a successful text-only result */
    public static ToolResult text(String text) {
        return new ToolResult(null, text, false);
    }

    /** @return an error result with a message for the client */
    public static ToolResult error(String message) {
        return new ToolResult(null, message, true);
    }
}
