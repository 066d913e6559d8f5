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

/**
 * {@code get_customer_info(search)}: the customers whose name or e-mail contains a text (ignoring
 * case; the text is literal, {@code %} and {@code _} included), each with ticket statistics.
 */
public final class CustomerInfoTool extends BiTool {

    /** The most customers one call returns. */
    static final int LIMIT = 50;

    /** A tool on the shared pack ({@link BiPack#shared()}), for ServiceLoader. */
    public CustomerInfoTool() {
        this(BiPack.shared());
    }

    CustomerInfoTool(BiPack pack) {
        super(pack);
    }

    @Override
    public String name() {
        return "get_customer_info";
    }

    @Override
    public String description() {
        return "Customers whose name or e-mail contains search (any case): country, tier, MRR (monthly recurring "
                + "revenue, euros), sign-up date, ticket counts. At most " + LIMIT + ", by name.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Find customers");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .required("search", JsonSchemas.type("string"))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("search", JsonSchemas.type("string"))
                .property("count", Schemas.COUNT)
                .property("truncated", JsonSchemas.type("boolean"))
                .property("customers", Schemas.LIST)
                .build();
    }

    @Override
    ToolResult run(ToolContext context, BiSql sql) {
        String search = BiArguments.text(context.arguments(), "search");
        QueryResult r = context.queries().queryTrusted(sql.statement(
                "SELECT c.id, c.name, c.email, c.country, c.tier, c.mrr, c.created_at,"
                        + " count(t.id) AS total,"
                        + " count(t.id) FILTER (WHERE t.open) AS open,"
                        + " count(t.id) FILTER (WHERE t.open AND t.priority = 'High') AS open_high,"
                        + " max(t.created_at) AS last_ticket_at"
                        + " FROM c LEFT JOIN t ON t.customer_id = c.id"
                        // strpos, not LIKE: the search text is literal, % and _ included.
                        + " WHERE strpos(lower(c.name), lower($5)) > 0 OR strpos(lower(coalesce(c.email, '')), lower($5)) > 0"
                        + " GROUP BY c.id, c.name, c.email, c.country, c.tier, c.mrr, c.created_at"
                        + " ORDER BY c.name, c.id"), sql.parameters(search), LIMIT);
        List<Map<String, Object>> customers = new ArrayList<>();
        StringBuilder text = new StringBuilder(UNTRUSTED_NOTICE).append('\n');
        text.append(r.rowCount() == 0 ? "No customer's name or e-mail contains " + json(search) + "."
                : plural(r.rowCount(), "customer matches ", "customers match ") + json(search) + ":");
        for (List<Object> row : r.rows()) {
            Map<String, Object> c = Schemas.customer(row.get(0), row.get(1), row.get(3), row.get(4), row.get(5));
            c.put("email", row.get(2));
            c.put("customer_since", row.get(6));
            Map<String, Object> tickets = new LinkedHashMap<>();
            tickets.put("total", count(row.get(7)));
            tickets.put("open", count(row.get(8)));
            tickets.put("open_high", count(row.get(9)));
            tickets.put("last_ticket_at", row.get(10));
            c.put("tickets", tickets);
            customers.add(c);
            text.append("\n- ").append(Schemas.line(c)).append(" <").append(row.get(2)).append(">, customer since ")
                    .append(day(row.get(6))).append("; tickets: ").append(tickets.get("total")).append(" total, ")
                    .append(tickets.get("open")).append(" open (").append(tickets.get("open_high"))
                    .append(" High), last ").append(day(row.get(10)));
        }
        if (r.moreRows()) {
            text.append("\n(only the first ").append(LIMIT).append(" by name; search more precisely)");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("search", search);
        content.put("count", customers.size());
        content.put("truncated", r.moreRows());
        content.put("customers", customers);
        return ToolResult.of(content, text.toString());
    }
}
