package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.Column;
import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How each PostgreSQL type family becomes a JSON-ready value, against a real server. */
class ValueMappingTest {

    static PgMcp pgmcp;
    static QueryExecutor executor;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("valuemap");
        TestPostgres.run(url, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                + "CREATE TABLE serials (a serial, b bigserial, c smallserial);"
                + "INSERT INTO serials DEFAULT VALUES;");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).discoverTools(false).build();
        executor = pgmcp.database(null).executor();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    private static QueryResult q(String sql) {
        return executor.queryTrusted(sql, List.of(), 100);
    }

    private static List<Object> row(String sql) {
        QueryResult r = q(sql);
        assertEquals(1, r.rowCount(), sql);
        return r.rows().get(0);
    }

    private static List<String> types(QueryResult r) {
        return r.columns().stream().map(Column::type).toList();
    }

    @Test
    void integers() {
        QueryResult r = q("SELECT 12::int2 AS a, 2147483647::int4 AS b, 9223372036854775807::int8 AS c, "
                + "9007199254740991::int8 AS d, -9007199254740992::int8 AS e, 4294967295::oid AS f, "
                + "ARRAY[-9007199254740991, 9007199254740992]::int8[] AS g");
        assertEquals(List.of("int2", "int4", "int8", "int8", "int8", "oid", "int8[]"), types(r));
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), r.columns().stream().map(Column::name).toList());
        List<Object> v = r.rows().get(0);
        assertEquals(Integer.valueOf(12), v.get(0));
        assertEquals(Integer.valueOf(2147483647), v.get(1));
        // int8: a number within ±(2^53-1), which a double holds exactly; beyond, the decimal text
        assertEquals("9223372036854775807", v.get(2));
        assertEquals(Long.valueOf(9007199254740991L), v.get(3));
        assertEquals("-9007199254740992", v.get(4));
        assertEquals(Long.valueOf(4294967295L), v.get(5));
        assertEquals(List.of(-9007199254740991L, "9007199254740992"), v.get(6));
    }

    @Test
    void numericIsExactText() {
        List<Object> v = row("SELECT 12345678901234567890.123456789::numeric, 'NaN'::numeric, 0.10::numeric(5,2)");
        assertEquals("12345678901234567890.123456789", v.get(0));
        assertEquals("NaN", v.get(1));
        assertEquals("0.10", v.get(2));
    }

    @Test
    void floats() {
        QueryResult r = q("SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, 1.5::float8, 0.25::float4");
        assertEquals(List.of("float8", "float8", "float8", "float8", "float4"), types(r));
        List<Object> v = r.rows().get(0);
        assertEquals("NaN", v.get(0));
        assertEquals("Infinity", v.get(1));
        assertEquals("-Infinity", v.get(2));
        assertEquals(1.5d, v.get(3));
        assertEquals(0.25d, v.get(4));
    }

    @Test
    void boolAndText() {
        QueryResult r = q("SELECT true, false, 'héllo'::text, 'ab'::varchar(5), 'x'::char(3)");
        assertEquals(List.of("bool", "bool", "text", "varchar", "bpchar"), types(r));
        assertEquals(List.of(true, false, "héllo", "ab", "x  "), r.rows().get(0));
    }

    @Test
    void dateAndTimestamps() {
        List<Object> v = row("SELECT DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:06.123', "
                + "'infinity'::timestamp, '-infinity'::timestamp, 'infinity'::date");
        assertEquals("2024-02-29", v.get(0));
        assertEquals("2024-02-29T13:45:06.123", v.get(1));
        assertEquals("infinity", v.get(2));
        assertEquals("-infinity", v.get(3));
        assertEquals("infinity", v.get(4));
    }

    @Test
    void timestamptzCarriesAnOffsetAndTheRightInstant() {
        QueryResult r = q("SELECT TIMESTAMPTZ '2024-06-01 12:00:00+02', 'infinity'::timestamptz");
        assertEquals("timestamptz", r.columns().get(0).type());
        String s = (String) r.rows().get(0).get(0);
        assertEquals(Instant.parse("2024-06-01T10:00:00Z"), OffsetDateTime.parse(s).toInstant(), s);
        assertEquals("infinity", r.rows().get(0).get(1));
    }

    /**
     * pgJDBC hands date-time values over in text until it has prepared a statement on the server, in
     * binary after: both paths write the same text, timestamptz always in UTC. {@code prepareThreshold=1}
     * makes the second run of a statement binary, {@code 0} keeps every run in text.
     */
    @Test
    void dateTimesReadTheSameInTextAndBinary() throws Exception {
        String sql = "SELECT t::timestamptz AS tz, t::timestamp AS ts, t::date AS d FROM (VALUES "
                + "('2024-06-01 12:00:00+02'), ('2024-06-01 12:00:07+00'), ('1999-12-31 23:59:59.999999+00'), "
                + "('2000-01-01 00:00:00+00'), ('1969-07-20 20:17:40.5+00'), ('0001-01-01 00:00:00+00'), "
                + "('9999-12-31 23:59:59.000001+00'), ('0044-03-15 12:00:00+00 BC'), ('12345-01-01 00:00:00+00'), "
                + "('infinity'), ('-infinity'), (NULL)) AS v(t)";
        List<List<Object>> expected = List.of(
                java.util.Arrays.asList("2024-06-01T10:00:00Z", "2024-06-01T12:00:00", "2024-06-01"), // a timestamp ignores the offset
                java.util.Arrays.asList("2024-06-01T12:00:07Z", "2024-06-01T12:00:07", "2024-06-01"),
                java.util.Arrays.asList("1999-12-31T23:59:59.999999Z", "1999-12-31T23:59:59.999999", "1999-12-31"),
                java.util.Arrays.asList("2000-01-01T00:00:00Z", "2000-01-01T00:00:00", "2000-01-01"),
                java.util.Arrays.asList("1969-07-20T20:17:40.5Z", "1969-07-20T20:17:40.5", "1969-07-20"),
                java.util.Arrays.asList("0001-01-01T00:00:00Z", "0001-01-01T00:00:00", "0001-01-01"),
                java.util.Arrays.asList("9999-12-31T23:59:59.000001Z", "9999-12-31T23:59:59.000001", "9999-12-31"),
                java.util.Arrays.asList("-0043-03-15T12:00:00Z", "-0043-03-15T12:00:00", "-0043-03-15"),
                java.util.Arrays.asList("+12345-01-01T00:00:00Z", "+12345-01-01T00:00:00", "+12345-01-01"),
                java.util.Arrays.asList("infinity", "infinity", "infinity"),
                java.util.Arrays.asList("-infinity", "-infinity", "-infinity"),
                java.util.Arrays.asList(null, null, null));
        String url = TestPostgres.freshDatabase("datetimes");
        // The premise: with prepareThreshold=1 the second run of a statement gets timestamptz as 8 binary bytes.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                + "prepareThreshold=1"); java.sql.PreparedStatement ps = c.prepareStatement("SELECT now()")) {
            ps.executeQuery().close();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(8, rs.getBytes(1).length);
            }
        }
        assertSameInTextAndBinary(url, sql, expected);
    }

    /**
     * Runs {@code sql} three times with {@code prepareThreshold=0} (every run in text) and with
     * {@code 1} (runs after the first in binary), expecting {@code rows} each time.
     */
    private static void assertSameInTextAndBinary(String url, String sql, List<List<Object>> rows) {
        for (String threshold : List.of("0", "1")) {
            PgMcpConfig config = PgMcpConfig.builder()
                    .database("main", url + (url.contains("?") ? "&" : "?") + "prepareThreshold=" + threshold)
                    .poolMaxSize(1).allowUnsafeRole(true).build();
            try (PgMcp p = PgMcp.builder(config).discoverTools(false).build()) {
                for (int run = 1; run <= 3; run++) {
                    assertEquals(rows, p.database(null).executor().queryTrusted(sql, List.of(), 100).rows(),
                            "prepareThreshold=" + threshold + ", run " + run);
                }
            }
        }
    }

    /** A {@code real} reads as its decimal text says, whether pgJDBC got it as text or in binary. */
    @Test
    void realsReadTheSameInTextAndBinary() {
        String sql = "SELECT 0.1::float4, 1.1::float4, 3.14159::float4, 1e10::float4, (-2.5e-5)::float4, "
                + "'NaN'::float4, ARRAY[0.1, 2.5]::float4[]";
        List<Object> expected = List.of(0.1, 1.1, 3.14159, 1.0E10, -2.5E-5, "NaN", List.of(0.1, 2.5));
        assertSameInTextAndBinary(TestPostgres.freshDatabase("reals"), sql, List.of(expected));
    }

    /**
     * Types pgJDBC reads in binary once a statement is prepared, whose text pgJDBC then writes its
     * own way: a numeric as a BigDecimal does ({@code 1E-20}), a timetz moved to UTC, a point or box
     * with Java's doubles ({@code (1.0,1.0)}). Each is PostgreSQL's text in both formats.
     */
    @Test
    void textTypesReadTheSameInTextAndBinary() {
        String sql = "SELECT 1e-20::numeric, 0.00000000::numeric, 1e20::numeric, 1.50::numeric, 'NaN'::numeric, "
                + "'-Infinity'::numeric, '23:59:59.5+02'::timetz, '12:00:00-03:30'::timetz, '00:00:00+00'::timetz, "
                + "'24:00:00+01:02:03'::timetz, '(1.5,-0)'::point, '((0,0),(1,1))'::box, '(0.1,1e+20)'::point, "
                + "'(NaN,-Infinity)'::point";
        List<Object> expected = List.of("0.00000000000000000001", "0.00000000", "100000000000000000000", "1.50", "NaN",
                "-Infinity", "23:59:59.5+02", "12:00:00-03:30", "00:00:00+00", "24:00:00+01:02:03", "(1.5,-0)",
                "(1,1),(0,0)", "(0.1,1e+20)", "(NaN,-Infinity)");
        assertSameInTextAndBinary(TestPostgres.freshDatabase("texttypes"), sql, List.of(expected));
    }

    /**
     * An object or array that a JSON reader gets back exactly is PostgreSQL's text held as
     * {@link JsonText}; a scalar, or an object with a repeated key or a number a double does not
     * hold, is PostgreSQL's text as a string. (ValueFidelityTest checks the cases against the JSON
     * a client receives.)
     */
    @Test
    void jsonAndJsonbAreTheirTextAsJsonOrAsAString() {
        List<Object> v = row("SELECT '{\"a\": [1, 2.50, {\"b\": null}], \"c\": \"d\"}'::json, "
                + "'{\"x\": {\"y\": [true, 1.5e3]}}'::jsonb, '{\"a\":1,\"a\":2}'::json, '[9007199254740993]'::jsonb, "
                + "'\"s\"'::jsonb, 'null'::json, '[]'::jsonb");
        assertEquals(new JsonText("{\"a\": [1, 2.50, {\"b\": null}], \"c\": \"d\"}"), v.get(0));
        assertEquals(new JsonText("{\"x\": {\"y\": [true, 1500]}}"), v.get(1));
        assertEquals("{\"a\":1,\"a\":2}", v.get(2));
        assertEquals("[9007199254740993]", v.get(3));
        assertEquals("\"s\"", v.get(4));
        assertEquals("null", v.get(5));
        assertEquals(new JsonText("[]"), v.get(6));
        // The byte cap counts a JsonText as its text, which is what JSON output writes.
        String written = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(v.get(0));
        assertEquals(v.get(0).toString(), written);
        assertEquals(written.length(), ValueReaders.estimateSize(v.get(0)));
    }

    /** The check behind that choice, number by number. */
    @Test
    void numbersExactThroughADouble() {
        for (String n : List.of("0", "-0", "2.50", "1e3", "1E-7", "-0.5e-3", "9007199254740992", "-9007199254740992",
                "1e20", "1.7976931348623157e308", "4.9e-324", "0.1", "123456789012345", "1.5E+10")) {
            assertTrue(ValueReaders.exactThroughDouble(n), n);
        }
        for (String n : List.of("9007199254740993", "-9007199254740993", "10000000000000000", "100000000000000000000",
                "0.10000000000000000001", "12345678901234567890.5", "1e400", "-1E400", "1e-400", "1e-9999999999",
                "1e9999999999", "1234567890123456789012345678901234567890", "2.5e-324")) {
            assertFalse(ValueReaders.exactThroughDouble(n), n);
        }
    }

    @Test
    void arrays() {
        QueryResult r = q("SELECT ARRAY[1,2,3]::int[], ARRAY['a', NULL, 'c']::text[], ARRAY[[1,2],[3,4]]::int[], "
                + "ARRAY[1.10, 12345678901234567890.5]::numeric[], '{}'::int[]");
        assertEquals(List.of("int4[]", "text[]", "int4[]", "numeric[]", "int4[]"), types(r));
        List<Object> v = r.rows().get(0);
        assertEquals(List.of(1, 2, 3), v.get(0));
        assertEquals(java.util.Arrays.asList("a", null, "c"), v.get(1));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), v.get(2));
        assertEquals(List.of("1.10", "12345678901234567890.5"), v.get(3));
        assertEquals(List.of(), v.get(4));
    }

    @Test
    void byteaIsBase64() {
        List<Object> v = row("SELECT '\\xdeadbeef00'::bytea");
        assertArrayEquals(new byte[]{(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0},
                Base64.getDecoder().decode((String) v.get(0)));
    }

    @Test
    void textLikeTypes() {
        QueryResult r = q("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, INTERVAL '1 day 2 hours', "
                + "'192.168.0.1/24'::inet, 12.34::money, 'happy'::mood, INTERVAL '1 year 2 mons 3 days 04:05:06'");
        assertEquals(List.of("uuid", "interval", "inet", "money", "mood", "interval"), types(r));
        List<Object> v = r.rows().get(0);
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", v.get(0));
        assertEquals("P1DT2H", v.get(1));
        assertEquals("192.168.0.1/24", v.get(2));
        assertTrue(((String) v.get(3)).contains("12.34"), String.valueOf(v.get(3)));
        assertEquals("happy", v.get(4));
        assertEquals("P1Y2M3DT4H5M6S", v.get(5));
    }

    @Test
    void nullOfEveryTypeIsNull() {
        String[] typesList = {"int2", "int4", "int8", "numeric", "float4", "float8", "bool", "text", "varchar",
                "bpchar", "date", "timestamp", "timestamptz", "json", "jsonb", "int[]", "text[]", "numeric[]",
                "bytea", "uuid", "interval", "inet", "money", "mood"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < typesList.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("NULL::").append(typesList[i]);
        }
        List<Object> v = row(sql.toString());
        assertEquals(typesList.length, v.size());
        for (int i = 0; i < typesList.length; i++) {
            assertNull(v.get(i), typesList[i]);
        }
    }

    @Test
    void valuesThroughTheExecuteQueryTool() {
        var result = pgmcp.callTool("execute_query", java.util.Map.of("sql",
                "SELECT 12345678901234567890.123456789::numeric AS n, ARRAY['x']::text[] AS t"));
        assertEquals(false, result.error(), result.text());
        assertEquals(List.of(java.util.Map.of("name", "n", "type", "numeric"), java.util.Map.of("name", "t", "type", "text[]")),
                result.structuredContent().get("columns"));
        assertEquals(List.of(List.of("12345678901234567890.123456789", List.of("x"))), result.structuredContent().get("rows"));
    }

    @Test
    void serialColumnsAreIntegers() {
        // pgJDBC names these columns serial/bigserial from their default; they are int4/int8/int2.
        QueryResult r = q("SELECT a, b, c FROM serials");
        assertEquals(List.of("int4", "int8", "int2"), types(r));
        assertEquals(List.of(1, 1L, 1), r.rows().get(0)); // a small int8 is a Long
    }
}
