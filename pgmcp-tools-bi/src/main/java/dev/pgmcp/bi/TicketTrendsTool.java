package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code get_ticket_trends(period = week|month, months = 6)}: tickets opened and resolved per week
 * or month, by priority. The window starts at the beginning of the period that contains the day
 * {@code months} months ago and ends now (the last period is partial); every period is listed, empty
 * ones with zeros. A ticket counts as opened in the period of its creation and as resolved in the
 * period of its resolution time (when its status is not open).
 */
public final class TicketTrendsTool extends BiTool {

    /** A tool on the shared pack ({@link BiPack#shared()}), for ServiceLoader. */
    public TicketTrendsTool() {
        this(BiPack.shared());
    }

    TicketTrendsTool(BiPack pack) {
        super(pack);
    }

    @Override
    public String name() {
        return "get_ticket_trends";
    }

    @Override
    public String description() {
        return "Tickets opened and resolved per week or month (default) over the last months (default 6), by "
                + "priority, oldest first; the last period is partial.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Ticket trends");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("period", JsonSchemas.enumeration(null, "week", "month"))
                .optional("months", JsonSchemas.integer(null, 1, 36, 6))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("period", JsonSchemas.enumeration(null, "week", "month"))
                .property("months", Schemas.COUNT)
                .property("periods", Schemas.LIST)
                .property("totals", JsonSchemas.type("object"))
                .build();
    }

    @Override
    ToolResult run(ToolContext context, BiSql sql) {
        String period = context.arguments().string("period").orElse("month").toLowerCase(Locale.ROOT);
        if (!period.equals("week") && !period.equals("month")) {
            throw new ToolArgumentException("period: must be week or month, got '" + period + "'");
        }
        int months = context.arguments().integer("months", 6, 1, 36);
        QueryResult r = context.queries().queryTrusted(sql.statement(
                ", b AS (SELECT g AS start, g + ('1 ' || $5::text)::interval AS stop"
                        + " FROM generate_series(date_trunc($5::text, localtimestamp - make_interval(months => $6::int)),"
                        + " date_trunc($5::text, localtimestamp), ('1 ' || $5::text)::interval) AS g),"
                        + " e AS (SELECT t.created_at AS at, 'opened' AS kind, t.priority FROM t"
                        + " UNION ALL SELECT t.resolved_at, 'resolved', t.priority FROM t WHERE NOT t.open AND t.resolved_at IS NOT NULL)"
                        + " SELECT b.start::date AS period_start, e.kind, e.priority, count(e.at) AS tickets"
                        + " FROM b LEFT JOIN e ON e.at >= b.start AND e.at < b.stop"
                        + " GROUP BY b.start, e.kind, e.priority ORDER BY b.start, e.kind, e.priority"),
                sql.parameters(period, months), 10_000);
        Map<String, Map<String, Object>> byStart = new LinkedHashMap<>();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("opened", counts());
        totals.put("resolved", counts());
        for (List<Object> row : r.rows()) {
            Map<String, Object> p = byStart.computeIfAbsent((String) row.get(0), start -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("period_start", start);
                m.put("opened", counts());
                m.put("resolved", counts());
                return m;
            });
            if (row.get(1) != null) {
                add(p, totals, (String) row.get(1), (String) row.get(2), count(row.get(3)));
            }
        }
        List<Map<String, Object>> periods = new ArrayList<>(byStart.values());
        StringBuilder text = new StringBuilder(UNTRUSTED_NOTICE).append("\nTickets per ").append(period)
                .append(" over the last ").append(plural(months, "month", "months"))
                .append(" (opened / resolved; H/M/L = High/Medium/Low):");
        for (Map<String, Object> p : periods) {
            text.append("\n- ").append(p.get("period_start")).append(": opened ").append(line(p.get("opened")))
                    .append("; resolved ").append(line(p.get("resolved")));
        }
        text.append("\nTotal: opened ").append(line(totals.get("opened"))).append("; resolved ").append(line(totals.get("resolved")));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("period", period);
        content.put("months", months);
        content.put("periods", periods);
        content.put("totals", totals);
        return ToolResult.of(content, text.toString());
    }

    private static Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String p : BiArguments.PRIORITIES) {
            m.put(p, 0L);
        }
        m.put("total", 0L);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> period, Map<String, Object> totals, String kind, String priority, long n) {
        for (Map<String, Object> target : List.of(period, totals)) {
            Map<String, Long> c = (Map<String, Long>) target.get(kind);
            if (priority != null) {
                c.merge(priority, n, Long::sum);
            }
            c.merge("total", n, Long::sum);
        }
    }

    @SuppressWarnings("unchecked")
    private static String line(Object counts) {
        Map<String, Long> c = (Map<String, Long>) counts;
        return c.get("total") + " (H " + c.get("High") + ", M " + c.get("Medium") + ", L " + c.get("Low") + ")";
    }
}
