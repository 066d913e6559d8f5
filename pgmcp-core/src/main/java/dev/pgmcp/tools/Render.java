package dev.pgmcp.tools;

import dev.pgmcp.exec.Column;
import dev.pgmcp.exec.QueryResult;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.ToolResult;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place query results become tool results, shared by every tool that returns rows, so that
 * all of them have the same structured shape and the same compact text.
 */
public final class Render {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * The output schema of a row result: {@code columns} (name and PostgreSQL type), {@code rows}
     * (arrays of values in column order), {@code rowCount}, {@code truncated} and, when truncated,
     * {@code truncation} ({@code rows} or {@code bytes}).
     */
    public static final Map<String, Object> ROWS_SCHEMA = JsonSchemas.object()
            .required("columns", JsonSchemas.array("Result columns in order", JsonSchemas.object()
                    .required("name", JsonSchemas.string("Column label"))
                    .required("type", JsonSchemas.string("PostgreSQL type name, e.g. int4, numeric, timestamptz, text[]"))
                    .build()))
            .required("rows", JsonSchemas.array("Rows, each an array of values in column order", JsonSchemas.array("One row", null)))
            .required("rowCount", JsonSchemas.integer("Number of rows returned", 0, Integer.MAX_VALUE, null))
            .required("truncated", JsonSchemas.bool("True when more rows existed than were returned (a cap was hit)", false))
            .optional("truncation", JsonSchemas.enumeration("Which cap cut the result", "rows", "bytes"))
            .additionalProperties(true)
            .build();

    private Render() {
    }

    /**
     * @param result the rows
     * @param extra  further top-level fields for the structured content (e.g. {@code table}), may be empty
     * @return structured content per {@link #ROWS_SCHEMA} plus a compact text form: a header line with
     * the columns, one JSON array per row, and a closing line with the count and any truncation
     */
    public static ToolResult rows(QueryResult result, Map<String, Object> extra) {
        Map<String, Object> content = new LinkedHashMap<>(extra);
        List<Map<String, Object>> columns = new ArrayList<>(result.columns().size());
        StringBuilder text = new StringBuilder("columns: ");
        for (int i = 0; i < result.columns().size(); i++) {
            Column c = result.columns().get(i);
            columns.add(Map.of("name", c.name(), "type", c.type()));
            text.append(i == 0 ? "" : ", ").append(c.name()).append(" (").append(c.type()).append(')');
        }
        content.put("columns", columns);
        content.put("rows", result.rows());
        content.put("rowCount", result.rowCount());
        content.put("truncated", result.truncated());
        if (result.truncated()) {
            content.put("truncation", result.truncation());
        }
        text.append('\n');
        for (List<Object> row : result.rows()) {
            text.append(json(row)).append('\n');
        }
        text.append('(').append(result.rowCount()).append(result.rowCount() == 1 ? " row" : " rows");
        if (result.truncated()) {
            text.append("; truncated at the ").append("rows".equals(result.truncation()) ? "row" : "byte")
                    .append(" cap: more rows exist, narrow the query or page with LIMIT/OFFSET");
        }
        text.append(')');
        return ToolResult.of(content, text.toString());
    }

    /** @return compact JSON of a value tree */
    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** @return a byte count for people: {@code 8192 bytes}, {@code 64 kB}, {@code 1.5 MB} */
    public static String bytes(long n) {
        if (n < 0) {
            return "unknown size";
        }
        if (n < 10 * 1024) {
            return n + " bytes";
        }
        if (n < 10L * 1024 * 1024) {
            return (n / 1024) + " kB";
        }
        if (n < 10L * 1024 * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }
}
