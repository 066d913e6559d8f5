package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.pgmcp.bi.BiFixture.error;
import static dev.pgmcp.bi.BiFixture.ok;
import static dev.pgmcp.bi.BiFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every BI tool on the demo dataset, each result compared with the test's own SQL on the demo tables
 * (plain SQL with the demo vocabulary written out, not the tools' canonical prelude).
 */
class BiToolsTest {

    private static final String OPEN = "status IN ('Open', 'In Progress')";
    private static PgMcp engine;

    @BeforeAll
    static void start() {
        engine = BiFixture.engine(BiFixture.URL, BiPack.of(BiMapping.DEMO));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    // ---- get_customer_info

    @ParameterizedTest
    @ValueSource(strings = {"ASML", "asml", "accenture-demo.eu", "Digital", "a", "L'Oréal", "zz-no-such-customer"})
    void customerInfoEqualsIndependentSql(String search) {
        List<List<Object>> expected = rows("SELECT c.id, c.name, c.email,"
                + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id),"
                + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s." + OPEN + "),"
                + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s." + OPEN + " AND s.priority = 'High'),"
                + " (SELECT max(s.created_at) FROM support_tickets s WHERE s.customer_id = c.id), c.mrr"
                + " FROM customers c WHERE c.name ILIKE '%' || ? || '%' OR c.email ILIKE '%' || ? || '%'"
                + " ORDER BY c.name, c.id", search, search);
        Map<String, Object> content = ok(engine, "get_customer_info", Map.of("search", search));
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> c : list(content, "customers")) {
            Map<?, ?> t = (Map<?, ?>) c.get("tickets");
            actual.add(List.of(c.get("id"), c.get("name"), c.get("email"), t.get("total"), t.get("open"), t.get("open_high"),
                    String.valueOf(t.get("last_ticket_at")), c.get("mrr")));
        }
        assertEquals(expected.stream().map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5),
                String.valueOf(r.get(6)), r.get(7))).toList(), actual);
        assertEquals(expected.size(), content.get("count"));
        assertEquals(false, content.get("truncated"));
    }

    @Test
    void customerInfoCasesCoverNoneOneAndSeveralMatches() {
        assertEquals(0, ok(engine, "get_customer_info", Map.of("search", "zz-no-such-customer")).get("count"));
        assertEquals(1, ok(engine, "get_customer_info", Map.of("search", "ASML")).get("count"));
        assertTrue((Integer) ok(engine, "get_customer_info", Map.of("search", "Digital")).get("count") > 1);
    }

    @Test
    void customerWithoutTicketsHasZeroStatistics() {
        String name = (String) rows("SELECT name FROM customers c WHERE NOT EXISTS"
                + " (SELECT 1 FROM support_tickets t WHERE t.customer_id = c.id) ORDER BY name LIMIT 1").get(0).get(0);
        Map<String, Object> c = list(ok(engine, "get_customer_info", Map.of("search", name)), "customers").get(0);
        assertEquals(name, c.get("name"));
        assertEquals(Map.of("total", 0L, "open", 0L, "open_high", 0L), without((Map<?, ?>) c.get("tickets"), "last_ticket_at"));
        assertNull(((Map<?, ?>) c.get("tickets")).get("last_ticket_at"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "_", "\\", "'; DROP TABLE customers; --", "' OR '1'='1", "$1", "a%b", ")) OR true --"})
    void searchMetacharactersAreLiteralText(String search) {
        long expected = (Long) rows("SELECT count(*) FROM customers WHERE strpos(name, ?) > 0 OR strpos(email, ?) > 0",
                search, search).get(0).get(0);
        Map<String, Object> content = ok(engine, "get_customer_info", Map.of("search", search));
        assertEquals((int) expected, content.get("count"), search);
        assertEquals(0, expected, "no demo name or e-mail contains " + search);
        assertEquals(1L, rows("SELECT count(*) FROM pg_class WHERE relname = 'customers'").get(0).get(0));
    }

    @Test
    void emptyOrMissingSearchIsAClearError() {
        assertTrue(error(engine, "get_customer_info", Map.of("search", "")).contains("search: required"));
        assertTrue(error(engine, "get_customer_info", Map.of("search", "   ")).contains("search: required"));
        assertTrue(error(engine, "get_customer_info", Map.of()).contains("search: required"));
        assertTrue(error(engine, "get_customer_info", Map.of("search", 42)).contains("search: must be a string"));
        assertTrue(error(engine, "get_customer_info", Map.of("search", "x".repeat(201))).contains("at most 200"));
    }

    // ---- get_open_tickets

    @ParameterizedTest
    @ValueSource(strings = {"", "High", "Medium", "Low", "high"})
    void openTicketsEqualIndependentSql(String priority) {
        String canonical = priority.isEmpty() ? null : priority.substring(0, 1).toUpperCase() + priority.substring(1);
        List<List<Object>> expected = rows("SELECT t.id, t.subject, t.status, t.priority, current_date - t.created_at::date,"
                + " c.id, c.name, c.subscription_tier, c.mrr"
                + " FROM support_tickets t JOIN customers c ON c.id = t.customer_id"
                + " WHERE t." + OPEN + (canonical == null ? "" : " AND t.priority = '" + canonical + "'")
                + " ORDER BY t.created_at, t.id");
        Map<String, Object> content = ok(engine, "get_open_tickets", priority.isEmpty() ? Map.of() : Map.of("priority", priority));
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> t : list(content, "tickets")) {
            Map<?, ?> c = (Map<?, ?>) t.get("customer");
            actual.add(List.of(t.get("ticket_id"), t.get("subject"), t.get("status"), t.get("priority"), t.get("days_open"),
                    c.get("id"), c.get("name"), c.get("subscription_tier"), c.get("mrr")));
        }
        assertEquals(expected, actual);
        assertTrue(expected.size() > 0);
        assertEquals(canonical, content.get("priority"));
    }

    @Test
    void unknownPriorityIsAClearError() {
        String text = error(engine, "get_open_tickets", Map.of("priority", "Urgent"));
        assertTrue(text.contains("priority: must be High, Medium or Low, got 'Urgent'"), text);
        assertTrue(error(engine, "get_open_tickets", Map.of("priority", "")).contains("must be High, Medium or Low"));
        assertTrue(error(engine, "get_open_tickets", Map.of("priority", "High' OR 1=1 --")).contains("must be High"));
    }

    // ---- get_at_risk_customers

    @ParameterizedTest
    @ValueSource(strings = {"", "50000", "50000.01", "0", "75000", "1000000"})
    void atRiskCustomersEqualIndependentSql(String minMrr) {
        BigDecimal threshold = minMrr.isEmpty() ? new BigDecimal("20000") : new BigDecimal(minMrr);
        List<List<Object>> expected = rows("SELECT c.id, c.mrr, array_agg(t.id ORDER BY t.created_at, t.id)::text"
                + " FROM customers c JOIN support_tickets t ON t.customer_id = c.id"
                + " WHERE c.mrr >= ? AND t." + OPEN + " GROUP BY c.id, c.name, c.mrr ORDER BY c.mrr DESC, c.name", threshold);
        Map<String, Object> args = new HashMap<>();
        if (!minMrr.isEmpty()) {
            args.put("min_mrr", minMrr.contains(".") ? Double.parseDouble(minMrr) : Integer.parseInt(minMrr));
        }
        Map<String, Object> content = ok(engine, "get_at_risk_customers", args);
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> c : list(content, "customers")) {
            List<Object> ids = new ArrayList<>();
            for (Map<String, Object> t : list(c, "tickets")) {
                ids.add(t.get("ticket_id"));
            }
            actual.add(List.of(c.get("id"), c.get("mrr"), ids.toString().replace(" ", "").replace('[', '{').replace(']', '}')));
            assertEquals((long) ids.size(), c.get("open_tickets"));
        }
        assertEquals(expected, actual);
        assertEquals(0, threshold.compareTo((BigDecimal) content.get("min_mrr")));
    }

    @Test
    void thresholdIsInclusive() {
        // Accenture's MRR is exactly 50000 and it has open tickets.
        List<String> at = names(ok(engine, "get_at_risk_customers", Map.of("min_mrr", 50000)));
        List<String> above = names(ok(engine, "get_at_risk_customers", Map.of("min_mrr", 50000.01)));
        assertTrue(at.contains("Accenture Technology Solutions"), at.toString());
        assertTrue(!above.contains("Accenture Technology Solutions"), above.toString());
        assertEquals(at, names(ok(engine, "get_at_risk_customers", Map.of("min_mrr", "50000"))));
    }

    @Test
    void badThresholdIsAClearError() {
        assertTrue(error(engine, "get_at_risk_customers", Map.of("min_mrr", -1)).contains("min_mrr: must be between 0 and"));
        assertTrue(error(engine, "get_at_risk_customers", Map.of("min_mrr", "lots")).contains("min_mrr: must be a number"));
        assertTrue(error(engine, "get_at_risk_customers", Map.of("min_mrr", true)).contains("min_mrr: must be a number"));
    }

    // ---- get_customer_health_score

    /** The whole formula in SQL, per customer, from the demo tables. */
    static final String HEALTH_SQL = "WITH m AS (SELECT c.id, c.name,"
            + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id)::float8 AS total,"
            + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s.created_at >= localtimestamp - interval '90 days')::float8 AS recent,"
            + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s.priority = 'High')::float8 AS high,"
            + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s." + OPEN + " AND s.priority = 'High')::float8 AS open_high,"
            + " (SELECT count(*) FROM support_tickets s WHERE s.customer_id = c.id AND s.status IN ('Resolved', 'Closed'))::float8 AS resolved,"
            + " (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.resolved_at - s.created_at) / 86400)"
            + "    FROM support_tickets s WHERE s.customer_id = c.id AND s.status IN ('Resolved', 'Closed')) AS med,"
            + " extract(epoch FROM localtimestamp - c.created_at)::float8 / 86400 AS tenure FROM customers c),"
            + " f AS (SELECT id, name, 30 * greatest(0, 1 - (recent / 3) / 5) AS velocity,"
            + " greatest(0, 25 * (1 - CASE WHEN total = 0 THEN 0 ELSE high / total END) - 5 * open_high) AS priority,"
            + " 15 * CASE WHEN total = 0 THEN 1 ELSE resolved / total END"
            + "  + CASE WHEN total = 0 THEN 15 WHEN med IS NULL THEN 0 ELSE 15 * greatest(0, 1 - med / 30) END AS resolution,"
            + " 15 * least(1, tenure / 730) AS tenure FROM m)"
            + " SELECT name, round((velocity + priority + resolution + tenure)::numeric)::int, velocity, priority, resolution, tenure"
            + " FROM f ORDER BY name";

    @Test
    void healthScoreOfEveryCustomerEqualsTheFormulaInSql() {
        List<List<Object>> expected = rows(HEALTH_SQL);
        assertTrue(expected.size() >= 35);
        for (List<Object> e : expected) {
            Map<String, Object> content = ok(engine, "get_customer_health_score", Map.of("customer_name", e.get(0)));
            assertEquals("ok", content.get("status"), e.get(0) + ": " + content);
            assertEquals(e.get(0), ((Map<?, ?>) content.get("customer")).get("name"));
            assertEquals(e.get(1), content.get("score"), e.get(0).toString());
            List<Map<String, Object>> factors = list(content, "factors");
            for (int i = 0; i < 4; i++) {
                assertEquals(((Number) e.get(2 + i)).doubleValue(), ((Number) factors.get(i).get("points")).doubleValue(), 0.006,
                        e.get(0) + " " + factors.get(i).get("factor"));
            }
            int score = (Integer) content.get("score");
            assertEquals(score >= 70 ? "healthy" : score >= 40 ? "needs attention" : "at risk", content.get("rating"));
        }
    }

    @Test
    void healthScoreOfAPartialNameAndOfACustomerWithoutTickets() {
        Map<String, Object> accenture = ok(engine, "get_customer_health_score", Map.of("customer_name", "accenture"));
        assertEquals("ok", accenture.get("status"));
        assertEquals("Accenture Technology Solutions", ((Map<?, ?>) accenture.get("customer")).get("name"));
        String quiet = (String) rows("SELECT name FROM customers c WHERE NOT EXISTS"
                + " (SELECT 1 FROM support_tickets t WHERE t.customer_id = c.id) ORDER BY name LIMIT 1").get(0).get(0);
        Map<String, Object> content = ok(engine, "get_customer_health_score", Map.of("customer_name", quiet));
        Map<?, ?> metrics = (Map<?, ?>) content.get("metrics");
        assertEquals(0L, metrics.get("tickets_total"));
        assertNull(metrics.get("median_days_to_resolve"));
        // No tickets: full velocity, priority and resolution points; only tenure varies.
        List<Map<String, Object>> factors = list(content, "factors");
        assertEquals(List.of(30.0, 25.0, 30.0), factors.subList(0, 3).stream().map(f -> ((Number) f.get("points")).doubleValue()).toList());
    }

    @Test
    void ambiguousNameListsTheCandidatesInsteadOfGuessing() {
        List<Object> expected = rows("SELECT name FROM customers WHERE name ILIKE '%digital%' ORDER BY name")
                .stream().map(r -> r.get(0)).toList();
        assertTrue(expected.size() >= 2, expected.toString());
        Map<String, Object> content = ok(engine, "get_customer_health_score", Map.of("customer_name", "Digital"));
        assertEquals("ambiguous", content.get("status"));
        assertNull(content.get("score"));
        assertEquals(expected, list(content, "candidates").stream().map(c -> c.get("name")).toList());
    }

    @Test
    void unknownNameIsNotFoundAndEmptyNameIsAnError() {
        Map<String, Object> content = ok(engine, "get_customer_health_score", Map.of("customer_name", "Initech"));
        assertEquals("not_found", content.get("status"));
        assertTrue(error(engine, "get_customer_health_score", Map.of("customer_name", "")).contains("customer_name: required"));
    }

    // ---- get_ticket_trends

    @ParameterizedTest
    @ValueSource(strings = {"month:6", "week:3", "month:12", "week:1"})
    void ticketTrendsEqualIndependentSql(String spec) {
        String period = spec.split(":")[0];
        int months = Integer.parseInt(spec.split(":")[1]);
        String since = "date_trunc('" + period + "', localtimestamp - interval '" + months + " months')";
        List<List<Object>> expected = rows("SELECT p::date::text, kind, priority, count(*) FROM ("
                + " SELECT date_trunc('" + period + "', created_at) AS p, 'opened' AS kind, priority FROM support_tickets"
                + "  WHERE created_at >= " + since
                + " UNION ALL SELECT date_trunc('" + period + "', resolved_at), 'resolved', priority FROM support_tickets"
                + "  WHERE status IN ('Resolved', 'Closed') AND resolved_at >= " + since + ") x"
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
        long buckets = (Long) rows("SELECT count(*) FROM generate_series(" + since + ", date_trunc('" + period
                + "', localtimestamp), interval '1 " + period + "')").get(0).get(0);
        Map<String, Object> content = ok(engine, "get_ticket_trends", Map.of("period", period, "months", months));
        List<Map<String, Object>> periods = list(content, "periods");
        assertEquals(buckets, periods.size());
        List<List<Object>> actual = new ArrayList<>();
        for (Map<String, Object> p : periods) {
            for (String kind : List.of("opened", "resolved")) {
                Map<?, ?> counts = (Map<?, ?>) p.get(kind);
                long sum = 0;
                for (String priority : List.of("High", "Low", "Medium")) {
                    long n = (Long) counts.get(priority);
                    sum += n;
                    if (n > 0) {
                        actual.add(List.of(p.get("period_start"), kind, priority, n));
                    }
                }
                assertEquals(sum, counts.get("total"));
            }
        }
        actual.sort((a, b) -> (a.get(0) + "|" + a.get(1) + "|" + a.get(2)).compareTo(b.get(0) + "|" + b.get(1) + "|" + b.get(2)));
        assertEquals(expected, actual);
    }

    @Test
    void badTrendArgumentsAreClearErrors() {
        assertTrue(error(engine, "get_ticket_trends", Map.of("period", "year")).contains("period: must be week or month"));
        assertTrue(error(engine, "get_ticket_trends", Map.of("months", 0)).contains("months: must be between 1 and 36"));
        assertTrue(error(engine, "get_ticket_trends", Map.of("months", -3)).contains("months: must be between 1 and 36"));
    }

    // ---- helpers

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> content, String key) {
        return (List<Map<String, Object>>) content.get(key);
    }

    private static List<String> names(Map<String, Object> content) {
        return list(content, "customers").stream().map(c -> (String) c.get("name")).toList();
    }

    private static Map<Object, Object> without(Map<?, ?> m, String key) {
        Map<Object, Object> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
