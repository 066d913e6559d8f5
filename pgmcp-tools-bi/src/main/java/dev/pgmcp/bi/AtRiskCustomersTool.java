package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code get_at_risk_customers(min_mrr = 20000)}: churn risk, i.e. customers whose MRR is at least
 * the threshold and who have at least one unresolved ticket, with those tickets, by MRR descending.
 */
public final class AtRiskCustomersTool extends BiTool {

    /** The default threshold, in euros. */
    static final BigDecimal DEFAULT_MIN_MRR = new BigDecimal("20000");
    /** The largest threshold accepted. */
    static final BigDecimal MAX_MIN_MRR = new BigDecimal("1000000000000");
    /** The most (customer, open ticket) rows one call reads. */
    static final int LIMIT = 1000;

    /** A tool on the shared pack ({@link BiPack#shared()}), for ServiceLoader. */
    public AtRiskCustomersTool() {
        this(BiPack.shared());
    }

    AtRiskCustomersTool(BiPack pack) {
        super(pack);
    }

    @Override
    public String name() {
        return "get_at_risk_customers";
    }

    @Override
    public String description() {
        return "Churn risk: customers with MRR (euros) >= min_mrr (default 20000) and open tickets, by MRR "
                + "descending, with those tickets.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("At-risk customers");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().optional("min_mrr", JsonSchemas.type("number")).build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("min_mrr", JsonSchemas.type("number"))
                .property("count", Schemas.COUNT)
                .property("truncated", JsonSchemas.type("boolean"))
                .property("customers", Schemas.LIST)
                .build();
    }

    @Override
    ToolResult run(ToolContext context, BiSql sql) {
        BigDecimal minMrr = BiArguments.amount(context.arguments(), "min_mrr", DEFAULT_MIN_MRR, BigDecimal.ZERO, MAX_MIN_MRR);
        QueryResult r = context.queries().queryTrusted(sql.statement(
                "SELECT c.id, c.name, c.country, c.tier, c.mrr, " + Schemas.ticketColumns()
                        + " FROM c JOIN t ON t.customer_id = c.id"
                        + " WHERE t.open AND c.mrr >= $5"
                        + " ORDER BY c.mrr DESC, c.name, c.id, t.created_at, t.id"), sql.parameters(minMrr), LIMIT);
        List<Map<String, Object>> customers = new ArrayList<>();
        Map<String, Object> current = null;
        List<Map<String, Object>> tickets = null;
        for (List<Object> row : r.rows()) {
            if (current == null || !Objects.equals(current.get("id"), row.get(0))) {
                current = Schemas.customer(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
                tickets = new ArrayList<>();
                current.put("open_tickets", 0L);
                current.put("open_high", 0L);
                current.put("tickets", tickets);
                customers.add(current);
            }
            Map<String, Object> t = Schemas.ticket(row, 5);
            tickets.add(t);
            current.put("open_tickets", (long) tickets.size());
            if ("High".equals(t.get("priority"))) {
                current.put("open_high", (Long) current.get("open_high") + 1);
            }
        }
        StringBuilder text = new StringBuilder(UNTRUSTED_NOTICE).append('\n')
                .append(plural(customers.size(), "customer", "customers")).append(" with MRR >= ")
                .append(minMrr.toPlainString()).append(" and open tickets").append(customers.isEmpty() ? "." : ":");
        for (Map<String, Object> c : customers) {
            text.append("\n- ").append(Schemas.line(c)).append(": ").append(plural((Long) c.get("open_tickets"),
                    "open ticket", "open tickets")).append(" (").append(c.get("open_high")).append(" High)");
            for (Object t : (List<?>) c.get("tickets")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> ticket = (Map<String, Object>) t;
                text.append("\n    ").append(Schemas.ticketLine(ticket));
            }
        }
        if (r.moreRows()) {
            text.append("\n(cut at ").append(LIMIT).append(" open tickets; raise min_mrr)");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("min_mrr", minMrr);
        content.put("count", customers.size());
        content.put("truncated", r.moreRows());
        content.put("customers", customers);
        return ToolResult.of(content, text.toString());
    }
}
