package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.SchemaInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_schemas}: the schemas the role can use, with how many tables and views each holds. */
public final class ListSchemasTool implements Tool {

    @Override
    public String name() {
        return "list_schemas";
    }

    @Override
    public String description() {
        return "List the schemas visible to this connection (not system ones) with owner, comment and table and "
                + "view counts.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("List schemas");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open().property("schemas", JsonSchemas.arrayOf(JsonSchemas.type("object"))).build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (SchemaInfo s : context.catalog().schemas()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("owner", s.owner());
            m.put("comment", s.comment());
            m.put("tables", s.tableCount());
            m.put("views", s.viewCount());
            out.add(m);
            text.append(s.name()).append(": ").append(s.tableCount()).append(" tables, ").append(s.viewCount())
                    .append(" views").append(s.comment() == null ? "" : " (" + s.comment() + ")").append('\n');
        }
        if (out.isEmpty()) {
            text.append("No schemas are visible to this connection.");
        }
        return ToolResult.of(Render.fields("schemas", out), text.toString().strip());
    }
}
