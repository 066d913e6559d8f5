package dev.pgmcp.examples;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An example of a host application's own tool, written against pgmcp's SPI only: monthly recurring
 * revenue per country on the demo schema. Its SQL is the tool's own; the caller's value is bound
 * as a parameter, and the statement runs through pgmcp's executor (READ ONLY, timeouts, caps).
 */
public final class RevenueByCountryTool implements Tool {

    @Override
    public String name() {
        return "revenue_by_country";
    }

    @Override
    public String description() {
        return "Monthly recurring revenue (MRR) and customer count per country, largest first, counting only "
                + "customers whose MRR is at least min_mrr.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("min_mrr", JsonSchemas.integer("Smallest MRR to count, in euros (default 0)", 0, 10_000_000, 0))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.rowResult().build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        int minMrr = context.arguments().integer("min_mrr", 0, 0, 10_000_000);
        QueryResult rows = context.queries().queryTrusted(
                "SELECT country, count(*) AS customers, sum(mrr) AS total_mrr FROM customers "
                        + "WHERE mrr >= $1 GROUP BY country ORDER BY total_mrr DESC",
                List.of(BigDecimal.valueOf(minMrr)), 100);
        return context.queries().render(rows, Map.of());
    }
}
