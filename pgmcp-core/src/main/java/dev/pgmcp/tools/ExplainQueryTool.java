package dev.pgmcp.tools;

import dev.pgmcp.exec.JsonText;
import dev.pgmcp.exec.QueryResult;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code explain_query}: PostgreSQL's plan for a read-only statement, as text or JSON. Never
 * {@code ANALYZE}: the statement is planned, not run.
 *
 * <p>A JSON plan is an array in the structured content, compact in the text, whenever a JSON reader
 * reads PostgreSQL's plan exactly (a json value that reads back exactly, see
 * {@link dev.pgmcp.exec.QueryResult}); otherwise (a row estimate beyond 2^53, or a plan cut at the
 * cell cap) it is PostgreSQL's text of the plan, a string.
 */
public final class ExplainQueryTool implements Tool {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Map<String, Object> FORMAT = JsonSchemas.enumeration(null, "text", "json");

    private static final Pattern ALREADY_EXPLAIN = Pattern.compile("(?is)^\\s*(/\\*.*?\\*/\\s*|--[^\\n]*\\n\\s*)*explain\\b.*");

    @Override
    public String name() {
        return "explain_query";
    }

    @Override
    public String description() {
        return "PostgreSQL's plan for one read-only statement (EXPLAIN, never ANALYZE: not run), as text (default) "
                + "or json.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Explain query");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .required("sql", JsonSchemas.type("string"))
                .optional("format", FORMAT)
                .optional("params", ExecuteQueryTool.PARAMS)
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("format", FORMAT)
                .property("plan", JsonSchemas.type("string", "array"))
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
            if (plan instanceof JsonText j) {
                // Compact: PostgreSQL indents its JSON plan. It reads back exactly, so its numbers are the same.
                plan = JSON.readTree(j.text());
            }
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
