package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code get_open_tickets(priority?)}: unresolved tickets, optionally of one priority, with their
 * customer's name, tier and MRR and how many days each has been open, oldest first.
 */
public final class OpenTicketsTool extends BiTool {

    /** The most tickets one call returns. */
    static final int LIMIT = 500;

    /** A tool on the shared pack ({@link BiPack#shared()}), for ServiceLoader. */
    public OpenTicketsTool() {
        this(BiPack.shared());
    }

    OpenTicketsTool(BiPack pack) {
        super(pack);
    }

    @Override
    public String name() {
        return "get_open_tickets";
    }

    @Override
    public String description() {
        return "Open support tickets, oldest first, with days open and the customer's tier and MRR; optionally one "
                + "priority. At most " + LIMIT + ".";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Open tickets");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().optional("priority", JsonSchemas.enumeration(null, BiArguments.PRIORITIES)).build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("priority", Schemas.TEXT)
                .property("count", Schemas.COUNT)
                .property("truncated", JsonSchemas.type("boolean"))
                .property("tickets", Schemas.LIST)
                .build();
    }

    @Override
    ToolResult run(ToolContext context, BiSql sql) {
        Optional<String> priority = BiArguments.priority(context.arguments(), "priority");
        QueryResult r = context.queries().queryTrusted(sql.statement(
                "SELECT " + Schemas.ticketColumns() + ", c.id, c.name, c.country, c.tier, c.mrr"
                        + " FROM t JOIN c ON c.id = t.customer_id"
                        + " WHERE t.open AND ($5::text IS NULL OR t.priority = $5::text)"
                        + " ORDER BY t.created_at, t.id"), sql.parameters(priority.orElse(null)), LIMIT);
        List<Map<String, Object>> tickets = new ArrayList<>();
        StringBuilder text = new StringBuilder(UNTRUSTED_NOTICE).append('\n')
                .append(plural(r.rowCount(), "open ticket", "open tickets"))
                .append(priority.map(p -> " of priority " + p).orElse("")).append(r.rowCount() == 0 ? "." : ", oldest first:");
        for (List<Object> row : r.rows()) {
            Map<String, Object> t = Schemas.ticket(row, 0);
            Map<String, Object> c = Schemas.customer(row.get(6), row.get(7), row.get(8), row.get(9), row.get(10));
            t.put("customer", c);
            tickets.add(t);
            text.append("\n- ").append(Schemas.ticketLine(t)).append(" — ").append(Schemas.line(c));
        }
        if (r.moreRows()) {
            text.append("\n(only the oldest ").append(LIMIT).append("; filter by priority)");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("priority", priority.orElse(null));
        content.put("count", tickets.size());
        content.put("truncated", r.moreRows());
        content.put("tickets", tickets);
        return ToolResult.of(content, text.toString());
    }
}
