package dev.pgmcp.internal.resources;

import dev.pgmcp.spi.Principal;

import java.util.Map;

/**
 * A resource (fixed URI) or resource template ({@code {variable}} in the URI, RFC 6570 level 1)
 * that pgmcp serves, independent of the MCP SDK's types.
 *
 * @param uri         the URI, or the URI template when {@code template} is true
 * @param template    whether {@code uri} is a template
 * @param name        a short name
 * @param title       a human-readable name for a client to show (MCP resource {@code title}), or
 *                    {@code null} for none
 * @param description what reading it returns
 * @param mimeType    the content's media type
 * @param reader      produces the content from the template's variables (empty for a fixed URI)
 */
public record ResourceDefinition(String uri, boolean template, String name, String title, String description,
                                 String mimeType, Reader reader) {

    /** A resource without a title. */
    public ResourceDefinition(String uri, boolean template, String name, String description, String mimeType,
                              Reader reader) {
        this(uri, template, name, null, description, mimeType, reader);
    }

    /** Produces a resource's text content. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @param variables the template variables matched from the requested URI
         * @param principal who reads it: a catalog resource shows what that caller's database role may see
         *                  (per-person roles)
         * @return the content
         * @throws dev.pgmcp.internal.engine.UnmappedPrincipalException when per-person roles refuse the caller
         */
        String read(Map<String, String> variables, Principal principal);

        /**
         * @param variables the template variables matched from the requested URI
         * @return the content as the local process reads it ({@link Principal#LOCAL})
         */
        default String read(Map<String, String> variables) {
            return read(variables, Principal.LOCAL);
        }
    }
}
