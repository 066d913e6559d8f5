package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The MCP Java SDK's classic client (protocol up to 2025-11-25) as a {@link ContractClient}. */
final class ClassicContractClient implements ContractClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final McpSyncClient client;

    /** @param client an initialized classic client */
    ClassicContractClient(McpSyncClient client) {
        this.client = client;
    }

    McpSyncClient sdk() {
        return client;
    }

    @Override
    public String era() {
        return "legacy";
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> tools() {
        return client.listTools().tools().stream().map(t -> (Map<String, Object>) JSON.convertValue(t, Map.class)).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolCall call(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult r = refusing(() -> client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
        return new ToolCall(Boolean.TRUE.equals(r.isError()), ((McpSchema.TextContent) r.content().get(0)).text(),
                r.content().stream().filter(c -> c instanceof McpSchema.ResourceLink)
                        .map(c -> ((McpSchema.ResourceLink) c).uri()).toList(),
                (Map<String, Object>) r.structuredContent());
    }

    @Override
    public List<String> resourceUris() {
        return client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
    }

    @Override
    public List<String> templateUris() {
        return client.listResourceTemplates().resourceTemplates().stream().map(McpSchema.ResourceTemplate::uriTemplate).toList();
    }

    @Override
    public String read(String uri) {
        McpSchema.ReadResourceResult r = refusing(() -> client.readResource(new McpSchema.ReadResourceRequest(uri)));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    @Override
    public List<String> promptNames() {
        return client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList();
    }

    @Override
    public String prompt(String name, Map<String, String> arguments) {
        McpSchema.GetPromptResult r = refusing(() -> client.getPrompt(new McpSchema.GetPromptRequest(name,
                new HashMap<>(arguments))));
        return ((McpSchema.TextContent) r.messages().get(0).content()).text();
    }

    @Override
    public List<String> complete(String refType, String ref, String argument, String value) {
        McpSchema.CompleteReference reference = "ref/prompt".equals(refType) ? new McpSchema.PromptReference(ref)
                : new McpSchema.ResourceReference(ref);
        return refusing(() -> client.completeCompletion(new McpSchema.CompleteRequest(reference,
                new McpSchema.CompleteRequest.CompleteArgument(argument, value)))).completion().values();
    }

    private static <T> T refusing(Supplier<T> request) {
        try {
            return request.get();
        } catch (McpError e) {
            throw new Refused(e.getJsonRpcError() == null ? 0 : e.getJsonRpcError().code(), e.getMessage());
        }
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
