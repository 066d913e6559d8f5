package dev.pgmcp.internal.exec;

import dev.pgmcp.testing.TestPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What makes a shape safe to judge once: for generated queries over tables of very different sizes
 * (joins with and without conditions, filters with any literal values, sorts, groups, limits,
 * subqueries), PostgreSQL's own estimate of the plan never exceeds the worst case the budget computes
 * from the tables' sizes alone. So a statement of a shape judged cheap is cheap with any literals.
 */
class CostBudgetProperties {

    static final List<String> TABLES = List.of("tiny", "mid", "large");
    static Connection connection;

    @BeforeContainer
    static void start() throws SQLException {
        String url = TestPostgres.freshDatabase("cost_budget_props");
        TestPostgres.run(url, """
                CREATE TABLE tiny (id int PRIMARY KEY, k int, v text);
                INSERT INTO tiny SELECT g, g % 3, 'v' || g FROM generate_series(1, 10) g;
                CREATE TABLE mid (id int PRIMARY KEY, k int, v text);
                INSERT INTO mid SELECT g, g % 50, repeat('m', g % 40) FROM generate_series(1, 3000) g;
                CREATE INDEX ON mid (k);
                CREATE TABLE large (id int PRIMARY KEY, k int, v text);
                INSERT INTO large SELECT g, g % 1000, md5(g::text) FROM generate_series(1, 60000) g;
                CREATE INDEX ON large (k);
                ANALYZE;
                """);
        connection = DriverManager.getConnection(url);
    }

    @AfterContainer
    static void stop() throws SQLException {
        connection.close();
    }

    @Property(tries = 300)
    void theEstimateNeverExceedsTheWorstCase(@ForAll("queries") String sql) throws SQLException {
        String plan;
        try (PreparedStatement ps = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            plan = rs.getString(1);
        }
        double worst = CostBudget.worstCaseCost(plan, CostBudgetProperties::sizes);
        Statistics.collect(Double.isNaN(worst) ? "not tables only" : "bounded");
        // Every generated query reads tables only: the property is checked on each of them.
        Statistics.coverage(c -> c.check("bounded").percentage(p -> p == 100.0));
        if (Double.isNaN(worst)) {
            return; // not a plan of tables only: never judged once for all
        }
        double estimate = tools.jackson.databind.json.JsonMapper.builder().build().readTree(plan).get(0).get("Plan")
                .get("Total Cost").asDouble();
        assertTrue(estimate <= worst, sql + ": PostgreSQL estimates " + estimate + ", worst case " + worst);
    }

    static Map<String, CostBudget.Relation> sizes(Set<String> names) throws SQLException {
        Map<String, CostBudget.Relation> sizes = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.relname, c.reltuples, c.relpages, "
                + "coalesce(i.indisunique AND i.indnkeyatts = 1, false) FROM pg_class c "
                + "LEFT JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relnamespace = 'public'::regnamespace");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sizes.put(rs.getString(1), new CostBudget.Relation(rs.getDouble(2), rs.getDouble(3), rs.getBoolean(4)));
            }
        }
        return sizes;
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> table = Arbitraries.of(TABLES);
        Arbitrary<String> column = Arbitraries.of("id", "k");
        Arbitrary<Integer> value = Arbitraries.integers().between(-10, 70000);
        Arbitrary<String> op = Arbitraries.of("=", "<", ">", "<=", "<>");
        Arbitrary<String> filter = Combinators.combine(column, op, value).as((c, o, v) -> c + " " + o + " " + v);
        Arbitrary<List<String>> from = table.list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Boolean> joinOnKeys = Arbitraries.of(true, false);
        Arbitrary<String> tail = Arbitraries.of("", " ORDER BY 1", " ORDER BY t0.v DESC", " LIMIT 7",
                " GROUP BY t0.k", " ORDER BY t0.k, t0.id LIMIT 100");
        Arbitrary<String> subquery = Arbitraries.of("", " AND t0.k IN (SELECT k FROM mid WHERE id < 40)",
                " AND EXISTS (SELECT 1 FROM large l WHERE l.k = t0.k)",
                " AND t0.id > (SELECT count(*) FROM tiny)");
        return Combinators.combine(from, joinOnKeys, filter.list().ofMaxSize(2), tail, subquery)
                .as((tables, keys, filters, end, sub) -> {
                    StringBuilder sql = new StringBuilder(end.contains("GROUP BY") ? "SELECT t0.k, count(*)" : "SELECT t0.*");
                    sql.append(" FROM ");
                    for (int i = 0; i < tables.size(); i++) {
                        sql.append(i == 0 ? "" : keys ? " JOIN " : " CROSS JOIN ").append(tables.get(i)).append(" t").append(i);
                        if (i > 0 && keys) {
                            sql.append(" ON t").append(i).append(".k = t").append(i - 1).append(".id");
                        }
                    }
                    sql.append(" WHERE true");
                    for (String f : filters) {
                        sql.append(" AND t").append(tables.size() - 1).append('.').append(f);
                    }
                    return sql.append(sub).append(end).toString();
                });
    }
}
