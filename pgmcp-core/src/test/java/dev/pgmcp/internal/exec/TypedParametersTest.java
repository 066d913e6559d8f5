package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.QueryException;
import dev.pgmcp.spi.QueryResult;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A parameter behaves as the same value written as a literal in psql, for every type pgmcp maps: a JSON
 * string as a quoted literal ({@code '2024-01-31'}, whose type PostgreSQL infers from where it stands),
 * a JSON number as a numeric literal ({@code 5}, {@code 9.99}), a JSON boolean as {@code true}. Each case
 * runs three statements both ways, through {@link QueryExecutor#query} with {@code $1} and directly over
 * JDBC with the literal in the text, and compares the answers (or the SQLSTATE, when psql's fails):
 * a filter on a column of the type, the parameter alone in a subquery (its value and inferred type), and
 * an arithmetic or concatenation with it. A JSON number with a fraction or exponent reaches pgmcp as a
 * double, so its literal here is written as Java's shortest text reads ({@code 1e-7}, not {@code 1.0e-7}).
 */
class TypedParametersTest {

    static PgMcp pgmcp;
    static QueryExecutor executor;
    static String url;

    /** A column type, a literal as psql would read it, and the same value as a JSON parameter. */
    record Case(String type, String literal, Object param) {
        @Override
        public String toString() {
            return type + " " + literal + " as " + (param == null ? "null" : param.getClass().getSimpleName());
        }
    }

    static final List<Case> CASES = new ArrayList<>();

    static {
        // Strings: the quoted literal's text.
        str("int2", "12");
        str("int4", "5");
        str("int8", "9007199254740993");
        str("numeric", "9.99");
        str("float4", "0.1");
        str("float8", "1e-7");
        str("bool", "true");
        str("bool", "yes");
        str("text", "film 7");
        str("varchar(20)", "abc");
        str("char(5)", "ab");
        str("date", "2024-01-31");
        str("time", "13:45:06.5");
        str("timetz", "13:45:06+02");
        str("timestamp", "2022-02-15 09:44");
        str("timestamptz", "2022-07-01 00:00+00");
        str("interval", "1 hour 50 minutes");
        str("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        str("jsonb", "{\"a\": [1, 2.50]}");
        str("bytea", "\\x00ff");
        str("inet", "192.168.0.1/24");
        str("cidr", "10.0.0.0/8");
        str("macaddr", "08:00:2b:01:02:03");
        str("money", "12.34");
        str("mood", "happy");
        str("int4range", "[1,10)");
        str("bit(4)", "1010");
        str("oid", "1259");
        str("name", "pg_class");
        str("int4[]", "{1,2,3}");
        str("text[]", "{a,\"b c\"}");
        str("int4", "abc");           // invalid for the type: the same error both ways
        str("date", "2024-02-30");
        // Numbers: the unquoted literal.
        num("int2", "12", 12);
        num("int4", "5", 5);
        num("int8", "9007199254740993", 9007199254740993L);
        num("int8", "3000000000", 3000000000L);
        num("numeric", "9.99", 9.99);
        num("numeric", "123456789012345678901234567890", new BigInteger("123456789012345678901234567890"));
        num("float4", "0.1", 0.1);
        num("float8", "0.1", 0.1);
        num("float8", "1e-7", 1e-7);
        num("money", "12.34", 12.34);
        num("oid", "1259", 1259);
        num("text", "5", 5);           // text = integer: no such operator, both ways
        // Booleans.
        CASES.add(new Case("bool", "true", true));
        CASES.add(new Case("bool", "false", false));
        CASES.add(new Case("int4", "true", true));
        // SQL NULL.
        CASES.add(new Case("int4", "NULL", null));
        CASES.add(new Case("text", "NULL", null));
    }

    private static void str(String type, String text) {
        CASES.add(new Case(type, "'" + text.replace("'", "''") + "'", text));
    }

    private static void num(String type, String literal, Object value) {
        CASES.add(new Case(type, literal, value));
    }

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("typed_params");
        StringBuilder ddl = new StringBuilder("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE typed (id int");
        List<String> types = CASES.stream().map(Case::type).distinct().toList();
        for (int i = 0; i < types.size(); i++) {
            ddl.append(", c").append(i).append(' ').append(types.get(i));
        }
        ddl.append(");\n");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build())
                .discoverTools(false).build();
        executor = pgmcp.database(null).executor();
        TestPostgres.run(url, ddl.toString());
        // One row holding each case's value (the first valid one per type), one NULL row.
        for (Case c : CASES) {
            String column = "c" + types.indexOf(c.type());
            try {
                TestPostgres.run(url, "UPDATE typed SET " + column + " = " + c.literal() + " WHERE id = 1 AND " + column
                        + " IS NULL;\nINSERT INTO typed (id, " + column + ") SELECT 1, " + c.literal()
                        + " WHERE NOT EXISTS (SELECT FROM typed WHERE id = 1)");
            } catch (RuntimeException invalidForTheType) {
                // The error cases: compared below, not stored.
            }
        }
        TestPostgres.run(url, "INSERT INTO typed (id) VALUES (2)");
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @TestFactory
    Stream<DynamicTest> eachParameterBehavesAsTheSameLiteralInPsql() {
        List<String> types = CASES.stream().map(Case::type).distinct().toList();
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            String column = "c" + types.indexOf(c.type());
            compare(c, "SELECT count(*)::text FROM typed WHERE " + column + " = %s");
            compare(c, "SELECT v::text, pg_typeof(v)::text FROM (SELECT %s AS v) s");
            compare(c, "SELECT (" + column + " || %s)::text FROM typed WHERE id = 1");
            if (c.param() instanceof Number || c.type().startsWith("int") || c.type().startsWith("float")
                    || c.type().equals("numeric")) {
                compare(c, "SELECT (%s + 0.2)::text, pg_typeof(%s + 0.2)::text");
            }
        }));
    }

    /** Runs {@code template} with {@code $1} through pgmcp and with the literal directly, and compares. */
    private static void compare(Case c, String template) throws SQLException {
        String withLiteral = template.replace("%s", c.literal());
        String withParameter = template.replace("%s", "$1");
        List<List<String>> expected;
        String expectedState = null;
        try {
            expected = direct(withLiteral);
        } catch (SQLException e) {
            expected = null;
            expectedState = e.getSQLState();
        }
        List<Object> params = new ArrayList<>();
        params.add(c.param());
        try {
            QueryResult r = executor.query(withParameter, params, 100);
            List<List<String>> got = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                got.add(row.stream().map(v -> v == null ? null : v.toString()).toList());
            }
            if (expected == null) {
                fail(withParameter + " with " + c + " answered " + got + " where psql's " + withLiteral + " failed with "
                        + expectedState);
            }
            assertEquals(expected, got, withParameter + " with " + c + " against psql's " + withLiteral);
        } catch (QueryException e) {
            if (expected != null) {
                fail(withParameter + " with " + c + " failed (" + e.sqlState() + " " + e.getMessage() + ") where psql's "
                        + withLiteral + " answered " + expected);
            }
            assertEquals(expectedState, e.sqlState(), withParameter + " with " + c + " against psql's " + withLiteral);
        }
    }

    /** The statement as psql would run it: the literal in the text, PostgreSQL's text of every value. */
    private static List<List<String>> direct(String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection(url); Statement st = conn.createStatement()) {
            conn.setReadOnly(true);
            st.execute("SET IntervalStyle = iso_8601"); // as pgmcp's sessions
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
