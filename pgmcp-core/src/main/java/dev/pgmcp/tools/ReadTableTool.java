package dev.pgmcp.tools;

import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code read_table}: a page of a table's rows, in primary-key order when there is one so that
 * pages do not overlap.
 */
public final class ReadTableTool implements Tool {

    @Override
    public String name() {
        return "read_table";
    }

    @Override
    public String description() {
        return "Read rows of one table or view, page by page (limit/offset). Rows come in primary-key order "
                + "when the table has one, so consecutive pages do not overlap. Use execute_query to filter.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return Relations.arguments()
                .optional("limit", JsonSchemas.integer("Rows per page (default 100, at most the server's row cap)", 1, 1_000_000, 100))
                .optional("offset", JsonSchemas.integer("Rows to skip (default 0)", 0, Integer.MAX_VALUE, 0))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Render.ROWS_SCHEMA;
    }

    @Override
    public ToolResult call(ToolContext context) {
        RelationInfo r = Relations.resolve(context.catalog(), context.arguments());
        int cap = context.executor().limits().maxRows();
        int limit = Math.min(context.arguments().integer("limit", 100, 1, 1_000_000), cap);
        int offset = context.arguments().integer("offset", 0, 0, Integer.MAX_VALUE);
        String order = r.primaryKey() == null ? "" : " ORDER BY " + r.primaryKey().columns().stream()
                .map(Relations::quote).collect(Collectors.joining(", "));
        // Names come from the catalog and are quoted; the page bounds are bound parameters.
        String sql = "SELECT * FROM " + Relations.qualified(r) + order + " LIMIT $1 OFFSET $2";
        var result = context.executor().queryTrusted(sql, List.of((long) limit + 1, (long) offset), limit);
        return Render.rows(result, Render.fields("table", r.qualifiedName(), "offset", offset, "limit", limit),
                context.executor().limits().maxBytes());
    }
}
