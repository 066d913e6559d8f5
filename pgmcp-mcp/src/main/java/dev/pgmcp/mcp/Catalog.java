package dev.pgmcp.mcp;

import com.networknt.schema.Schema;
import dev.pgmcp.PgMcp;
import dev.pgmcp.internal.resources.ResourceDefinition;
import dev.pgmcp.spi.Prompt;
import dev.pgmcp.spi.PromptArgument;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server offers, built once from the engine when the server starts: the tool, resource,
 * resource template and prompt descriptors that {@code tools/list}, {@code resources/list},
 * {@code resources/templates/list} and {@code prompts/list} return (the same for both protocol
 * eras), and the lookups that calls use. Lists keep the engine's order, so they are the same on every
 * call, and are paged with opaque cursors (MCP "Pagination").
 */
final class Catalog {

    /** A tool with its descriptor and compiled input schema ({@code null} when it could not be compiled). */
    record ToolEntry(Tool tool, Map<String, Object> descriptor, Schema inputSchema) {
    }

    /** A resource template with its matcher. */
    record TemplateEntry(ResourceDefinition definition, UriTemplate matcher) {
    }

    private final Map<String, ToolEntry> tools = new LinkedHashMap<>();
    private final List<Map<String, Object>> toolDescriptors = new ArrayList<>();
    /** As {@link #toolDescriptors}, with {@code execution.taskSupport} for the 2025-11-25 sessions that may ask for tasks. */
    private final List<Map<String, Object>> taskToolDescriptors = new ArrayList<>();
    private final Map<String, ResourceDefinition> resources = new LinkedHashMap<>();
    private final List<Map<String, Object>> resourceDescriptors = new ArrayList<>();
    private final List<TemplateEntry> templates = new ArrayList<>();
    private final List<Map<String, Object>> templateDescriptors = new ArrayList<>();
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    private final List<Map<String, Object>> promptDescriptors = new ArrayList<>();
    private final int pageSize;

    Catalog(PgMcp engine, int pageSize) {
        this.pageSize = pageSize;
        for (Tool tool : engine.tools().values()) {
            Map<String, Object> inputSchema = engine.inputSchema(tool);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", tool.name());
            if (tool.annotations().title() != null) {
                d.put("title", tool.annotations().title());
            }
            d.put("description", tool.description());
            d.put("inputSchema", inputSchema);
            if (tool.outputSchema() != null) {
                d.put("outputSchema", tool.outputSchema());
            }
            d.put("annotations", annotations(tool.annotations()));
            Map<String, Object> descriptor = Collections.unmodifiableMap(d);
            tools.put(tool.name(), new ToolEntry(tool, descriptor, InputSchemas.compile(tool.name(), inputSchema)));
            toolDescriptors.add(descriptor);
            if (tool.supportsTasks()) {
                // 2025-11-25 "Tasks", Tool-Level Negotiation; 2026-07-28 removed the field (any call may become a task).
                Map<String, Object> withTasks = new LinkedHashMap<>(d);
                withTasks.put("execution", Map.of("taskSupport", "optional"));
                descriptor = Collections.unmodifiableMap(withTasks);
            }
            taskToolDescriptors.add(descriptor);
        }
        for (ResourceDefinition r : engine.resources()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(r.template() ? "uriTemplate" : "uri", r.uri());
            d.put("name", r.name());
            if (r.title() != null) {
                d.put("title", r.title());
            }
            d.put("description", r.description());
            d.put("mimeType", r.mimeType());
            if (r.template()) {
                templates.add(new TemplateEntry(r, new UriTemplate(r.uri())));
                templateDescriptors.add(Collections.unmodifiableMap(d));
            } else {
                resources.put(r.uri(), r);
                resourceDescriptors.add(Collections.unmodifiableMap(d));
            }
        }
        for (Prompt p : engine.prompts().values()) {
            List<Map<String, Object>> arguments = new ArrayList<>();
            for (PromptArgument a : p.arguments()) {
                Map<String, Object> arg = new LinkedHashMap<>();
                arg.put("name", a.name());
                arg.put("description", a.description());
                arg.put("required", a.required());
                arguments.add(arg);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", p.name());
            if (p.title() != null) {
                d.put("title", p.title());
            }
            d.put("description", p.description());
            d.put("arguments", arguments);
            prompts.put(p.name(), p);
            promptDescriptors.add(Collections.unmodifiableMap(d));
        }
    }

    private static Map<String, Object> annotations(ToolAnnotations a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a.title() != null) {
            m.put("title", a.title());
        }
        m.put("readOnlyHint", a.readOnlyHint());
        m.put("destructiveHint", a.destructiveHint());
        m.put("idempotentHint", a.idempotentHint());
        m.put("openWorldHint", a.openWorldHint());
        return m;
    }

    ToolEntry tool(String name) {
        return tools.get(name);
    }

    ResourceDefinition resource(String uri) {
        return resources.get(uri);
    }

    List<TemplateEntry> templates() {
        return templates;
    }

    Prompt prompt(String name) {
        return prompts.get(name);
    }

    boolean hasPrompts() {
        return !prompts.isEmpty();
    }

    /**
     * @param experimentalTasks whether the session may ask for 2025-11-25's experimental tasks, so that
     *                          the tools that run as tasks say so ({@code execution.taskSupport})
     * @return one page of {@code tools/list}
     */
    Map<String, Object> tools(Object cursor, boolean experimentalTasks) {
        return page("tools", experimentalTasks ? taskToolDescriptors : toolDescriptors, cursor);
    }

    Map<String, Object> resources(Object cursor) {
        return page("resources", resourceDescriptors, cursor);
    }

    Map<String, Object> templates(Object cursor) {
        return page("resourceTemplates", templateDescriptors, cursor);
    }

    Map<String, Object> prompts(Object cursor) {
        return page("prompts", promptDescriptors, cursor);
    }

    /**
     * One page of a list result: {@code {key: [...], nextCursor?}}. A cursor is an opaque string the
     * server gave out (MCP "Pagination"); anything else is "invalid params".
     */
    private Map<String, Object> page(String key, List<Map<String, Object>> all, Object cursor) {
        int from = cursor == null ? 0 : offset(cursor, all.size());
        int to = Math.min(all.size(), from + pageSize);
        Map<String, Object> result = new LinkedHashMap<>(4);
        result.put(key, from == 0 && to == all.size() ? all : all.subList(from, to));
        if (to < all.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    private static int offset(Object cursor, int size) {
        try {
            String text = new String(Base64.getUrlDecoder().decode((String) cursor), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring("offset:".length()));
                if (offset > 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (RuntimeException e) {
            // not one of ours: refused below
        }
        throw ProtocolException.invalidParams("Invalid cursor: use the nextCursor of the previous page");
    }
}
