package dev.pgmcp.examples;

import java.util.List;
import java.util.Map;

/**
 * An MCP client as the {@link McpContract} drives it, whichever protocol era it speaks: the MCP Java
 * SDK's classic client (2025-11-25, {@code initialize}) or its modern client (2026-07-28, requests
 * that stand alone). Each adapter turns the SDK's own result types into these plain shapes, so the
 * contract's assertions are written once.
 */
interface ContractClient extends AutoCloseable {

    /** The result of a {@code tools/call}: its first (text) content, its {@code resource_link} URIs, its structured content. */
    record ToolCall(boolean isError, String text, List<String> links, Map<String, Object> structuredContent) {
    }

    /** A JSON-RPC error answer. */
    final class Refused extends RuntimeException {
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** @return "legacy" or "modern" */
    String era();

    /** @return every tool's descriptor (name, inputSchema, outputSchema, annotations) as decoded JSON */
    List<Map<String, Object>> tools();

    /** @throws Refused on a JSON-RPC error answer */
    ToolCall call(String tool, Map<String, Object> arguments);

    List<String> resourceUris();

    List<String> templateUris();

    /**
     * @return the text of the resource's first content
     * @throws Refused on a JSON-RPC error answer
     */
    String read(String uri);

    List<String> promptNames();

    /**
     * @return the text of the prompt's first message
     * @throws Refused on a JSON-RPC error answer
     */
    String prompt(String name, Map<String, String> arguments);

    /**
     * @param refType  {@code ref/prompt} or {@code ref/resource}
     * @param ref      the prompt's name or the template's URI
     * @return the values {@code completion/complete} suggests for {@code argument} starting with {@code value}
     */
    List<String> complete(String refType, String ref, String argument, String value);

    /** @return the error code an unknown resource gets in this era (MCP "Resources", Error Handling) */
    default int resourceNotFoundCode() {
        return "modern".equals(era()) ? -32602 : -32002;
    }

    @Override
    void close();
}
