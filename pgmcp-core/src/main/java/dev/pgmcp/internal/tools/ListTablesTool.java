package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.RelationKind;
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
 *
 * <p>Partitions are left out unless {@code include_partitions} is true: their partitioned table is listed with
 * totals over them (rows, bytes) and their number, so that summing {@code estimated_rows} or {@code total_bytes}
 * over the default list counts every row once. A listed partition names its parent in {@code partition_of}
 * (its rows are then counted in the parent's totals too).
 */
public final class ListTablesTool implements Tool {

    @Override
    public String name() {
        return "list_tables";
    }

    @Override
    public String description() {
        return "List a schema's tables and views (default public, * = all) with kind, estimated rows, bytes and "
                + "comment; paged by limit (default 500) and offset. A partitioned table shows totals over its "
                + "partitions; partitions are listed only with include_partitions.";
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
                .optional("include_partitions", JsonSchemas.bool("also list partitions (each names its "
                        + "partitioned table in partition_of, whose totals include it)", false))
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

    /** The fields of a relation summary ({@link #summary}), shared by describe_table's output schema. */
    static JsonSchemas.ObjectBuilder summarySchema() {
        return JsonSchemas.open()
                .property("schema", JsonSchemas.type("string"))
                .property("name", JsonSchemas.type("string"))
                .property("kind", JsonSchemas.type("string"))
                .property("estimated_rows", JsonSchemas.type("integer", "null"))
                .property("total_bytes", JsonSchemas.integerAtLeast(null, 0))
                .property("comment", JsonSchemas.type("string", "null"))
                .property("partition_of", JsonSchemas.type("string"))
                .property("partition_key", JsonSchemas.type("string"))
                .property("partition_count", JsonSchemas.integerAtLeast(null, 0))
                .property("populated", JsonSchemas.type("boolean"));
    }

    /** Relation summaries (see {@link #summary}; the fields are those of {@link #summarySchema()}). */
    static final Map<String, Object> RELATIONS = JsonSchemas.arrayOf(JsonSchemas.type("object"));

    @Override
    public ToolResult call(ToolContext context) {
        String schema = context.arguments().string("schema").orElse("public");
        int limit = context.arguments().integer("limit", 500, 1, 10_000);
        int offset = context.arguments().integer("offset", 0, 0, Integer.MAX_VALUE);
        boolean partitions = context.arguments().bool("include_partitions", false);
        CatalogSnapshot catalog = context.catalog();
        List<RelationInfo> all = (schema.equals("*") ? catalog.relations() : catalog.relations(schema)).stream()
                .filter(r -> partitions || r.partitionOf() == null)
                .toList();
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int end = (int) Math.min(all.size(), (long) offset + limit);
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            RelationInfo r = all.get(i);
            out.add(summary(r));
            text.append(headline(r)).append('\n');
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

    /**
     * @return schema, name, kind, estimated_rows (null without an estimate), total_bytes, comment; and when they
     *         apply partition_of, partition_key, partition_count, populated (see {@link #summarySchema()})
     */
    static Map<String, Object> summary(RelationInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", r.schema());
        m.put("name", r.name());
        m.put("kind", r.kind().label());
        m.put("estimated_rows", r.hasRowEstimate() ? r.estimatedRows() : null);
        m.put("total_bytes", r.totalBytes());
        m.put("comment", r.comment());
        if (r.partitionOf() != null) {
            m.put("partition_of", r.partitionOf());
        }
        if (r.kind() == RelationKind.PARTITIONED_TABLE) {
            m.put("partition_key", r.partitionKey());
            m.put("partition_count", r.partitionCount());
        }
        if (r.kind() == RelationKind.MATERIALIZED_VIEW) {
            m.put("populated", r.populated());
        }
        return m;
    }

    /**
     * @return one line about a relation: {@code schema.name (kind, ~rows, size)}, with the partitioning, whether a
     *         materialized view is populated, and the comment
     */
    static String headline(RelationInfo r) {
        StringBuilder t = new StringBuilder(r.qualifiedName()).append(" (").append(r.kind().label());
        if (r.partitionOf() != null) {
            t.append(" of ").append(r.partitionOf());
        }
        if (r.kind() == RelationKind.MATERIALIZED_VIEW && !r.populated()) {
            t.append(", not populated: REFRESH MATERIALIZED VIEW before reading it");
        }
        if (r.hasRowEstimate()) {
            t.append(", ~").append(r.estimatedRows()).append(" rows");
        }
        if (r.kind() != RelationKind.VIEW) {
            t.append(", ").append(Render.bytes(r.totalBytes()));
        }
        if (r.kind() == RelationKind.PARTITIONED_TABLE) {
            t.append(" in ").append(r.partitionCount()).append(r.partitionCount() == 1 ? " partition" : " partitions")
                    .append(", by ").append(r.partitionKey());
        }
        t.append(')');
        if (r.comment() != null) {
            t.append(": ").append(r.comment());
        }
        return t.toString();
    }
}
