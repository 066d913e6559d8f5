package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * json, jsonb and int8 values through {@code execute_query}, as a client receives them: the
 * structured content's JSON text (written by the same kind of mapper as the MCP layer) and the CSV
 * text, each compared with PostgreSQL's own text of the value ({@code v::text}).
 *
 * <ul>
 *   <li>A json/jsonb object or array that a JSON reader gets back exactly (no duplicate key, every
 *       number the same through a double) is PostgreSQL's text itself in the structured content;
 *       every other json/jsonb value, scalars included, is PostgreSQL's text in a JSON string.</li>
 *   <li>An int8 within ±(2^53−1) is a JSON number, beyond it its decimal text in a string.</li>
 *   <li>The CSV field of every such value is PostgreSQL's text.</li>
 *   <li>No number in the structured content is one a JavaScript client would read inexactly.</li>
 * </ul>
 */
class ValueFidelityTest {

    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("value_fidelity");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    /** How a json/jsonb value is expected in the structured content. */
    enum Form {
        /** PostgreSQL's text, as JSON */
        JSON,
        /** PostgreSQL's text, in a JSON string */
        STRING
    }

    /** A JSON document, and how it is expected as json and as jsonb (jsonb drops duplicate keys). */
    record Case(String text, Form json, Form jsonb) {
    }

    static final List<Case> CASES = List.of(
            new Case("{\"p\":12345678901234567890.5,\"q\":0.10000000000000000001,\"r\":2.50,\"a\":1,\"a\":2}", Form.STRING, Form.STRING),
            new Case("{\"a\":1,\"a\":2}", Form.STRING, Form.JSON),
            new Case("{\"x\":{\"a\":1,\"b\":[{\"c\":1,\"c\":3}]}}", Form.STRING, Form.JSON),
            new Case("{\"r\":2.50,\"s\":[1,2.5e3,{\"t\":true,\"f\":false,\"n\":null}]}", Form.JSON, Form.JSON),
            new Case("{\"n\":1e400}", Form.STRING, Form.STRING),
            new Case("{\"n\":-1E400}", Form.STRING, Form.STRING),
            new Case("{\"n\":1e-400}", Form.STRING, Form.STRING),
            new Case("{\"e\":1e3,\"E\":1E-7,\"k\":-0.5e-3,\"z\":-0,\"m\":4.9e-324}", Form.JSON, Form.JSON),
            // jsonb writes numbers without an exponent: 1e20 is 100000000000000000000, an integer beyond 2^53
            new Case("[1e20,1.7976931348623157e308]", Form.JSON, Form.STRING),
            new Case("[100000000000000000000]", Form.STRING, Form.STRING),
            new Case("{\"big\":1234567890123456789012345678901234567890}", Form.STRING, Form.STRING),
            new Case("[0.1234567890123456789012345678901234567890]", Form.STRING, Form.STRING),
            new Case("[1234567890123456789012345678901234567890e-39]", Form.STRING, Form.STRING),
            new Case("[9007199254740991,-9007199254740991,9007199254740992]", Form.JSON, Form.JSON),
            new Case("[9007199254740993]", Form.STRING, Form.STRING),
            new Case("[-9007199254740993]", Form.STRING, Form.STRING),
            new Case("{\"u\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\n\\t\",\"\\u00e9\":[]}", Form.JSON, Form.JSON),
            new Case("{ \"a\" : [1,\n  2] ,\"b\":{}}", Form.JSON, Form.JSON),
            new Case("{}", Form.JSON, Form.JSON),
            new Case("[]", Form.JSON, Form.JSON),
            new Case("[[[]],{},[{}]]", Form.JSON, Form.JSON),
            new Case("1", Form.STRING, Form.STRING),
            new Case("2.50", Form.STRING, Form.STRING),
            new Case("1e400", Form.STRING, Form.STRING),
            new Case("\"text, with a comma\"", Form.STRING, Form.STRING),
            new Case("\"\\u00e9\"", Form.STRING, Form.STRING),
            new Case("\"\"", Form.STRING, Form.STRING),
            new Case("true", Form.STRING, Form.STRING),
            new Case("false", Form.STRING, Form.STRING),
            new Case("null", Form.STRING, Form.STRING));

    /** {@code t} as a SQL string literal. */
    static String literal(String t) {
        return "'" + t.replace("'", "''") + "'";
    }

    static ToolResult call(String sql) {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", sql));
        assertFalse(r.error(), r.text());
        JsonChecks.assertJavaScriptReadsExactly(Render.json(r.structuredContent()));
        return r;
    }

    /** The structured content's rows as JSON text, one string per row. */
    static List<String> rowsJson(ToolResult r) {
        List<String> out = new ArrayList<>();
        for (Object row : (List<?>) r.structuredContent().get("rows")) {
            out.add(Render.json(row));
        }
        return out;
    }

    /** The JSON text of a cell expected in {@code form}. */
    static String expected(String pgText, Form form) {
        return pgText == null ? "null" : form == Form.JSON ? pgText : Render.json(pgText);
    }

