package dev.pgmcp.examples;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The MCP Java SDK's modern client (protocol 2026-07-28) as a {@link ContractClient}. */
final class ModernContractClient implements ContractClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final McpSyncClient client;
    private final AutoCloseable transport;

    /**
     * @param client    a modern client
     * @param transport its transport, closed with it
     */
    ModernContractClient(McpSyncClient client, AutoCloseable transport) {
        this.client = client;
        this.transport = transport;
    }

    McpSyncClient sdk() {
        return client;
    }

    @Override
    public String era() {
        return "modern";
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> tools() {
        return client.tools().list().tools().stream().map(t -> (Map<String, Object>) JSON.convertValue(t, Map.class)).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolCall call(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult r = refusing(() -> client.tool(tool).arguments(arguments).call());
        return new ToolCall(Boolean.TRUE.equals(r.isError()), ((McpSchema.TextContent) r.content().get(0)).text(),
                r.content().stream().filter(c -> c instanceof McpSchema.ResourceLink)
                        .map(c -> ((McpSchema.ResourceLink) c).uri()).toList(),
                (Map<String, Object>) r.structuredContent());
    }

    @Override
    public List<String> resourceUris() {
        return client.resources().list().resources().stream().map(McpSchema.Resource::uri).toList();
    }

    @Override
    public List<String> templateUris() {
        return client.resourceTemplates().list().resourceTemplates().stream().map(McpSchema.ResourceTemplate::uriTemplate).toList();
    }

    @Override
    public String read(String uri) {
        McpSchema.ReadResourceResult r = refusing(() -> client.resource(uri).read());
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    @Override
    public List<String> promptNames() {
        return client.prompts().list().prompts().stream().map(McpSchema.Prompt::name).toList();
    }

    @Override
    public String prompt(String name, Map<String, String> arguments) {
        McpSchema.GetPromptResult r = refusing(() -> client.prompt(name).arguments(arguments).get());
        return ((McpSchema.TextContent) r.messages().get(0).content()).text();
    }

    @Override
    public List<String> complete(String refType, String ref, String argument, String value) {
        McpSchema.CompleteReference reference = "ref/prompt".equals(refType) ? new McpSchema.PromptReference(ref)
                : new McpSchema.ResourceReference(ref);
        return refusing(() -> client.completion(reference, argument, value).complete()).completion().values();
    }

    private static <T> T refusing(Supplier<T> request) {
        try {
            return request.get();
        } catch (McpException e) {
            throw new Refused(e.error().code(), e.error().message());
        }
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
