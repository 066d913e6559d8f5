package dev.pgmcp.tools;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.List;
import java.util.Map;

/** {@code execute_query}: runs one read-only SQL statement a caller wrote, validated first. */
public final class ExecuteQueryTool implements Tool {

    @Override
    public String name() {
        return "execute_query";
    }

    @Override
    public String description() {
        return "Run ONE read-only SQL statement (SELECT, VALUES, TABLE, WITH ... SELECT) on PostgreSQL and return "
                + "typed rows. Writes, DDL, several statements, locking clauses and side-effecting functions are "
                + "rejected. Put caller values in params and refer to them as $1, $2 ... instead of pasting them "
                + "into the SQL. Results are capped (see limit); 'truncation' says when rows were left out or long "
                + "values were cut. "
                + "Use list_tables / describe_table first to learn table and column names.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .required("sql", JsonSchemas.string("One read-only PostgreSQL statement; $1..$n refer to params",
                        "SELECT name, country, mrr FROM customers WHERE subscription_tier = 'Enterprise' ORDER BY mrr DESC",
                        "SELECT count(*) FROM support_tickets WHERE status = $1"))
                .optional("params", JsonSchemas.array("Positional values for $1, $2, ... (strings, numbers, booleans or null)",
                        JsonSchemas.any("A parameter value", "string", "number", "integer", "boolean", "null")))
                .optional("limit", JsonSchemas.integer("Most rows to return (default and maximum: the server's row cap)",
                        1, 1_000_000, null))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Render.ROWS_SCHEMA;
    }

    @Override
    public ToolResult call(ToolContext context) {
        String sql = context.arguments().requireString("sql");
        List<Object> params = context.arguments().list("params");
        int cap = context.executor().limits().maxRows();
        int limit = context.arguments().integer("limit", cap, 1, 1_000_000);
        return Render.rows(context.executor().query(sql, params, limit), Map.of(), context.executor().limits().maxBytes());
    }
}
