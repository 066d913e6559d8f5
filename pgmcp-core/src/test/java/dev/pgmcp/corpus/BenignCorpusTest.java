package dev.pgmcp.corpus;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.internal.sql.SqlValidator;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.Northwind;
import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.TestRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The benign corpus through the whole stack: every entry must be accepted by the validator AND run
 * without error on real data (Northwind plus the {@code lab} schema of
 * {@code corpus/benign-schema.sql}), called through {@code PgMcp.callTool("execute_query", …)} as a
 * read-only role (SELECT only). False rejections are measured and printed; an entry tagged
 * {@code @known-false-rejection} is counted but does not fail the test, any other one does.
 *
 * <p>Running is not enough: each accepted entry's result is held against PostgreSQL's own answer to
 * the same statement, run over plain JDBC as the same role ({@link PostgresAnswer}), column by
 * column and value by value ({@link ResultComparison}). A difference fails the entry unless
 * {@link KnownDifferences} names it; known ones are printed on every run.
 *
 * <p>Northwind is loaded into a database of this test's own (same dump as {@link Northwind#load()})
 * because the extra schema would change the shared Northwind database other tests count on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenignCorpusTest {

    static String url;
    static TestRoles.Role reader;
    static PgMcp pgmcp;
    static final List<String> falseRejections = Collections.synchronizedList(new ArrayList<>());
    static final List<String> knownFalseRejections = Collections.synchronizedList(new ArrayList<>());
    static final List<String> staleTags = Collections.synchronizedList(new ArrayList<>());
    static final List<String> differences = Collections.synchronizedList(new ArrayList<>());
    static final List<String> knownDifferences = Collections.synchronizedList(new ArrayList<>());
    static int ran;
    static int compared;
    static final Map<String, Integer> cellsByType = new java.util.concurrent.ConcurrentSkipListMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        url = TestPostgres.freshDatabase("benign");
        Northwind.runScript(url, Northwind.script(), Northwind.RESOURCE);
        TestPostgres.run(url, SqlCorpus.resource("corpus/benign-schema.sql"));
        reader = TestRoles.create(TestPostgres.adminUrl(), "benign_reader", "");
        TestPostgres.run(url, "GRANT USAGE ON SCHEMA public, lab TO " + reader.name()
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA public, lab TO " + reader.name());
        PgMcpConfig config = PgMcpConfig.builder()
                .database("northwind", url, reader.name(), reader.password())
                .statementTimeout(Duration.ofSeconds(30))
                // Above every entry's row count, so each result can be held whole against PostgreSQL's.
                .maxRows(5000)
                .poolMaxSize(2)
                .rateLimitPerMinute(0)
                .rateLimitPerHour(0)
                .auditLog("off")
                .build();
        pgmcp = PgMcp.builder(config).discoverTools(false).build();
    }

    @AfterAll
    static void tearDown() {
        if (pgmcp != null) {
            pgmcp.close();
        }
        if (url != null) {
            String name = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1).replaceAll("\\?.*", "");
            TestPostgres.run(TestPostgres.adminUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        if (reader != null) {
            TestRoles.dropQuietly(TestPostgres.adminUrl(), reader);
        }
    }

    @Order(1)
    @TestFactory
    Stream<DynamicTest> everyBenignEntryIsAcceptedAndRuns() {
        return SqlCorpus.benign().stream().map(e -> DynamicTest.dynamicTest(e.displayName(), () -> check(e)));
    }

    private static void check(Entry e) {
        ran++;
        Map<String, Object> args = new HashMap<>();
        args.put("sql", e.sql());
        // A real order id for every $n (a typed value: an untyped null repeated as $1 … $1 has no type).
        List<Object> params = Collections.nCopies(placeholders(e.sql()), 10248);
        args.put("params", params);
        ToolResult result = pgmcp.callTool("execute_query", args);
        boolean known = e.has(SqlCorpus.KNOWN_FALSE_REJECTION);
        // A validator that fails on a statement (an internal error) refuses it as surely as one that
        // rejects it; for a statement known to be refused today, that is reported, not failed.
        boolean rejected = result.error() && (result.text().startsWith("Query rejected:")
                || known && result.text().startsWith("Internal error in tool execute_query"));
        if (rejected) {
            String line = e.displayName() + "\n    -> " + result.text();
            if (known) {
                knownFalseRejections.add(line + "\n    (known: " + e.note() + ")");
                // Refused today, but it must still be a statement PostgreSQL runs, or the entry proves nothing.
                try {
                    PostgresAnswer.of(url, reader, e.sql(), params);
                } catch (SQLException ex) {
                    fail("an entry tagged " + SqlCorpus.KNOWN_FALSE_REJECTION + " fails on PostgreSQL itself: "
                            + ex.getMessage() + "\n  for " + e.describe());
                }
                return;
            }
            falseRejections.add(line);
            fail("FALSE REJECTION of a benign query: " + result.text() + "\n  for " + e.describe());
        }
        if (known) {
            staleTags.add(e.displayName());
        }
        if (result.error() && KnownDifferences.failure(result.text()) != null) {
            knownDifferences.add(e.displayName() + "\n    " + result.text() + "\n    (known: "
                    + KnownDifferences.failure(result.text()) + ")");
            return;
        }
        if (result.error()) {
            fail("benign query was accepted but failed on the database: " + result.text() + "\n  for " + e.describe());
        }
        compareWithPostgres(e, params, result);
    }

    /**
     * The accepted entry's result must be PostgreSQL's own answer to the same statement, value for
     * value (by type, see {@link ResultComparison}); differences pgmcp makes on purpose or that are
     * known are listed in {@link KnownDifferences} and reported, not failed.
     */
    private static void compareWithPostgres(Entry e, List<Object> params, ToolResult result) {
        PostgresAnswer answer;
        try {
            answer = PostgresAnswer.of(url, reader, e.sql(), params);
        } catch (SQLException ex) {
            fail("PostgreSQL itself failed the statement pgmcp ran: " + ex.getMessage() + "\n  for " + e.describe());
            return;
        }
        compared++;
        answer.rows().forEach(row -> row.forEach(cell -> cellsByType.merge(cell.type(), 1, Integer::sum)));
        List<ResultComparison.Mismatch> all = ResultComparison.compare(answer, ResultComparison.overTheWire(
                result.structuredContent()));
        List<String> unexplained = new ArrayList<>();
        for (ResultComparison.Mismatch m : all) {
            String known = KnownDifferences.explain(m);
            if (known == null) {
                unexplained.add("    " + m);
            } else {
                knownDifferences.add(e.displayName() + "\n    " + m + "\n    (known: " + known + ")");
            }
        }
        if (!unexplained.isEmpty()) {
            differences.add(e.displayName() + "\n" + String.join("\n", unexplained));
            fail("pgmcp's result differs from PostgreSQL's for " + e.describe() + "\n"
                    + String.join("\n", unexplained.subList(0, Math.min(5, unexplained.size())))
                    + (unexplained.size() > 5 ? "\n    ... " + (unexplained.size() - 5) + " more" : ""));
        }
    }

    /**
     * Number of {@code $n} placeholders, so each gets a parameter; 0 when the validator refuses it,
     * or fails on it: the call through pgmcp then shows how a client sees that.
     */
    private static int placeholders(String sql) {
        try {
            return SqlValidator.withDefaults().validate(sql).parameterCount();
        } catch (RuntimeException e) { // SqlRejectedException, or the validator failing on its own
            return 0;
        }
    }

    @Order(2)
    @Test
    void falseRejectionsAreMeasured() {
        int total = SqlCorpus.benign().size();
        assertEquals(total, ran, "the corpus must run first");
        System.err.println("benign corpus: " + total + " entries, " + SqlCorpus.countByCategory(SqlCorpus.benign(),
                SqlCorpus.BENIGN_CATEGORIES));
        System.err.println("false rejections: " + (falseRejections.size() + knownFalseRejections.size())
                + " (" + knownFalseRejections.size() + " known, " + falseRejections.size() + " new)");
        knownFalseRejections.forEach(l -> System.err.println("  KNOWN " + l));
        falseRejections.forEach(l -> System.err.println("  NEW   " + l));
        staleTags.forEach(l -> System.err.println("  now accepted, drop @known-false-rejection: " + l));
        System.err.println("compared with PostgreSQL's own answer: " + compared + " entries, "
                + differences.size() + " with differences, " + knownDifferences.size() + " known differences");
        System.err.println("values compared, by PostgreSQL type: " + cellsByType);
        knownDifferences.forEach(l -> System.err.println("  KNOWN DIFFERENCE " + l));
        differences.forEach(l -> System.err.println("  DIFFERENCE " + l));
        assertTrue(total >= 150, "benign corpus too small: " + total);
        assertEquals(List.of(), falseRejections, "false rejections not marked @known-false-rejection");
    }

    /**
     * The comparison can fail: one value of each kind is changed in pgmcp's result (as a client
     * would receive it) to something close to but not PostgreSQL's value, and each change must be
     * reported at its row and column, with both values.
     */
    @Order(3)
    @Test
    void theComparisonCatchesACorruptedValue() throws SQLException {
        String sql = """
                SELECT 42::int4 AS i, 9007199254740993::int8 AS big, 1.50::numeric AS n, 0.1::float8 AS d,
                       0.1::float4 AS r, true AS b, timestamptz '2024-01-02 03:04:05.5+00' AS tz,
                       timestamp '2024-01-02 03:04:05' AS ts, date '2024-01-02' AS dt, '\\x0102ff'::bytea AS raw,
                       '{"a": [1, 2.50]}'::jsonb AS doc, ARRAY['x', NULL, 'z'] AS arr,
                       interval '1 day 2 hours' AS iv, 'plain' AS t""";
        ToolResult result = pgmcp.callTool("execute_query", Map.of("sql", sql));
        assertTrue(!result.error(), result.text());
        PostgresAnswer answer = PostgresAnswer.of(url, reader, sql, List.of());
        JsonNode pgmcpResult = ResultComparison.overTheWire(result.structuredContent());
        assertEquals(List.of(), ResultComparison.compare(answer, pgmcpResult), "the untouched result must agree");

        List<String> near = List.of("43", "9007199254740992", "\"1.51\"", "0.2", "0.2", "false",
                "\"2024-01-02T04:04:05.5Z\"", "\"2024-01-02T03:04:06\"", "\"2024-01-03\"", "\"AQID\"",
                "{\"a\": [1, 2.51]}", "[\"x\", \"y\", \"z\"]", "\"P1DT3H\"", "\"plain \"");
        assertEquals(answer.columns().size(), near.size());
        for (int c = 0; c < near.size(); c++) {
            JsonNode corrupted = pgmcpResult.deepCopy();
            ((ArrayNode) corrupted.get("rows").get(0)).set(c, WIRE.readTree(near.get(c)));
            List<ResultComparison.Mismatch> found = ResultComparison.compare(answer, corrupted);
            assertEquals(1, found.size(), "column " + c + " changed to " + near.get(c) + ": " + found);
            ResultComparison.Mismatch m = found.get(0);
            assertEquals(0, m.row());
            assertEquals(c, m.column());
            assertTrue(m.toString().contains(m.name()) && m.toString().contains(near.get(c).substring(0, 2)), m.toString());
        }

        JsonNode noRows = pgmcpResult.deepCopy();
        ((ArrayNode) noRows.get("rows")).removeAll();
        assertEquals("row count", ResultComparison.compare(answer, noRows).get(0).name());
        JsonNode renamed = pgmcpResult.deepCopy();
        ((ObjectNode) renamed.get("columns").get(13)).put("name", "T");
        assertEquals("column names", ResultComparison.compare(answer, renamed).get(0).name());
    }

    private static final ObjectMapper WIRE = JsonMapper.builder().build();
}
