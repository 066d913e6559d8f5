package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Array elements read as faithfully as scalar values of the element type, and an array whose
 * dimensions do not all start at 1 as PostgreSQL's text of it, whether pgJDBC got the array as text
 * or in binary.
 *
 * <p>Every statement runs three times on a connection with {@code prepareThreshold=0} (always text)
 * and three times with {@code 1} (binary from the second run, for the array types pgJDBC reads in
 * binary: {@code int2[]}, {@code int4[]}, {@code int8[]}, {@code oid[]}, {@code float4[]},
 * {@code float8[]}, {@code text[]}, {@code varchar[]}, {@code bytea[]}); all six must give the same
 * row. The reference for an element is the same element selected as a scalar ({@code v[1]}), which
 * {@link ValueMappingTest} holds against PostgreSQL's text; for bounds, PostgreSQL's {@code v::text}.
 */
class ArrayValuesTest {

    static PgMcp text;
    static PgMcp binary;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("arrayvalues");
        TestPostgres.run(url, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        text = open(url, "0");
        binary = open(url, "1");
    }

    private static PgMcp open(String url, String prepareThreshold) {
        PgMcpConfig config = PgMcpConfig.builder()
                .database("main", url + (url.contains("?") ? "&" : "?") + "prepareThreshold=" + prepareThreshold)
                .poolMaxSize(1).allowUnsafeRole(true).build();
        return PgMcp.builder(config).discoverTools(false).build();
    }

    @AfterAll
    static void stop() {
        text.close();
        binary.close();
    }

    /** The one row of {@code sql}, the same in all six runs (three in text, three mostly binary). */
    private static List<Object> row(String sql) {
        List<Object> first = null;
        for (PgMcp p : List.of(text, binary)) {
            for (int run = 1; run <= 3; run++) {
                QueryResult r = p.database(null).executor().queryTrusted(sql, List.of(), 10);
                assertEquals(1, r.rowCount(), sql);
                List<Object> row = r.rows().get(0);
                if (first == null) {
                    first = row;
                } else {
                    assertEquals(first, row, (p == text ? "text" : "binary") + ", run " + run + ": " + sql);
                }
            }
        }
        return first;
    }

    /**
     * Asserts that the array {@code literal} (its dimensions {@code lengths}, each from 1) reads as
     * its elements do as scalars ({@code v[1]}, {@code v[1][2]}...), and returns it.
     */
    private static Object elementsAsScalars(String literal, int... lengths) {
        List<String> subscripts = new ArrayList<>();
        collect(lengths, 0, "", subscripts);
        StringBuilder sql = new StringBuilder("SELECT v");
        for (String s : subscripts) {
            sql.append(", v").append(s);
        }
        sql.append(" FROM (SELECT ").append(literal).append(" AS v) AS t");
        List<Object> row = row(sql.toString());
        Object expected = nest(row.subList(1, row.size()), lengths, 0);
        assertEquals(expected, row.get(0), literal);
        return row.get(0);
    }

    private static void collect(int[] lengths, int dim, String prefix, List<String> out) {
        if (dim == lengths.length) {
            out.add(prefix);
            return;
        }
        for (int i = 1; i <= lengths[dim]; i++) {
            collect(lengths, dim + 1, prefix + "[" + i + "]", out);
        }
    }

