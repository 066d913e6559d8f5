package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.SqlRejectedException;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid PostgreSQL that JSqlParser cannot parse runs, and text that is no valid SQL, which the validator
 * accepts on its tokens for PostgreSQL's parser to judge, is reported as a syntax error at its line and
 * column in the caller's text, worded as the validator's own.
 */
class SyntaxErrorsTest {

    static PgMcp pgmcp;
    static QueryExecutor executor;
    static String url;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("syntax_errors");
        TestPostgres.run(url, """
                CREATE TABLE t (a int, b text, r int4range);
                INSERT INTO t VALUES (1, 'x', '[1,3)'), (2, 'y', '[3,5)'), (2, 'z', '[7,9)');
                """);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    private static List<List<Object>> rows(String sql) {
        return executor.query(sql, List.of(), 100).rows();
    }

    @Test
    void postgresSyntaxJsqlParserLacksRunsAndAnswersAsPostgresDoes() {
        assertEquals(List.of(List.of(true, false)), rows("SELECT 'x' IS NFC NORMALIZED, U&'\\0065\\0301' IS NFC NORMALIZED"));
        assertEquals(List.of(List.of(true)), rows("SELECT '{\"a\":1}'::jsonb @? '$.a'"));
        assertEquals(List.of(List.of(true)), rows("SELECT 'abc' ^@ 'ab'"));
        assertEquals(List.of(List.of(5.0, 3.0, 5)), rows("SELECT |/ 25.0, round(||/ 27.0), @ -5"));
        assertEquals(List.of(List.of(1L)), rows("SELECT count(*) FROM t x JOIN t y ON x.r -|- y.r WHERE x.a = 1"));
        assertEquals(List.of(List.of(2), List.of(1)), rows("SELECT a FROM t GROUP BY DISTINCT a ORDER BY a USING >"));
        assertEquals(List.of(List.of(1)), rows("SELECT j.a FROM t JOIN t u USING (a) AS j WHERE u.b = 'x'"));
        assertEquals(List.of(List.of("<e y=\"1\"/>")), rows("SELECT xmlelement(name e, xmlattributes(1 AS y))::text"));
        QueryResult r = executor.query("SELECT 1 AS \"a\nb\"", List.of(), 1);
        assertEquals("a\nb", r.columns().get(0).name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // JSqlParser read FORM as a column alias; PostgreSQL allows none after *.
            "SELECT * FORM t|line 1, column 10: at or near \"FORM\"",
            "SELECT a,\\n  b\\n FROM t WHERE|line 3, column 14: at end of input",
            "  \\n SELECT a FROM t WHERE a = = 1|line 2, column 28: at or near \"=\"",
            "SELECT a IS NORMALIZED FROM t WHERE|line 1, column 36: at end of input",
            "EXPLAIN SELECT a FROM t t1 t2|line 1, column 28: at or near \"t2\"",
            // Columns count characters as PostgreSQL does (code points): the emoji is one.
            "SELECT '\uD83D\uDE00' AS e, a FROM t t1 t2|line 1, column 30: at or near \"t2\"",
            "SELECT a FROM t WHERE a = $1 AND AND b = $2|line 1, column 34: at or near \"AND\""})
    void aSyntaxErrorIsPlacedInTheCallersText(String sql, String expected) {
        String text = sql.replace("\\n", "\n");
        List<Object> params = text.contains("$2") ? List.of(1, "x") : List.of();
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> executor.query(text, params, 10));
        assertEquals(SqlRejectedException.Reason.PARSE_ERROR, e.reason());
        assertEquals("Syntax error at " + expected, e.getMessage());
    }

    @Test
    void aTextThatStartsWithAParenthesisIsNeverReadAsExplainOptions() {
        // As EXPLAIN's options, (ANALYZE) would run the statement to find the error's position.
        SqlRejectedException e = assertThrows(SqlRejectedException.class, () -> executor.query(
                "(ANALYZE) SELECT a IS NORMALIZED FROM t", List.of(), 10));
        assertEquals(SqlRejectedException.Reason.PARSE_ERROR, e.reason());
        assertEquals("Syntax error at line 1, column 2: at or near \"ANALYZE\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1 AS n FROM t t1 t2", "SELECT a FROM t WHERE a IS NORMALIZED AND"})
    void theToolSaysQueryRejectedAndTheServerGoesOn(String sql) {
        ToolResult result = pgmcp.callTool("execute_query", Map.of("sql", sql));
        assertTrue(result.error());
        assertTrue(result.text().startsWith("Query rejected: Syntax error at line 1, column "), result.text());
        assertFalse(result.text().contains("Exception"), result.text());
        assertEquals(List.of(List.of(3L)), rows("SELECT count(*) FROM t"));
    }
}
