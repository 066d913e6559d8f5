package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code search_tables}: tables and columns whose name or comment contains a term
 * (case-insensitive), from the cached catalog (no query per table).
 */
public final class SearchTablesTool implements Tool {

    private static final int MAX_MATCHES = 200;

    @Override
    public String name() {
        return "search_tables";
    }

    @Override
    public String description() {
        return "Find tables, views and columns whose name or comment contains search_term (any case); at most "
                + MAX_MATCHES + ".";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Search tables");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .required("search_term", JsonSchemas.type("string"))
                .optional("schema", JsonSchemas.type("string"))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("tables", ListTablesTool.RELATIONS)
                .property("columns", JsonSchemas.arrayOf(JsonSchemas.type("object")))
                .property("truncated", JsonSchemas.type("boolean"))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        String term = context.arguments().requireString("search_term").toLowerCase(Locale.ROOT);
        String schema = context.arguments().string("schema").orElse(null);
        CatalogSnapshot catalog = context.catalog();
        List<RelationInfo> scope = schema == null ? catalog.relations() : catalog.relations(schema);
        List<Map<String, Object>> tables = new ArrayList<>();
        List<Map<String, Object>> columns = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean truncated = false;
        for (RelationInfo r : scope) {
            if (matches(r.name(), r.comment(), term)) {
                if (tables.size() + columns.size() >= MAX_MATCHES) {
                    truncated = true;
                    break;
                }
                tables.add(ListTablesTool.summary(r));
                text.append("table ").append(r.qualifiedName()).append(" (").append(r.kind().label()).append(")\n");
            }
            for (ColumnInfo c : r.columns()) {
                if (matches(c.name(), c.comment(), term)) {
                    if (tables.size() + columns.size() >= MAX_MATCHES) {
                        truncated = true;
                        break;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("schema", r.schema());
                    m.put("table", r.name());
                    m.put("column", c.name());
                    m.put("type", c.dataType());
                    m.put("comment", c.comment());
                    columns.add(m);
                    text.append("column ").append(r.qualifiedName()).append('.').append(c.name()).append(": ")
                            .append(c.dataType()).append('\n');
                }
            }
        }
        if (tables.isEmpty() && columns.isEmpty()) {
            text.append("Nothing matches '").append(term).append("'.");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("tables", tables);
        content.put("columns", columns);
        content.put("truncated", truncated);
        return ToolResult.of(content, text.toString().strip());
    }

    private static boolean matches(String name, String comment, String term) {
        return name.toLowerCase(Locale.ROOT).contains(term)
                || (comment != null && comment.toLowerCase(Locale.ROOT).contains(term));
    }
}
