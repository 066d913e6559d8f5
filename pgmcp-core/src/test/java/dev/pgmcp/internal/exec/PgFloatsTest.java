package dev.pgmcp.internal.exec;

import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PgFloats} writes what PostgreSQL writes for the same value: PostgreSQL itself is the
 * reference ({@code unnest($1::float8[])::text}), over edge values and 3,000 values of every magnitude
 * from a fixed seed.
 */
class PgFloatsTest {

    private static String url;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("floats");
    }

    private static List<Double> doubles() {
        List<Double> values = new ArrayList<>(List.of(1e308, -1e308, 1.5, 12345678.0, 123456789012345.0,
                1234567890123456.0, 1e15, 1e14, 0.0001, 0.00001, 0.000123, 1e-300, 100.0, 1e6, 1234567.0,
                12345678.9, 0.1 + 0.2, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 2e23, 9007199254740993.0,
                -0.0, 0.0, 1.0 / 3, 2.0 / 3, 5e-324, 123.456, 1e22, 1e23, 4.35, 0.3));
        Random random = new Random(20261206);
        for (int i = 0; i < 1000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1));
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            values.add(Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(8)));
        }
        values.removeIf(d -> !Double.isFinite(d));
        return values;
    }

    private static List<String> postgres(String type, Object[] values) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT v::text FROM unnest(?::" + type + "[]) WITH ORDINALITY AS u(v, n) ORDER BY n")) {
            Array array = c.createArrayOf(type, values);
            ps.setArray(1, array);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Test
    void doublePrecisionAsPostgresWritesIt() throws SQLException {
        List<Double> values = doubles();
        List<String> expected = postgres("float8", values.toArray());
        List<String> ours = new ArrayList<>();
        for (double v : values) {
            StringBuilder b = new StringBuilder();
            PgFloats.append(b, v, false);
            ours.add(b.toString());
        }
        assertSame(expected, ours, values);
    }

    /** Fails with the values written otherwise than PostgreSQL writes them, each with both texts. */
    private static void assertSame(List<String> expected, List<String> ours, List<?> values) {
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!expected.get(i).equals(ours.get(i))) {
                differ.add(values.get(i) + ": PostgreSQL " + expected.get(i) + ", ours " + ours.get(i));
            }
        }
        assertEquals(List.of(), differ, differ.size() + " of " + values.size() + " differ");
    }

    @Test
    void realAsPostgresWritesIt() throws SQLException {
        List<Float> values = new ArrayList<>(List.of(1.5f, 123456f, 1234567f, 12345678f, 1e6f, 0.0001f, 0.00001f,
                3.4e38f, Float.MIN_VALUE, Float.MIN_NORMAL, 0.1f, -0.0f, 1f / 3, 16777217f));
        Random random = new Random(20261206);
        for (int i = 0; i < 1000; i++) {
            values.add(Float.intBitsToFloat(random.nextInt() & 0x7f7fffff) * (random.nextBoolean() ? 1 : -1));
            values.add((float) (random.nextDouble() * Math.pow(10, random.nextInt(20) - 10)));
        }
        values.removeIf(f -> !Float.isFinite(f));
        List<String> expected = postgres("float4", values.toArray());
        List<String> ours = new ArrayList<>();
        for (float f : values) {
            StringBuilder b = new StringBuilder();
            // As the executor reads a real: the double with the float's shortest decimal text.
            PgFloats.append(b, Double.parseDouble(Float.toString(f)), true);
            ours.add(b.toString());
        }
        assertSame(expected, ours, values);
    }
}
