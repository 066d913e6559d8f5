package dev.pgmcp.corpus;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.sql.SqlRejectedException;
import dev.pgmcp.sql.SqlValidator;
import dev.pgmcp.testing.Northwind;
import dev.pgmcp.testing.SqlCorpus;
import dev.pgmcp.testing.SqlCorpus.Entry;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static int ran;

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
        args.put("params", Collections.nCopies(placeholders(e.sql()), 10248));
        ToolResult result = pgmcp.callTool("execute_query", args);
        boolean rejected = result.error() && result.text().startsWith("Query rejected:");
        boolean known = e.has(SqlCorpus.KNOWN_FALSE_REJECTION);
        if (rejected) {
            String line = e.displayName() + "\n    -> " + result.text();
            if (known) {
                knownFalseRejections.add(line + "\n    (known: " + e.note() + ")");
                return;
            }
            falseRejections.add(line);
            fail("FALSE REJECTION of a benign query: " + result.text() + "\n  for " + e.describe());
        }
        if (known) {
            staleTags.add(e.displayName());
        }
        if (result.error()) {
            fail("benign query was accepted but failed on the database: " + result.text() + "\n  for " + e.describe());
        }
    }

    /** Number of {@code $n} placeholders, so each gets a parameter; 0 when the validator refuses it. */
    private static int placeholders(String sql) {
        try {
            return SqlValidator.withDefaults().validate(sql).parameterCount();
        } catch (SqlRejectedException e) {
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
        assertTrue(total >= 150, "benign corpus too small: " + total);
        assertEquals(List.of(), falseRejections, "false rejections not marked @known-false-rejection");
    }
}
