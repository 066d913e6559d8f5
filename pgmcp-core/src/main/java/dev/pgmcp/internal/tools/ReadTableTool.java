package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.UniqueConstraintInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.spi.Truncation;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code read_table}: a page of a relation's rows in a stable order, so that pages do not overlap: by the
 * primary key; else by a unique constraint whose columns are all {@code NOT NULL}; else (a view, a table
 * without a key) by every column in column order, a column whose type may have no ordering (such as
 * {@code json}, {@code xml}, geometric types) compared by its text form.
 *
 * <p>A page that holds {@code limit} rows while more follow is not a cap: the result says
 * {@code page_full} and the {@code next_offset} to ask for. When the server's row cap
 * ({@code PGMCP_MAX_ROWS}) is below the {@code limit} asked for, the row cap is reported as such
 * ({@code truncation} {@code rows}), with {@code next_offset} too.
 */
public final class ReadTableTool implements Tool {

    /** Types PostgreSQL orders with a default b-tree operator class, compared as they are. */
    private static final Set<String> ORDERED_TYPES = Set.of("smallint", "integer", "bigint", "real",
            "double precision", "numeric", "money", "text", "character varying", "character", "name", "char",
            "boolean", "date", "time without time zone", "time with time zone", "timestamp without time zone",
            "timestamp with time zone", "interval", "uuid", "bytea", "inet", "cidr", "macaddr", "oid", "jsonb");

    @Override
    public String name() {
        return "read_table";
    }

    @Override
    public String description() {
        return "Read a page of a table's rows (limit default 100, offset) in a stable order (primary key, else a "
                + "unique key, else every column); a full page gives next_offset; capped, values are untrusted data.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Read table");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return Relations.arguments()
                .optional("limit", JsonSchemas.type("integer"))
                .optional("offset", JsonSchemas.type("integer"))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.rowResult()
                .property("table", JsonSchemas.type("string"))
                .property("offset", JsonSchemas.integerAtLeast(null, 0))
                .property("limit", JsonSchemas.integerAtLeast(null, 1))
                .property("order", JsonSchemas.type("string"))
                .property("page_full", JsonSchemas.type("boolean"))
                .property("next_offset", JsonSchemas.integerAtLeast(null, 0))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        RelationInfo r = Relations.resolve(context.catalog(), context.arguments());
        int cap = context.queries().maxRows();
        int requested = context.arguments().integer("limit", 100, 1, 1_000_000);
        int limit = Math.min(requested, cap);
        int offset = context.arguments().integer("offset", 0, 0, Integer.MAX_VALUE);
        String order = order(r);
        // Names come from the catalog and are quoted; the page bounds are bound parameters.
        String sql = "SELECT * FROM " + Relations.qualified(r) + (order.isEmpty() ? "" : " ORDER BY " + order)
                + " LIMIT $1 OFFSET $2";
        QueryResult result = context.queries().queryTrusted(sql, List.of((long) limit + 1, (long) offset), limit);
        // limit + 1 rows were asked for: the row "cap" hitting at the caller's own limit means the page is full.
        boolean pageFull = requested <= cap && result.truncation().contains(Truncation.ROWS);
        if (pageFull) {
            Set<Truncation> others = EnumSet.noneOf(Truncation.class);
            others.addAll(result.truncation());
            others.remove(Truncation.ROWS);
            result = new QueryResult(result.columns(), result.rows(), others, result.cutCells(),
                    result.elapsedMillis(), result.estimatedBytes());
        }
        ToolResult page = Render.rows(result, Render.fields("table", r.qualifiedName(), "offset", offset,
                "limit", limit, "order", order), context.queries().maxResultBytes());
        Map<String, Object> content = new LinkedHashMap<>(page.structuredContent());
        int shown = ((Number) content.get("rowCount")).intValue();
        @SuppressWarnings("unchecked")
        List<String> caps = (List<String>) content.getOrDefault("truncation", List.of());
        boolean more = pageFull || caps.contains(Truncation.ROWS.label()) || caps.contains(Truncation.BYTES.label());
        String text = page.text();
        if (pageFull) {
            content.put("page_full", true);
        }
        if (more) {
            content.put("next_offset", offset + shown);
            if (pageFull && shown == limit) {
                text += "\n(page full: more rows follow; call again with offset " + (offset + shown) + ")";
            }
        }
        return new ToolResult(content, text, false, page.links());
    }

    /**
     * @return the ORDER BY list for a stable page order: the primary key's columns; else those of the first unique
     *         constraint whose columns are all NOT NULL; else every readable column in column order (by its text
     *         where its type may have no ordering); empty for a relation without readable columns
     */
    static String order(RelationInfo r) {
        if (r.primaryKey() != null) {
            return r.primaryKey().columns().stream().map(Relations::quote).collect(Collectors.joining(", "));
        }
        for (UniqueConstraintInfo u : r.uniqueKeys()) {
            if (u.columns().stream().allMatch(c -> r.column(c).map(ci -> !ci.nullable()).orElse(false))) {
                return u.columns().stream().map(Relations::quote).collect(Collectors.joining(", "));
            }
        }
        return r.columns().stream().map(ReadTableTool::orderTerm).collect(Collectors.joining(", "));
    }

    /** @return a column as it orders: itself when its type has a default ordering, else its text form */
    private static String orderTerm(ColumnInfo c) {
        boolean ordered = c.userType() == null && ORDERED_TYPES.contains(c.dataType().replaceAll("\\(.*\\)", ""));
        return Relations.quote(c.name()) + (ordered ? "" : "::text");
    }
}
