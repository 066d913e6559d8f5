package dev.pgmcp.internal.tools;

import dev.pgmcp.internal.exec.JsonText;
import dev.pgmcp.internal.tools.insight.Plans;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code explain_query}: PostgreSQL's plan for a read-only statement, as text or JSON. By default
 * plain {@code EXPLAIN}: the statement is planned, not run. With {@code analyze: true} the statement
 * is <em>executed</em> under {@code EXPLAIN (ANALYZE)} (see {@link dev.pgmcp.internal.exec.QueryExecutor#explainAnalyze}):
 * it must pass the same checks as {@code execute_query}, and runs in the same READ ONLY, rolled-back
 * transaction under the same timeouts; the result then carries actual rows and timings.
 *
 * <p>Structured content: {@code format}; {@code plan} (PostgreSQL's text lines joined, or its JSON
 * array; with ANALYZE and format text, a compact text form of the analyzed JSON plan);
 * {@code analyzed}; with ANALYZE also {@code planning_ms}, {@code execution_ms} (milliseconds, from
 * PostgreSQL's {@code Planning Time} and {@code Execution Time}), {@code actual_rows} (rows the root
 * node returned) and {@code plan_total_cost} (the planner's estimate, in its cost units).
 *
 * <p>A JSON plan is an array in the structured content, compact in the text, whenever a JSON reader
 * reads PostgreSQL's plan exactly (a json value that reads back exactly, see
 * {@link dev.pgmcp.spi.QueryResult}); otherwise (a row estimate beyond 2^53, or a plan cut at the
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
        return "PostgreSQL's plan for one read-only statement, as text (default) or json. Plain EXPLAIN by default "
                + "(not run). analyze=true EXECUTES the statement (EXPLAIN ANALYZE, read-only, rolled back, same "
                + "checks, cost budget and timeout as execute_query) and returns actual rows and timings.";
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
                .optional("analyze", JsonSchemas.bool(null, false))
                .optional("buffers", JsonSchemas.bool("with analyze: shared buffer hits and reads", false))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("format", FORMAT)
                .property("plan", JsonSchemas.type("string", "array"))
                .property("analyzed", JsonSchemas.type("boolean"))
                .property("planning_ms", JsonSchemas.type("number"))
                .property("execution_ms", JsonSchemas.type("number"))
                .property("actual_rows", JsonSchemas.type("number"))
                .property("plan_total_cost", JsonSchemas.type("number"))
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
        boolean buffers = context.arguments().bool("buffers", false);
        if (context.arguments().bool("analyze", false)) {
            return analyzed(context, sql, params, format, buffers);
        }
        if (buffers) {
            throw new ToolArgumentException("buffers: needs analyze: true");
        }
        // The whole EXPLAIN statement goes through the validator, which also refuses ANALYZE.
        String explain = "EXPLAIN (FORMAT " + format.toUpperCase(java.util.Locale.ROOT) + ") " + sql;
        QueryResult r = EngineAccess.of(context).executor().query(explain, params, Integer.MAX_VALUE);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", format);
        content.put("analyzed", false);
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

    /**
     * EXPLAIN ANALYZE through the executor, which validates the caller's statement as execute_query
     * would and only then writes the EXPLAIN (ANALYZE) prefix itself.
     */
    private static ToolResult analyzed(ToolContext context, String sql, List<Object> params, String format,
                                       boolean buffers) {
        QueryResult r = EngineAccess.of(context).executor().explainAnalyze(sql, params, buffers);
        Object cell = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
        JsonNode document;
        try {
            document = Plans.document(cell);
        } catch (IllegalArgumentException e) {
            throw new ToolArgumentException("sql: " + e.getMessage());
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", format);
        content.put("analyzed", true);
        Double planning = Plans.figure(document, "Planning Time");
        Double execution = Plans.figure(document, "Execution Time");
        JsonNode root = document.get("Plan");
        String text = Plans.text(document);
        content.put("plan", format.equals("json") ? cell : text);
        putFigure(content, "planning_ms", planning);
        putFigure(content, "execution_ms", execution);
        putFigure(content, "actual_rows", Plans.figure(root, "Actual Rows"));
        content.put("plan_total_cost", Plans.totalCost(document));
        String summary = "EXPLAIN ANALYZE (the statement was executed, read-only, and rolled back): "
                + (execution == null ? "" : "execution " + execution + " ms, ")
                + (planning == null ? "" : "planning " + planning + " ms, ")
                + "root node returned " + root.path("Actual Rows").asString("?") + " row(s)";
        return ToolResult.of(content, summary + "\n" + (format.equals("json") ? Render.json(cell) : text));
    }

    private static void putFigure(Map<String, Object> content, String name, Double value) {
        if (value != null) {
            content.put(name, value);
        }
    }
}
