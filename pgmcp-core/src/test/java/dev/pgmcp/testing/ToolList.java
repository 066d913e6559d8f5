package dev.pgmcp.testing;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tools/list} result an engine's tools make, built as the MCP layer builds each
 * descriptor ({@code name}, {@code title} when the annotations have one, {@code description},
 * {@code inputSchema} as {@link PgMcp#inputSchema} shows it, {@code outputSchema} when declared,
 * {@code annotations}), and its size: what an MCP client puts into the model's context.
 */
public final class ToolList {

    /** Compact JSON with characters outside ASCII escaped: the larger of the two usual encodings. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private ToolList() {
    }

    /** @return one tool's descriptor, as plain maps */
    public static Map<String, Object> descriptor(PgMcp engine, Tool tool) {
        ToolAnnotations a = tool.annotations();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", tool.name());
        if (a.title() != null) {
            d.put("title", a.title());
        }
        d.put("description", tool.description());
        d.put("inputSchema", engine.inputSchema(tool));
        if (tool.outputSchema() != null) {
            d.put("outputSchema", tool.outputSchema());
        }
        Map<String, Object> hints = new LinkedHashMap<>();
        if (a.title() != null) {
            hints.put("title", a.title());
        }
        hints.put("readOnlyHint", a.readOnlyHint());
        hints.put("destructiveHint", a.destructiveHint());
        hints.put("idempotentHint", a.idempotentHint());
        hints.put("openWorldHint", a.openWorldHint());
        d.put("annotations", hints);
        return d;
    }

    /** @return {@code {"tools":[descriptor,...]}} for every tool the engine serves, in listing order */
    public static Map<String, Object> result(PgMcp engine) {
        List<Object> tools = new ArrayList<>();
        for (Tool t : engine.tools().values()) {
            tools.add(descriptor(engine, t));
        }
        return Map.of("tools", tools);
    }

    /**
     * @return the byte count of {@code value} as compact JSON (no whitespace), with characters outside
     * ASCII escaped (six bytes each), so never less than the UTF-8 encoding a transport sends
     */
    public static int bytes(Object value) {
        return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return one line per tool with its descriptor's bytes, then the total and an estimate in tokens (bytes / 4) */
    public static String report(PgMcp engine) {
        StringBuilder sb = new StringBuilder();
        for (Tool t : engine.tools().values()) {
            Map<String, Object> d = descriptor(engine, t);
            sb.append(String.format("%-28s %6d bytes (output schema %d)%n", t.name(), bytes(d),
                    t.outputSchema() == null ? 0 : bytes(t.outputSchema())));
        }
        int total = bytes(result(engine));
        sb.append(String.format("tools/list: %d tools, %d bytes, ~%d tokens", engine.tools().size(), total, total / 4));
        return sb.toString();
    }
}
