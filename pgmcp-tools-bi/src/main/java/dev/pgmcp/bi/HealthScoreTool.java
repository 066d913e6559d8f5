package dev.pgmcp.bi;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code get_customer_health_score(customer_name)}: the {@link HealthScore} of one customer, with
 * each factor's contribution. The name is matched like {@code get_customer_info} (case-insensitive,
 * partial): one customer whose whole name equals it, or else the only one containing it; when
 * several contain it the result lists them instead of guessing.
 */
public final class HealthScoreTool extends BiTool {

    /** The most candidates an ambiguous name lists. */
    static final int CANDIDATES = 20;

    /** A tool on the shared pack ({@link BiPack#shared()}), for ServiceLoader. */
    public HealthScoreTool() {
        this(BiPack.shared());
    }

    HealthScoreTool(BiPack pack) {
        super(pack);
    }

    @Override
    public String name() {
        return "get_customer_health_score";
    }

    @Override
    public String description() {
        return "Health score 0-100 of the customer named customer_name (any case), else of the only one whose name "
                + "contains it (several: status ambiguous, with candidates). " + HealthScore.SUMMARY;
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Health score");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().required("customer_name", JsonSchemas.type("string")).build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("query", JsonSchemas.type("string"))
                .property("status", JsonSchemas.enumeration(null, "ok", "ambiguous", "not_found"))
                .property("customer", JsonSchemas.type("object"))
                .property("score", JsonSchemas.type("integer"))
                .property("rating", JsonSchemas.enumeration(null, "healthy", "needs attention", "at risk"))
                .property("factors", Schemas.LIST)
                .property("metrics", JsonSchemas.mapOf(JsonSchemas.type("number", "null")))
                .property("candidates", Schemas.LIST)
                .build();
    }

    @Override
    ToolResult run(ToolContext context, BiSql sql) {
        String query = BiArguments.text(context.arguments(), "customer_name");
        QueryResult r = context.queries().queryTrusted(sql.statement(
                "SELECT c.id, c.name, c.country, c.tier, c.mrr,"
                        + " (extract(epoch FROM localtimestamp - c.created_at) / 86400)::float8 AS tenure_days,"
                        + " count(t.id) AS total,"
                        + " count(t.id) FILTER (WHERE t.created_at >= localtimestamp - interval '90 days') AS last_90_days,"
                        + " count(t.id) FILTER (WHERE t.priority = 'High') AS high,"
                        + " count(t.id) FILTER (WHERE t.open) AS open,"
                        + " count(t.id) FILTER (WHERE t.open AND t.priority = 'High') AS open_high,"
                        + " count(t.id) FILTER (WHERE NOT t.open) AS resolved,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.resolved_at - t.created_at) / 86400)"
                        + "   FILTER (WHERE NOT t.open AND t.resolved_at IS NOT NULL) AS median_days"
                        + " FROM c LEFT JOIN t ON t.customer_id = c.id"
                        + " WHERE strpos(lower(c.name), lower($5)) > 0"
                        + " GROUP BY c.id, c.name, c.country, c.tier, c.mrr, c.created_at"
                        // Whole-name matches first, so that the cap never hides one.
                        + " ORDER BY lower(c.name) = lower($5) DESC, c.name, c.id"), sql.parameters(query), CANDIDATES + 1);
        List<List<Object>> rows = r.rows();
        List<List<Object>> exact = rows.stream()
                .filter(row -> row.get(1) != null && row.get(1).toString().toLowerCase(Locale.ROOT).equals(query.toLowerCase(Locale.ROOT)))
                .toList();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("query", query);
        StringBuilder text = new StringBuilder(UNTRUSTED_NOTICE).append('\n');
        if (exact.size() == 1 || rows.size() == 1) {
            return scored(exact.size() == 1 ? exact.get(0) : rows.get(0), content, text);
        }
        if (rows.isEmpty()) {
            content.put("status", "not_found");
            text.append("No customer's name contains ").append(json(query)).append(". Try get_customer_info with part of the name or e-mail.");
            return ToolResult.of(content, text.toString());
        }
        List<Map<String, Object>> candidates = new ArrayList<>();
        text.append(rows.size() > CANDIDATES ? "More than " + CANDIDATES : String.valueOf(rows.size()))
                .append(" customers match ").append(json(query)).append("; call again with one of these names:");
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), CANDIDATES))) {
            Map<String, Object> c = Schemas.customer(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            candidates.add(c);
            text.append("\n- ").append(Schemas.line(c));
        }
        content.put("status", "ambiguous");
        content.put("candidates", candidates);
        return ToolResult.of(content, text.toString());
    }

    private static ToolResult scored(List<Object> row, Map<String, Object> content, StringBuilder text) {
        Map<String, Object> customer = Schemas.customer(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
        HealthScore h = new HealthScore(count(row.get(6)), count(row.get(7)), count(row.get(8)), count(row.get(9)),
                count(row.get(10)), count(row.get(11)), row.get(12) == null ? null : ((Number) row.get(12)).doubleValue(),
                ((Number) row.get(5)).doubleValue());
        List<Map<String, Object>> factors = h.factors().stream().map(HealthScore.Factor::toMap).toList();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("tickets_total", h.ticketsTotal());
        metrics.put("tickets_last_90_days", h.ticketsLast90());
        metrics.put("tickets_per_month", HealthScore.round2(h.ticketsPerMonth()));
        metrics.put("high_priority", h.high());
        metrics.put("open", h.open());
        metrics.put("open_high", h.openHigh());
        metrics.put("resolved", h.resolved());
        metrics.put("median_days_to_resolve", h.medianDaysToResolve() == null ? null : HealthScore.round2(h.medianDaysToResolve()));
        metrics.put("tenure_days", (long) Math.floor(Math.max(0, h.tenureDays())));
        content.put("status", "ok");
        content.put("customer", customer);
        content.put("score", h.score());
        content.put("rating", h.rating());
        content.put("factors", factors);
        content.put("metrics", metrics);
        text.append("Health score of ").append(Schemas.line(customer)).append(": ").append(h.score()).append("/100 (")
                .append(h.rating()).append(")");
        for (Map<String, Object> f : factors) {
            text.append("\n- ").append(f.get("factor")).append(": ").append(f.get("points")).append('/')
                    .append(f.get("max_points")).append(" — ").append(f.get("explanation"));
        }
        return ToolResult.of(content, text.toString());
    }
}
