package dev.pgmcp.tools;

import dev.pgmcp.exec.QueryResult;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code explain_query}: PostgreSQL's plan for a read-only statement, as text or JSON. Never
 * {@code ANALYZE}: the statement is planned, not run.
 */
public final class ExplainQueryTool implements Tool {

    private static final Pattern ALREADY_EXPLAIN = Pattern.compile("(?is)^\\s*(/\\*.*?\\*/\\s*|--[^\\n]*\\n\\s*)*explain\\b.*");

    @Override
    public String name() {
        return "explain_query";
    }

    @Override
    public String description() {
        return "Show PostgreSQL's execution plan for one read-only SQL statement (EXPLAIN, never ANALYZE: "
                + "the query is planned, not executed). format 'text' gives the classic plan, 'json' the "
                + "machine-readable one with estimated costs and rows.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .required("sql", JsonSchemas.string("The read-only statement to plan (without EXPLAIN)",
                        "SELECT * FROM support_tickets WHERE customer_id = 42"))
                .optional("format", JsonSchemas.enumeration("Plan format (default text)", "text", "json"))
                .optional("params", JsonSchemas.array("Positional values for $1, $2, ...",
                        JsonSchemas.any("A parameter value", "string", "number", "integer", "boolean", "null")))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.object()
                .required("format", JsonSchemas.string("text or json"))
                .required("plan", JsonSchemas.any("The plan: text lines joined, or PostgreSQL's JSON plan", "string", "array"))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        String sql = context.arguments().requireString("sql");
        if (ALREADY_EXPLAIN.matcher(sql).matches()) {
            throw new ToolArgumentException("sql: give the statement without EXPLAIN; this tool adds it");
        }
        String format = context.arguments().string("format").orElse("text").toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ToolArgumentException("format: must be text or json, got " + format);
        }
        List<Object> params = context.arguments().list("params");
        // The whole EXPLAIN statement goes through the validator, which also refuses ANALYZE.
        String explain = "EXPLAIN (FORMAT " + format.toUpperCase(java.util.Locale.ROOT) + ") " + sql;
        QueryResult r = context.executor().query(explain, params, Integer.MAX_VALUE);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", format);
        if (format.equals("json")) {
            Object plan = r.rows().isEmpty() ? List.of() : r.rows().get(0).get(0);
            content.put("plan", plan);
            return ToolResult.of(content, Render.json(plan));
        }
        StringBuilder text = new StringBuilder();
        for (List<Object> row : r.rows()) {
            text.append(row.get(0)).append('\n');
        }
        content.put("plan", text.toString().strip());
        return ToolResult.of(content, text.toString().strip());
    }
}