    private static Object nest(List<Object> flat, int[] lengths, int dim) {
        if (dim == lengths.length) {
            return flat.get(0);
        }
        int per = flat.size() / lengths[dim];
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < lengths[dim]; i++) {
            out.add(nest(flat.subList(i * per, (i + 1) * per), lengths, dim + 1));
        }
        return out;
    }

    @Test
    void intervalElementsAreIso8601() {
        Object v = elementsAsScalars("ARRAY[INTERVAL '1 hour 30 minutes', INTERVAL '1 year 2 mons 3 days 04:05:06', "
                + "NULL, INTERVAL '-1 day 0.5 seconds']", 4);
        assertEquals(Arrays.asList("PT1H30M", "P1Y2M3DT4H5M6S", null, "P-1DT0.5S"), v);
        elementsAsScalars("ARRAY[[INTERVAL '1 hour', INTERVAL '2 days'], [INTERVAL '1 month', INTERVAL '0']]", 2, 2);
    }

    @Test
    void timestampElementsAreLocalAndProleptic() {
        Object v = elementsAsScalars("ARRAY['2024-02-29 13:45:06.123', '0044-03-15 12:00:00 BC', 'infinity', "
                + "'-infinity', '12345-01-01 00:00:00', '1969-07-20 20:17:40.5', '0001-01-01 00:00:00', NULL]::timestamp[]", 8);
        assertEquals(Arrays.asList("2024-02-29T13:45:06.123", "-0043-03-15T12:00:00", "infinity", "-infinity",
                "+12345-01-01T00:00:00", "1969-07-20T20:17:40.5", "0001-01-01T00:00:00", null), v);
        elementsAsScalars("ARRAY[['2024-01-01 00:00', '2024-01-02 00:00'], ['infinity', NULL]]::timestamp[]", 2, 2);
    }

    @Test
    void timestamptzElementsInUtcAndInfinity() {
        Object v = elementsAsScalars("ARRAY['2024-06-01 12:00:00+02', 'infinity', '-infinity', '0044-03-15 12:00:00+00 BC', "
                + "'12345-01-01 00:00:00+00', '1999-12-31 23:59:59.999999-05:30', '0001-01-01 00:00:00+00']::timestamptz[]", 7);
        assertEquals(List.of("2024-06-01T10:00:00Z", "infinity", "-infinity", "-0043-03-15T12:00:00Z",
                "+12345-01-01T00:00:00Z", "2000-01-01T05:29:59.999999Z", "0001-01-01T00:00:00Z"), v);
        elementsAsScalars("ARRAY[['2024-06-01 12:00:00+02', 'infinity'], ['-infinity', '2000-01-01 00:00+00']]::timestamptz[]", 2, 2);
    }

    @Test
    void timestamptzElementsInAnotherSessionTimeZone() {
        // PostgreSQL writes a text timestamptz in the session's time zone, with its offset (seconds too).
        elementsAsScalars("(SELECT ARRAY['2024-06-01 12:00:00+02', '1850-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC']"
                + "::timestamptz[] FROM set_config('TimeZone', 'Europe/Amsterdam', true))", 3);
    }

    @Test
    void timeElementsKeepTheirFraction() {
        Object v = elementsAsScalars("ARRAY['23:59:59.5', '00:00:00', '24:00:00', '12:34:56.789012', NULL]::time[]", 5);
        assertEquals(Arrays.asList("23:59:59.5", "00:00:00", "24:00:00", "12:34:56.789012", null), v);
        Object tz = elementsAsScalars("ARRAY['23:59:59.5+02', '12:00:00-03:30']::timetz[]", 2);
        assertEquals(List.of("23:59:59.5+02", "12:00:00-03:30"), tz);
        elementsAsScalars("ARRAY[['01:02:03.25', '04:05:06'], ['07:08:09', '10:11:12.000001']]::time[]", 2, 2);
    }

    @Test
    void dateElementsWithEraAndInfinity() {
        Object v = elementsAsScalars("ARRAY['0044-03-15 BC', 'infinity', '-infinity', '2024-02-29', '12345-01-01', "
                + "'0001-01-01', NULL]::date[]", 7);
        assertEquals(Arrays.asList("-0043-03-15", "infinity", "-infinity", "2024-02-29", "+12345-01-01", "0001-01-01", null), v);
        elementsAsScalars("ARRAY[['2024-01-01', '0001-12-31 BC'], ['infinity', NULL]]::date[]", 2, 2);
    }

    @Test
    void numericElementsIncludingNaNAndInfinities() {
        Object v = elementsAsScalars("ARRAY['NaN', 'Infinity', '-Infinity', 1.5, 1.50, 12345678901234567890.123456789, NULL]::numeric[]", 7);
        assertEquals(Arrays.asList("NaN", "Infinity", "-Infinity", "1.5", "1.50", "12345678901234567890.123456789", null), v);
        elementsAsScalars("ARRAY[['NaN', '0.10'], ['-Infinity', '1e-20']]::numeric[]", 2, 2);
    }

    @Test
    void floatElements() {
        Object v = elementsAsScalars("ARRAY['NaN', 'Infinity', '-Infinity', 0.1, 1e300, '-0', 5e-324]::float8[]", 7);
        assertEquals(List.of("NaN", "Infinity", "-Infinity", 0.1, 1e300, -0.0, 5e-324), v);
        Object r = elementsAsScalars("ARRAY['NaN', 'Infinity', 0.1, 3.4028235e38, 1e-30]::float4[]", 5);
        assertEquals(List.of("NaN", "Infinity", 0.1, 3.4028235e38, 1e-30), r);
        elementsAsScalars("ARRAY[[0.1, 'NaN'], [2.5, '-Infinity']]::float8[]", 2, 2);
        elementsAsScalars("ARRAY[[0.1, 'NaN'], [2.5, '-Infinity']]::float4[]", 2, 2);
    }

    @Test
    void integerAndOtherFixedElements() {
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), elementsAsScalars("ARRAY[[1, 2], [3, 4]]::int2[]", 2, 2));
        assertEquals(List.of(List.of(-9007199254740991L, "9007199254740992"), List.of("9223372036854775807", 0L)),
                elementsAsScalars("ARRAY[[-9007199254740991, 9007199254740992], [9223372036854775807, 0]]::int8[]", 2, 2));
        assertEquals(List.of(4294967295L, 0L), elementsAsScalars("ARRAY[4294967295, 0]::oid[]", 2));
        assertEquals(Arrays.asList(true, false, null), elementsAsScalars("ARRAY[true, false, NULL]", 3));
        elementsAsScalars("ARRAY[[true, false], [false, true]]", 2, 2);
        elementsAsScalars("ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', NULL]::uuid[]", 2);
        elementsAsScalars("ARRAY[12.34, -1, 0]::money[]", 3);
        elementsAsScalars("ARRAY[['\\xdeadbeef'::bytea, ''::bytea], [NULL, '\\x00'::bytea]]", 2, 2);
        elementsAsScalars("ARRAY['happy', 'sad']::mood[]", 2);
        elementsAsScalars("ARRAY['192.168.0.1/24', '::1']::inet[]", 2);
        elementsAsScalars("ARRAY[box '((0,0),(1,1))', box '((2,2),(3,3))']", 2); // box's array delimiter is ';'
        elementsAsScalars("ARRAY['[1,5)'::int4range, 'empty']", 2);
        elementsAsScalars("ARRAY[ROW(1, 'a b'), ROW(2, NULL)]", 2);
    }

    @Test
    void textElementsWithEveryQuotingCase() {
        Object v = elementsAsScalars("ARRAY['a b', '', 'NULL', 'null', NULL, 'q\"uote', 'back\\slash', '{x}', 'a,b', "
                + "'é', ' lead', E'tab\\there', E'line\\nbreak', 'semi;colon']::text[]", 14);
        assertEquals(Arrays.asList("a b", "", "NULL", "null", null, "q\"uote", "back\\slash", "{x}", "a,b", "é", " lead",
                "tab\there", "line\nbreak", "semi;colon"), v);
        elementsAsScalars("ARRAY[['a', 'b c'], ['', NULL]]::varchar[]", 2, 2);
        elementsAsScalars("ARRAY['x', 'yy ']::char(3)[]", 2);
    }

    @Test
    void jsonElements() {
        Object v = elementsAsScalars("ARRAY['{\"a\": 2.50}', '\"s\"', '{\"a\":1,\"a\":2}', 'null', NULL]::json[]", 5);
        assertEquals(Arrays.asList(new JsonText("{\"a\": 2.50}"), "\"s\"", "{\"a\":1,\"a\":2}", "null", null), v);
        elementsAsScalars("ARRAY[['[1]', '{\"b\": [true]}'], ['1', '[9007199254740993]']]::jsonb[]", 2, 2);
    }

    @Test
    void emptyArrays() {
        assertEquals(List.of(List.of(), List.of(), List.of(), List.of()),
                row("SELECT '{}'::int[], '{}'::text[], '{}'::timestamp[], '{}'::numeric[]"));
    }

    /** An array whose dimensions do not all start at 1 is PostgreSQL's text of it, in a string. */
    @Test
    void arraysWithOtherLowerBoundsArePostgresText() {
        String[] literals = {
                "'[0:2]={10,20,30}'::int4[]",
                "array_fill(0, ARRAY[3], ARRAY[2])",
                "'[-1:0]={9007199254740993,NULL}'::int8[]",
                "'[0:1][1:2]={{1,2},{3,4}}'::int2[]",
                "'[1:2][0:1]={{1,2},{3,4}}'::int4[]",
                "'[5:5]={4294967295}'::oid[]",
                "'[0:6]={0.1,1e+20,NaN,-Infinity,-0,5e-324,123456789012345678}'::float8[]",
                "'[0:3]={0.1,3.4028235e+38,1e-05,1e-45}'::float4[]",
                "'[0:11]={\"a b\",\"\",NULL,\"NULL\",\"q\\\"uote\",\"back\\\\slash\",\"{x}\",\"a,b\",é,\" lead\",\"null\",\"tab\ttab\"}'::text[]",
                "'[2:3]={x,\"y z\"}'::varchar[]",
                "'[0:2]={\"\\\\xdeadbeef\",NULL,\"\\\\x\"}'::bytea[]",
                "'[0:2]={1.50,NaN,-Infinity}'::numeric[]",
                "'[0:1]={\"2024-02-29 13:45:06.5\",\"0044-03-15 12:00:00 BC\"}'::timestamp[]",
                "'[0:1]={2024-02-29,infinity}'::date[]",
                "'[0:1]={\"{\\\"a\\\": 1}\",null}'::json[]",
                "'[0:0]={t}'::bool[]",
        };
        for (String literal : literals) {
            List<Object> r = row("SELECT v, v::text FROM (SELECT " + literal + " AS v) AS t");
            assertEquals(r.get(1), r.get(0), literal);
        }
        assertEquals("[0:2]={10,20,30}", row("SELECT '[0:2]={10,20,30}'::int4[]").get(0));
        assertEquals("[2:4]={0,0,0}", row("SELECT array_fill(0, ARRAY[3], ARRAY[2])").get(0));
    }
}
