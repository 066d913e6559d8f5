package dev.pgmcp.internal.tools.insight;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code get_top_queries}: the statements of this database that cost most, from the
 * {@code pg_stat_statements} extension (module 1.8 or later, PostgreSQL 13+), with their normalized text
 * (constants replaced by {@code $1, $2, ...}).
 *
 * <p>Input: {@code order_by} ({@code total_time} (default), {@code mean_time}, {@code calls},
 * {@code rows}, {@code shared_blks_read}) and {@code limit} (1..100, default 10). Structured content:
 * {@code available}; when true, {@code order_by} and {@code queries}, each with {@code queryid},
 * {@code query}, {@code role}, {@code calls}, {@code total_ms} and {@code mean_ms} (execution time in
 * milliseconds, {@code total_exec_time} and {@code mean_exec_time}), {@code rows},
 * {@code shared_blks_hit}, {@code shared_blks_read} and {@code hit_percent}; when false,
 * {@code message} says how to enable the extension. Without {@code pg_read_all_stats} (part of
 * {@code pg_monitor}) other roles' statements show {@code <insufficient privilege>} as their text;
 * {@code notes} says so.
 */
public final class TopQueriesTool implements Tool {

    /** The orders the tool knows, by argument value, and the {@code pg_stat_statements} column each sorts by. */
    static final Map<String, String> ORDERS = orders();

    /** What to do when the extension is missing, or installed but not loaded. */
    static final String HOW_TO_ENABLE = "pg_stat_statements is not enabled in this database. To enable it: add "
            + "pg_stat_statements to shared_preload_libraries in postgresql.conf (on managed services, the parameter "
            + "group or server parameters), restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements; in this "
            + "database as its owner or a superuser. Statements are counted from then on.";

    private static Map<String, String> orders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("total_time", "total_exec_time");
        m.put("mean_time", "mean_exec_time");
        m.put("calls", "calls");
        m.put("rows", "rows");
        m.put("shared_blks_read", "shared_blks_read");
        return m;
    }

    @Override
    public String name() {
        return "get_top_queries";
    }

    @Override
    public String description() {
        return "The costliest statements from pg_stat_statements (normalized text, calls, total and mean time in ms, "
                + "rows, shared blocks), by total_time (default), mean_time, calls, rows or shared_blks_read; says how "
                + "to enable the extension when missing.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Top queries");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("order_by", JsonSchemas.enumeration(null, ORDERS.keySet().toArray(String[]::new)))
                .optional("limit", JsonSchemas.integer(null, 1, 100, 10))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("available", JsonSchemas.type("boolean"))
                .property("order_by", JsonSchemas.type("string"))
                .property("queries", JsonSchemas.arrayOf(JsonSchemas.type("object")))
                .property("message", JsonSchemas.type("string"))
                .property("notes", JsonSchemas.arrayOf(JsonSchemas.type("string")))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        Insight.requireNoRelationLists(context, name());
        String order = context.arguments().string("order_by").orElse("total_time").toLowerCase(Locale.ROOT);
        if (!ORDERS.containsKey(order)) {
            throw new dev.pgmcp.spi.ToolArgumentException("order_by: must be one of " + ORDERS.keySet() + ", got " + order);
        }
        int limit = context.arguments().integer("limit", 10, 1, 100);
        Map<String, Object> content = new LinkedHashMap<>();
        List<Map<String, Object>> queries;
        try {
            queries = top(context, ORDERS.get(order), limit);
        } catch (Unavailable e) {
            content.put("available", false);
            content.put("message", e.getMessage());
            return ToolResult.of(content, e.getMessage());
        }
        long hidden = queries.stream().filter(q -> "<insufficient privilege>".equals(q.get("query"))).count();
        content.put("available", true);
        content.put("order_by", order);
        content.put("queries", queries);
        List<String> notes = hidden == 0 ? List.of() : List.of(hidden + " statement(s) of other roles show no text: "
                + "grant pg_monitor (or pg_read_all_stats) to the role pgmcp connects as");
        content.put("notes", notes);
        StringBuilder text = new StringBuilder(ToolResult.UNTRUSTED_NOTICE).append('\n')
                .append(queries.size()).append(" statement(s) by ").append(order).append('\n');
        for (Map<String, Object> q : queries) {
            text.append(String.format(Locale.ROOT, "%s calls, %.1f ms total, %.3f ms mean, %s rows, %s blocks read: %s%n",
                    q.get("calls"), Insight.asDouble(q.get("total_ms")), Insight.asDouble(q.get("mean_ms")), q.get("rows"),
                    q.get("shared_blks_read"), String.valueOf(q.get("query")).replaceAll("\\s+", " ")));
        }
        notes.forEach(n -> text.append("note: ").append(n).append('\n'));
        return ToolResult.of(content, text.toString().strip());
    }

    /** Thrown when pg_stat_statements cannot be read; its message says why and what to do. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * @param column the {@code pg_stat_statements} column to sort by, descending (one of {@link #ORDERS}' values)
     * @return the statements of the current database, costliest first
     * @throws Unavailable when the extension is not installed, not loaded, or not readable
     */
    static List<Map<String, Object>> top(ToolContext context, String column, int limit) throws Unavailable {
        Map<String, Object> ext = Insight.row(context, "SELECT n.nspname AS schema, e.extversion AS version "
                + "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'", List.of());
        if (ext.isEmpty()) {
            throw new Unavailable(HOW_TO_ENABLE);
        }
        String view = quote((String) ext.get("schema")) + ".pg_stat_statements";
        String sql = "SELECT s.queryid::text AS queryid, left(s.query, 2000) AS query, s.userid::regrole::text AS role, "
                + "s.calls, round(s.total_exec_time::numeric, 3)::float8 AS total_ms, "
                + "round(s.mean_exec_time::numeric, 3)::float8 AS mean_ms, s.rows, s.shared_blks_hit, s.shared_blks_read, "
                + "CASE WHEN s.shared_blks_hit + s.shared_blks_read > 0 THEN round(100.0 * s.shared_blks_hit "
                + "/ (s.shared_blks_hit + s.shared_blks_read), 2)::float8 END AS hit_percent "
                + "FROM " + view + " s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
                + "ORDER BY s." + column + " DESC, s.queryid LIMIT " + limit;
        try {
            return Insight.rows(context, sql, List.of());
        } catch (QueryException e) {
            if ("55000".equals(e.sqlState())) { // object_not_in_prerequisite_state: not in shared_preload_libraries
                throw new Unavailable(e.getMessage() + ". " + HOW_TO_ENABLE);
            }
            if ("42703".equals(e.sqlState())) { // undefined_column: module older than 1.8
                throw new Unavailable("pg_stat_statements " + ext.get("version") + " is older than 1.8 (PostgreSQL 13); "
                        + "run ALTER EXTENSION pg_stat_statements UPDATE, or upgrade PostgreSQL");
            }
            if (Insight.PERMISSION_DENIED.equals(e.sqlState())) {
                throw new Unavailable(Insight.why(e));
            }
            throw e;
        }
    }

    /** @return an identifier quoted for SQL */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
