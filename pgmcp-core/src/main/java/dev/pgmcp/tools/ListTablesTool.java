package dev.pgmcp.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code list_tables}: tables and views of a schema with kind, estimated rows, size and comment, with
 * a link to the whole database's schema as the resource {@code schema://{database}}.
 */
public final class ListTablesTool implements Tool {

    @Override
    public String name() {
        return "list_tables";
    }

    @Override
    public String description() {
        return "List a schema's tables and views (default public, * = all) with kind, estimated rows, bytes and "
                + "comment; paged by limit (default 500) and offset.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("List tables");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("schema", JsonSchemas.type("string"))
                .optional("limit", JsonSchemas.type("integer"))
                .optional("offset", JsonSchemas.type("integer"))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("tables", RELATIONS)
                .property("total", JsonSchemas.type("integer"))
                .property("truncated", JsonSchemas.type("boolean"))
                .build();
    }

    /** Relation summaries (see {@link #summary}): objects, whose fields the description names. */
    static final Map<String, Object> RELATIONS = JsonSchemas.arrayOf(JsonSchemas.type("object"));

    @Override
    public ToolResult call(ToolContext context) {
        String schema = context.arguments().string("schema").orElse("public");
        int limit = context.arguments().integer("limit", 500, 1, 10_000);
        int offset = context.arguments().integer("offset", 0, 0, Integer.MAX_VALUE);
        CatalogSnapshot catalog = context.catalog();
        List<RelationInfo> all = schema.equals("*") ? catalog.relations() : catalog.relations(schema);
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int end = (int) Math.min(all.size(), (long) offset + limit);
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            RelationInfo r = all.get(i);
            out.add(summary(r));
            text.append(r.qualifiedName()).append(" (").append(r.kind().label());
            if (r.estimatedRows() >= 0) {
                text.append(", ~").append(r.estimatedRows()).append(" rows");
            }
            text.append(", ").append(Render.bytes(r.totalBytes())).append(')');
            if (r.comment() != null) {
                text.append(": ").append(r.comment());
            }
            text.append('\n');
        }
        boolean truncated = end < all.size();
        if (all.isEmpty()) {
            text.append(schema.equals("*") ? "No tables are visible." : "No tables in schema '" + schema
                    + "' (use list_schemas to see the schemas, or schema '*').");
        } else if (out.isEmpty()) {
            text.append("No relations past offset ").append(offset).append(" (").append(all.size()).append(" in total).");
        } else if (truncated) {
            text.append("(").append(all.size() - end).append(" more: call again with offset ").append(end).append(')');
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("tables", out);
        content.put("total", all.size());
        content.put("truncated", truncated);
        return ToolResult.of(content, text.toString().strip())
                .withLinks(List.of(SchemaLinks.schemaLink(context.database())));
    }

    static Map<String, Object> summary(RelationInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", r.schema());
        m.put("name", r.name());
        m.put("kind", r.kind().label());
        m.put("estimated_rows", r.estimatedRows());
        m.put("total_bytes", r.totalBytes());
        m.put("comment", r.comment());
        return m;
    }
}
