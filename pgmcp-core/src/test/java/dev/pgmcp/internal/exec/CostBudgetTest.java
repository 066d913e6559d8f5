package dev.pgmcp.internal.exec;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost budget: caller SQL whose plan PostgreSQL estimates over the budget is refused at once,
 * before anything runs; ordinary queries pass; a shape whose worst case over its tables is within the
 * budget is asked for its plan once, whatever its literal values later.
 */
class CostBudgetTest {

    static final String CROSS_JOIN =
            "SELECT count(*) FROM generate_series(1, 200000) a CROSS JOIN generate_series(1, 200000) b";
    static final String PG_CLASS_FOUR_WAYS = "SELECT count(*) FROM pg_class a, pg_class b, pg_class c, pg_class d";

    static String url;
    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("cost_budget");
        TestPostgres.run(url, """
                CREATE TABLE orders (id int PRIMARY KEY, customer int, placed date, note text);
                INSERT INTO orders SELECT g, g % 100, date '2024-01-01' + g % 365, 'order ' || g
                  FROM generate_series(1, 20000) g;
                ANALYZE orders;
                CREATE TABLE fresh (id int);
                CREATE TABLE events (id int PRIMARY KEY, what text) PARTITION BY RANGE (id);
                CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (1500);
                CREATE TABLE events_high PARTITION OF events FOR VALUES FROM (1500) TO (100000);
                INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 50000) g;
                ANALYZE events;
                """);
        // The default budget: what users get without configuring anything.
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                        .statementTimeout(Duration.ofSeconds(30)).auditLog("off").build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
        executor.query("SELECT 1", List.of(), 10);
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @Test
    void runawayShapesAreRefusedFromTheirPlanWithoutRunning() {
        for (String sql : List.of(CROSS_JOIN, PG_CLASS_FOUR_WAYS)) {
            long start = System.nanoTime();
            SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> executor.query(sql, List.of(), 10));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(SqlRejectedException.Reason.COST_BUDGET, e.reason());
            assertTrue(e.getMessage().contains("over this database's budget of 100,000,000 (PGMCP_MAX_QUERY_COST)")
                    && e.getMessage().contains("nothing ran"), e.getMessage());
            // Run, either would hold a backend until the 30 s statement timeout.
            assertTrue(millis < 5_000, sql + " took " + millis + " ms to refuse");
        }
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> executor.query(CROSS_JOIN, List.of(), 10));
        assertTrue(e.getMessage().contains("a cost of 900,002,000 (about 40,000,000,000 rows at its largest step)"),
                e.getMessage());
    }

    @Test
    void theQueryRunsWithTheSessionsJitSettingWhichThePlanCheckTurnsOffForItself() {
        // A function scan is never judged cheap: every call is asked for its plan first.
        String sql = "SELECT current_setting('jit') AS jit FROM generate_series(1, 3) g LIMIT 1";
        long asked = executor.plansAsked();
        assertEquals("on", executor.query(sql, List.of(), 10).rows().get(0).get(0));
        assertEquals(asked + 1, executor.plansAsked());
        // The role's own setting, too: RESET gives back the session's value, not the server default.
        String role = "budget_jit_" + ProcessHandle.current().pid();
        TestPostgres.run(url, "CREATE ROLE " + role + " LOGIN; ALTER ROLE " + role + " SET jit = off");
        try (PgMcp asRole = PgMcp.builder(PgMcpConfig.builder().database("main", url.replaceFirst("user=[^&]*",
                        "user=" + role)).auditLog("off").build()).discoverTools(false).build()) {
            QueryExecutor e = asRole.database(null).executor();
            assertEquals("off", e.query(sql, List.of(), 10).rows().get(0).get(0));
            assertEquals(1, e.plansAsked());
        }
    }

    @Test
    void explainAnalyzeIsHeldToTheSameBudget() {
        SqlRejectedException e = assertThrows(SqlRejectedException.class,
                () -> executor.explainAnalyze(CROSS_JOIN, List.of(), false));
        assertEquals(SqlRejectedException.Reason.COST_BUDGET, e.reason());
        // EXPLAIN without ANALYZE runs nothing: no budget.
        QueryResult plan = executor.query("EXPLAIN " + CROSS_JOIN, List.of(), 10);
        assertFalse(plan.rows().isEmpty());
    }

    @Test
    void theToolSaysWhyAndTheServerGoesOn() {
        ToolResult refused = pgmcp.callTool("execute_query", Map.of("sql", CROSS_JOIN));
        assertTrue(refused.error());
        assertTrue(refused.text().startsWith("Query rejected:") && refused.text().contains("PGMCP_MAX_QUERY_COST"),
                refused.text());
        ToolResult fine = pgmcp.callTool("execute_query", Map.of("sql", "SELECT count(*) AS n FROM orders"));
        assertFalse(fine.error(), fine.text());
        assertTrue(fine.text().contains("20000"), fine.text());
    }

    @Test
    void ordinaryQueriesPass() {
        assertEquals(List.of(List.of(20000L)), executor.query(
                "SELECT count(*) FROM orders a JOIN orders b ON a.id = b.id", List.of(), 10).rows());
        assertEquals(100, executor.query("SELECT customer, count(*), max(placed) FROM orders GROUP BY customer "
                + "ORDER BY 2 DESC", List.of(), 1000).rows().size());
        assertEquals(List.of(List.of(100L)), executor.query(
                "SELECT count(*) FROM generate_series(1, 10) a CROSS JOIN generate_series(1, 10) b", List.of(), 10).rows());
        // A string parameter is typed where it stands, in the plan as in the run.
        assertEquals(List.of(List.of(55L)), executor.query(
                "SELECT count(*) FROM orders WHERE placed = $1", List.of("2024-02-05"), 10).rows());
    }

    @Test
    void anIntegersTypeNotItsDigitsMakesTheShape() {
        long before = executor.plansAsked();
        for (int id : new int[]{7, 42, 19_999}) {
            assertEquals(1, executor.query("SELECT id FROM orders WHERE id = " + id, List.of(), 10).rows().size());
        }
        assertEquals(before + 1, executor.plansAsked(), "int4 literals of any length: one shape, judged once");
        // Of the same length, an int8 literal is looked up through the primary key, a numeric one is not (the
        // column is compared as numeric, every row read): the int8 one's plan says nothing of the numeric one.
        before = executor.plansAsked();
        executor.query("SELECT id FROM orders WHERE id = 1000000000000000000", List.of(), 10);
        executor.query("SELECT id FROM orders WHERE id = 9999999999999999999", List.of(), 10);
        assertEquals(before + 2, executor.plansAsked(), "int8 and numeric: two shapes");
    }

    @Test
    void aShapeBoundedByItsTablesIsAskedForItsPlanOnce() {
        long before = executor.plansAsked();
        for (int id = 1; id <= 5; id++) {
            assertEquals(1, executor.query("SELECT note FROM orders WHERE id = " + id, List.of(), 10).rows().size());
        }
        assertEquals(before + 1, executor.plansAsked(), "20,000 rows at worst: judged cheap once for every id");

        // A join through a unique key: one row of the other side per row, whatever the values.
        before = executor.plansAsked();
        for (int id = 1; id <= 3; id++) {
            executor.query("SELECT a.note, b.note FROM orders a JOIN orders b ON b.id = a.customer WHERE a.id = " + id,
                    List.of(), 10);
        }
        assertEquals(before + 1, executor.plansAsked(), "a lookup by primary key on each side: judged cheap once");

        // With one row on the outer side, a join on a column that is not a key reads the other table once.
        before = executor.plansAsked();
        for (int id = 1; id <= 3; id++) {
            executor.query("SELECT count(*) FROM orders a JOIN orders b ON b.customer = a.customer WHERE a.id = " + id,
                    List.of(), 10);
        }
        assertEquals(before + 1, executor.plansAsked());
        // Filtered on a column that is not a key, it may pair 20,000 rows with 20,000 (over the budget): checked every time.
        before = executor.plansAsked();
        for (int c = 1; c <= 3; c++) {
            executor.query("SELECT count(*) FROM orders a JOIN orders b ON b.customer = a.customer WHERE a.customer = " + c,
                    List.of(), 10);
        }
        assertEquals(before + 3, executor.plansAsked());

        // Which partitions a plan reads depends on the values: never judged once for all.
        before = executor.plansAsked();
        for (int id = 1; id <= 3; id++) {
            executor.query("SELECT * FROM events WHERE id = " + id * 1000, List.of(), 10);
        }
        assertEquals(before + 3, executor.plansAsked());

        // Rows from a function depend on its arguments: never judged once for all.
        before = executor.plansAsked();
        for (int n = 1; n <= 3; n++) {
            executor.query("SELECT count(*) FROM generate_series(1, " + n + ")", List.of(), 10);
        }
        assertEquals(before + 3, executor.plansAsked());

        // A table never analyzed has no known size.
        before = executor.plansAsked();
        executor.query("SELECT * FROM fresh WHERE id = 1", List.of(), 10);
        executor.query("SELECT * FROM fresh WHERE id = 2", List.of(), 10);
        assertEquals(before + 2, executor.plansAsked());
    }

    @Test
    void aDatabaseBudgetOverridesTheDefaultAndZeroTurnsItOff() {
        try (PgMcp tight = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .maxQueryCost("main", 100).auditLog("off").build()).discoverTools(false).build()) {
            QueryExecutor e = tight.database(null).executor();
            assertEquals(1, e.query("SELECT note FROM orders WHERE id = 7", List.of(), 10).rows().size());
            SqlRejectedException refused = assertThrows(SqlRejectedException.class,
                    () -> e.query("SELECT note FROM orders ORDER BY note", List.of(), 10));
            assertTrue(refused.getMessage().contains("budget of 100 "), refused.getMessage());
            // pgmcp's own statements (the tools') are not held to it.
            assertFalse(e.queryTrusted("SELECT note FROM orders ORDER BY note", List.of(), 10).rows().isEmpty());
        }
        try (PgMcp off = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .maxQueryCost(0).auditLog("off").build()).discoverTools(false).build()) {
            QueryExecutor e = off.database(null).executor();
            e.query(PG_CLASS_FOUR_WAYS.replace("count(*)", "1") + " LIMIT 1", List.of(), 10);
            assertEquals(0, e.plansAsked());
        }
    }

    @Test
    void badBudgetsAreRefusedByName() {
        ConfigException negative = assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", url).maxQueryCost(-1).build());
        assertTrue(negative.getMessage().contains("PGMCP_MAX_QUERY_COST"), negative.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> PgMcpConfig.builder().database("main", url).maxQueryCost("sales", 10).build());
        assertTrue(unknown.getMessage().contains("PGMCP_DATABASE_SALES_MAX_QUERY_COST"), unknown.getMessage());
    }
}
