package dev.pgmcp.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_tables}: tables and views of a schema with kind, estimated rows, size and comment. */
public final class ListTablesTool implements Tool {

    @Override
    public String name() {
        return "list_tables";
    }

    @Override
    public String description() {
        return "List the tables, views, materialized views and partitioned tables of a schema (default 'public'; "
                + "'*' for all schemas) with their estimated row count, total size and comment. Paged with "
                + "limit/offset for large databases.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("schema", JsonSchemas.string("Schema name (default public); '*' lists every schema", "public", "*"))
                .optional("limit", JsonSchemas.integer("Most relations to return (default 500)", 1, 10_000, 500))
                .optional("offset", JsonSchemas.integer("Relations to skip (default 0)", 0, Integer.MAX_VALUE, 0))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.object()
                .required("tables", JsonSchemas.array("Relations, by schema then name", RELATION_SCHEMA))
                .required("total", JsonSchemas.integer("Relations matching, before paging", 0, Integer.MAX_VALUE, null))
                .required("truncated", JsonSchemas.bool("True when more relations exist past this page", false))
                .build();
    }

    static final Map<String, Object> RELATION_SCHEMA = JsonSchemas.object()
            .required("schema", JsonSchemas.string("Schema"))
            .required("name", JsonSchemas.string("Relation name"))
            .required("kind", JsonSchemas.string("table, view, materialized view, partitioned table or foreign table"))
            .optional("estimated_rows", JsonSchemas.integerAtLeast("pg_class.reltuples estimate; -1 if never analyzed", -1))
            .optional("total_bytes", JsonSchemas.integerAtLeast("pg_total_relation_size, bytes", 0))
            .optional("comment", JsonSchemas.any("COMMENT ON TABLE", "string", "null"))
            .additionalProperties(true)
            .build();

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
        return ToolResult.of(content, text.toString().strip());
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
