package dev.pgmcp.spi;

/**
 * Behaviour hints a client may show or act on (MCP specification, "Tool annotations").
 *
 * @param title           a human-readable title, or {@code null}
 * @param readOnlyHint    the tool does not modify its environment
 * @param destructiveHint the tool may perform destructive updates (meaningful when not read-only)
 * @param idempotentHint  calling it again with the same arguments has no further effect
 * @param openWorldHint   the tool reaches entities outside a closed domain (such as the web)
 */
public record ToolAnnotations(String title, boolean readOnlyHint, boolean destructiveHint, boolean idempotentHint,
                              boolean openWorldHint) {

    /** Read-only, non-destructive, idempotent, closed-world: what every pgmcp tool is. */
    public static final ToolAnnotations READ_ONLY = new ToolAnnotations(null, true, false, true, false);

    /** @return these hints with a title */
    public ToolAnnotations withTitle(String title) {
        return new ToolAnnotations(title, readOnlyHint, destructiveHint, idempotentHint, openWorldHint);
    }
}
