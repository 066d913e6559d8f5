package dev.pgmcp.internal.tools;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Generated json documents and int8 values through {@code execute_query}, against PostgreSQL's own
 * text of each: a document is JSON in the structured content exactly when the generator made it an
 * object or array without a repeated key and with only numbers a double holds (for jsonb: after
 * PostgreSQL dropped the repeated keys and rewrote the numbers), else PostgreSQL's text in a string;
 * its CSV field is PostgreSQL's text; and no number in the structured content's JSON text is one a
 * JavaScript client reads inexactly ({@link JsonChecks#assertJavaScriptReadsExactly}).
 */
class ValueFidelityProperties {

    static PgMcp pgmcp;

    @BeforeContainer
    static void start() {
        String url = TestPostgres.freshDatabase("value_fidelity_props");
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build()).discoverTools(false).build();
    }

    @AfterContainer
    static void stop() {
        pgmcp.close();
    }

    /** A generated JSON value, which knows what PostgreSQL's json and jsonb make of it. */
    sealed interface Node permits Num, Text, Literal, Arr, Obj {
    }

    /** A number: its text, and whether a double holds it as the text is written ({@code exact}). */
    record Num(String text, boolean exact) implements Node {
        /**
         * jsonb writes a number as {@code numeric} does, without an exponent: one without fraction
         * digits is then written as an integer, and must be within ±2^53 to be read exactly.
         */
        boolean exactInJsonb() {
            BigDecimal v = new BigDecimal(text);
            return exact && !(v.scale() <= 0 && v.abs().compareTo(BigDecimal.valueOf(1L << 53)) > 0);
        }
    }

    /** A string, as JSON text (quotes and escapes included). */
    record Text(String json) implements Node {
    }

    record Literal(String json) implements Node {
    }

    record Arr(List<Node> items) implements Node {
    }

    /** An object: keys (decoded; written plainly) in order, repeats included. */
    record Obj(List<String> keys, List<Node> values) implements Node {
    }

    static final String[] KEYS = {"a", "b", "c", "é", "k y", "😀"};
    static final String[] STRING_PIECES = {"x", "é", "😀", " ", ",", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9",
            "\\ud83d\\ude00", "\\u2028", "null", "1"};
    static final String[] WHITE = {"", "", "", " ", "\n", "\t", "  "};

    static Node node(Random r, int depth) {
        int kind = r.nextInt(depth >= 3 ? 3 : 6);
        return switch (kind) {
            case 0 -> number(r);
            case 1 -> {
                StringBuilder s = new StringBuilder("\"");
                for (int i = r.nextInt(4); i > 0; i--) {
                    s.append(STRING_PIECES[r.nextInt(STRING_PIECES.length)]);
                }
                yield new Text(s.append('"').toString());
            }
            case 2 -> new Literal(new String[] {"true", "false", "null"}[r.nextInt(3)]);
            case 3 -> {
                List<Node> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(node(r, depth + 1));
                }
                yield new Arr(items);
            }
            default -> {
                List<String> keys = new ArrayList<>();
                List<Node> values = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    keys.add(KEYS[r.nextInt(KEYS.length)]);
                    values.add(node(r, depth + 1));
                }
                yield new Obj(keys, values);
            }
        };
    }

    static final long TWO_TO_53 = 1L << 53;

    static Num number(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> new Num(Integer.toString(r.nextInt(2_000_001) - 1_000_000), true);
            case 1 -> new Num(Long.toString(r.nextLong() % (TWO_TO_53 + 1)), true); // within ±2^53
            case 2 -> { // an odd integer beyond 2^53: no double is it
                long v = TWO_TO_53 + 1 + 2 * (Math.abs(r.nextLong() % ((Long.MAX_VALUE - TWO_TO_53) / 2)));
                yield new Num((r.nextBoolean() ? "-" : "") + v, false);
            }
            case 3 -> { // a double's own shortest text: 1.0E-5, 123.456, 1.7976931348623157E308
                double d;
                do {
                    d = Double.longBitsToDouble(r.nextLong());
                } while (!Double.isFinite(d));
                yield new Num(Double.toString(d), true);
            }
            case 4 -> new Num(Double.toString(r.nextInt(100_000) / 100.0) + "0".repeat(1 + r.nextInt(3)), true); // 2.50
            case 5 -> new Num((1 + r.nextInt(999)) + (r.nextBoolean() ? "e" : "E") + (r.nextInt(21) - 10), true); // 25E-2
            case 6 -> new Num("0." + "0".repeat(r.nextInt(3)) + "1" + "0".repeat(17 + r.nextInt(20)) + (1 + r.nextInt(9)), false);
            case 7 -> { // 20 to 40 digits, the last not 0
                StringBuilder s = new StringBuilder().append(1 + r.nextInt(9));
                for (int i = 18 + r.nextInt(20); i > 0; i--) {
                    s.append(r.nextInt(10));
                }
                yield new Num(s.append(1 + r.nextInt(9)).toString(), false);
            }
            case 8 -> new Num(new String[] {"1e400", "-1E400", "1e-400", "2.5e+400"}[r.nextInt(4)], false);
            case 9 -> new Num(Long.toString(TWO_TO_53 - 1 - r.nextInt(3)), true);
            case 10 -> new Num("-0", true);
            default -> new Num(Long.toString(r.nextInt(100)), true);
        };
    }

    static String render(Node n, Random r, boolean spaces) {
        String w = spaces ? WHITE[r.nextInt(WHITE.length)] : "";
        if (n instanceof Num num) {
            return num.text();
        }
        if (n instanceof Text t) {
            return t.json();
        }
        if (n instanceof Literal l) {
            return l.json();
        }
        if (n instanceof Arr a) {
            StringBuilder s = new StringBuilder("[").append(w);
            for (int i = 0; i < a.items().size(); i++) {
                s.append(i == 0 ? "" : "," + w).append(render(a.items().get(i), r, spaces));
            }
            return s.append(w).append(']').toString();
        }
        Obj o = (Obj) n;
        StringBuilder s = new StringBuilder("{").append(w);
        for (int i = 0; i < o.keys().size(); i++) {
            s.append(i == 0 ? "" : "," + w).append('"').append(o.keys().get(i)).append('"').append(w).append(':')
                    .append(w).append(render(o.values().get(i), r, spaces));
        }
        return s.append(w).append('}').toString();
    }

    /** Whether PostgreSQL's json of the node (its text as written) reads back exactly. */
    static boolean exactAsJson(Node n) {
        if (n instanceof Num num) {
            return num.exact();
        }
        if (n instanceof Arr a) {
            return a.items().stream().allMatch(ValueFidelityProperties::exactAsJson);
        }
        if (n instanceof Obj o) {
            return o.keys().stream().distinct().count() == o.keys().size()
                    && o.values().stream().allMatch(ValueFidelityProperties::exactAsJson);
        }
        return true; // a string or a literal
    }

    /** As {@link #exactAsJson} for jsonb: the last of repeated keys kept, numbers as numeric writes them. */
    static boolean exactAsJsonb(Node n) {
        if (n instanceof Num num) {
            return num.exactInJsonb();
        }
        if (n instanceof Arr a) {
            return a.items().stream().allMatch(ValueFidelityProperties::exactAsJsonb);
        }
        if (n instanceof Obj o) {
            Map<String, Node> last = new LinkedHashMap<>();
            for (int i = 0; i < o.keys().size(); i++) {
                last.put(o.keys().get(i), o.values().get(i));
            }
            return last.values().stream().allMatch(ValueFidelityProperties::exactAsJsonb);
        }
        return true;
    }

    /** A document and its text; mostly objects and arrays, some scalars. */
    record Doc(Node node, String text) {
        boolean container() {
            return node instanceof Arr || node instanceof Obj;
        }
    }

    @Provide
    Arbitrary<List<Doc>> docs() {
        Arbitrary<Doc> doc = Arbitraries.randomValue(r -> {
            Node n = r.nextInt(10) == 0 ? node(r, 3) : r.nextBoolean()
                    ? new Obj(new ArrayList<>(List.of("a")), new ArrayList<>(List.of(node(r, 1)))) : node(r, 0);
            if (n instanceof Obj o && r.nextBoolean()) {
                o.keys().add(KEYS[r.nextInt(KEYS.length)]);
                o.values().add(node(r, 1));
            }
            return new Doc(n, render(n, r, r.nextBoolean()));
        });
        return doc.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Long>> int8s() {
        Arbitrary<Long> near = Arbitraries.longs().between(-3, 3).map(d -> (TWO_TO_53 - 1 + d) * (d % 2 == 0 ? 1 : -1));
        return Arbitraries.oneOf(Arbitraries.longs(), near, Arbitraries.longs().between(-1000, 1000),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1)).list().ofSize(8);
    }

    @Property(tries = 150)
    void jsonJsonbAndInt8ReadAsPostgresWrote(@ForAll("docs") List<Doc> docs, @ForAll("int8s") List<Long> int8s) {
        StringBuilder sql = new StringBuilder("SELECT v::json AS j, v::jsonb AS b, v::json::text AS jt, v::jsonb::text AS bt, "
                + "i, i::text AS it FROM (VALUES ");
        for (int k = 0; k < docs.size(); k++) {
            sql.append(k == 0 ? "(" : ", (").append(k).append(", ").append(ValueFidelityTest.literal(docs.get(k).text()))
                    .append(", '").append(int8s.get(k)).append("'::int8)");
        }
        sql.append(") AS c(n, v, i) ORDER BY n");
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", sql.toString()));
        assertFalse(r.error(), r.text());
        JsonChecks.assertJavaScriptReadsExactly(Render.json(r.structuredContent()));
        List<?> rows = (List<?>) r.structuredContent().get("rows");
        List<List<String>> csv = JsonChecks.csvRows(r.text());
        for (int k = 0; k < docs.size(); k++) {
            Doc d = docs.get(k);
            List<?> row = (List<?>) rows.get(k);
            String jt = (String) row.get(2);
            String bt = (String) row.get(3);
            assertEquals(d.text(), jt);
            boolean json = d.container() && exactAsJson(d.node());
            boolean jsonb = d.container() && exactAsJsonb(d.node());
            Statistics.label("json").collect(d.container() ? json ? "JSON" : "string" : "scalar");
            Statistics.label("jsonb").collect(d.container() ? jsonb ? "JSON" : "string" : "scalar");
            String expectedJson = json ? jt : Render.json(jt);
            String expectedJsonb = jsonb ? bt : Render.json(bt);
            long i = int8s.get(k);
            boolean safe = Math.abs((double) i) < TWO_TO_53;
            Statistics.label("int8").collect(safe ? "number" : "string");
            String expectedInt8 = safe ? Long.toString(i) : Render.json(Long.toString(i));
            assertEquals("[" + expectedJson + "," + expectedJsonb + "," + Render.json(jt) + "," + Render.json(bt) + ","
                    + expectedInt8 + "," + Render.json(Long.toString(i)) + "]", Render.json(row), d.text());
            assertEquals(List.of(jt, bt, jt, bt, Long.toString(i), Long.toString(i)), csv.get(k), d.text());
        }
    }
}
