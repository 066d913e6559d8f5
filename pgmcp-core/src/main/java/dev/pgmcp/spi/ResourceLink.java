package dev.pgmcp.spi;

import java.util.Objects;

/**
 * A link from a tool result to a resource the server offers (MCP 2025-06-18 and later, "Tools",
 * Resource Links): a client may show it, or read it with {@code resources/read}. The protocol layer
 * sends it as a content block {@code {"type":"resource_link","uri","name","title"?,"description"?,"mimeType"?}}
 * after the text, to clients whose protocol version has that block; older ones get the text only.
 *
 * @param uri         the resource's URI, readable with {@code resources/read} (e.g. an expanded template)
 * @param name        a short name, for programs (MCP {@code name})
 * @param title       a human-readable name for a client to show, or {@code null}
 * @param description what reading it returns, or {@code null}
 * @param mimeType    the content's media type, or {@code null}
 */
public record ResourceLink(String uri, String name, String title, String description, String mimeType) {

    public ResourceLink {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
    }
}