    /** Each case as json and as jsonb, with PostgreSQL's text of both, one row per case. */
    @Test
    void jsonAndJsonbAreTheirPostgresText() {
        StringBuilder sql = new StringBuilder("SELECT v::json AS j, v::jsonb AS b, v::json::text AS jt, v::jsonb::text AS bt FROM (VALUES ");
        for (int i = 0; i < CASES.size(); i++) {
            sql.append(i == 0 ? "(" : ", (").append(i).append(", ").append(literal(CASES.get(i).text())).append(")");
        }
        sql.append(", (").append(CASES.size()).append(", NULL)) AS c(n, v) ORDER BY n");
        ToolResult r = call(sql.toString());
        List<?> rows = (List<?>) r.structuredContent().get("rows");
        List<String> json = rowsJson(r);
        List<List<String>> csv = JsonChecks.csvRows(r.text());
        assertEquals(CASES.size() + 1, rows.size());
        assertEquals(CASES.size() + 1, csv.size());
        for (int i = 0; i <= CASES.size(); i++) {
            List<?> row = (List<?>) rows.get(i);
            String jt = (String) row.get(2);
            String bt = (String) row.get(3);
            String what = i < CASES.size() ? CASES.get(i).text() : "SQL NULL";
            if (i < CASES.size()) {
                assertEquals(CASES.get(i).text(), jt, "json keeps its input text");
                Case c = CASES.get(i);
                assertEquals("[" + expected(jt, c.json()) + "," + expected(bt, c.jsonb()) + "," + Render.json(jt) + ","
                        + Render.json(bt) + "]", json.get(i), what);
            } else {
                assertEquals("[null,null,null,null]", json.get(i), what);
            }
            // The text content: every json/jsonb field is PostgreSQL's text, SQL NULL an empty field.
            assertEquals(jt, csv.get(i).get(0), what);
            assertEquals(bt, csv.get(i).get(1), what);
        }
    }

    /** The example of docs/security.md, "Result values". */
    @Test
    void theDocumentedExample() {
        ToolResult r = call("SELECT '{\"r\": 2.50}'::jsonb, '{\"a\":1,\"a\":2}'::json, 'null'::jsonb, NULL::jsonb, 9007199254740993::int8");
        assertEquals("[[{\"r\": 2.50},\"{\\\"a\\\":1,\\\"a\\\":2}\",\"null\",null,\"9007199254740993\"]]",
                Render.json(r.structuredContent().get("rows")));
    }

    /** A JSON null and SQL NULL differ in the structured content: the string "null", and null. */
    @Test
    void jsonNullIsNotSqlNull() {
        ToolResult r = call("SELECT 'null'::jsonb AS j, NULL::jsonb AS n, '[null]'::jsonb AS a, 'null'::json AS t");
        assertEquals(List.of("[\"null\",null,[null],\"null\"]"), rowsJson(r));
        assertEquals(List.of(java.util.Arrays.asList("null", null, "[null]", "null")), JsonChecks.csvRows(r.text()));
    }

    /** Arrays of json and jsonb: each element by the same rule as a json/jsonb value. */
    @Test
    void jsonArraysFollowTheRuleElementByElement() {
        ToolResult r = call("SELECT ARRAY['{\"a\":1,\"a\":2}', '{\"r\":2.50}', '1', 'null', NULL, '{\"n\":1e400}', '[]']::json[] AS j, "
                + "ARRAY['{\"a\":1,\"a\":2}', '{\"r\":2.50}', '\"s\"', 'null', NULL, '{\"n\":9007199254740993}']::jsonb[] AS b, "
                + "ARRAY[]::jsonb[] AS e");
        assertEquals(List.of("[[\"{\\\"a\\\":1,\\\"a\\\":2}\",{\"r\":2.50},\"1\",\"null\",null,\"{\\\"n\\\":1e400}\",[]],"
                + "[{\"a\": 2},{\"r\": 2.50},\"\\\"s\\\"\",\"null\",null,\"{\\\"n\\\": 9007199254740993}\"],[]]"), rowsJson(r));
    }

    static final long SAFE = 9007199254740991L; // 2^53 - 1, JavaScript's Number.MAX_SAFE_INTEGER

    /** int8 within ±(2^53−1) is a number, beyond it the exact decimal text in a string; in columns and arrays. */
    @Test
    void int8BeyondTheSafeIntegersIsText() {
        long[] values = {0, 1, -1, SAFE, -SAFE, SAFE + 1, -SAFE - 1, SAFE + 2, -SAFE - 2, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE};
        StringBuilder sql = new StringBuilder();
        sql.append("SELECT v AS i, ARRAY[v, NULL, CASE WHEN v = -9223372036854775808 THEN v ELSE -v END] AS a, v::text AS t "
                + "FROM unnest(ARRAY[");
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "'" : ", '").append(values[i]).append("'::int8");
        }
        sql.append("]) WITH ORDINALITY AS u(v, n) ORDER BY n");
        ToolResult r = call(sql.toString());
        List<String> json = rowsJson(r);
        List<List<String>> csv = JsonChecks.csvRows(r.text());
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            long neg = v == Long.MIN_VALUE ? v : -v;
            assertEquals("[" + int8(v) + ",[" + int8(v) + ",null," + int8(neg) + "]," + Render.json(Long.toString(v)) + "]",
                    json.get(i), Long.toString(v));
            assertEquals(Long.toString(v), csv.get(i).get(0));
            assertEquals("[" + int8(v) + ",null," + int8(neg) + "]", csv.get(i).get(1));
        }
    }

    static String int8(long v) {
        return v >= -SAFE && v <= SAFE ? Long.toString(v) : "\"" + v + "\"";
    }

    /** A count is an int8 too: a small one stays a number. */
    @Test
    void int8ExpressionsAndCounts() {
        ToolResult r = call("SELECT count(*) AS n, 9007199254740993::int8 AS big, 42::int8 AS small");
        assertEquals(List.of("[1,\"9007199254740993\",42]"), rowsJson(r));
        assertTrue(r.text().contains("\n1,9007199254740993,42\n"), r.text());
    }
}
