package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Properties of {@link SqlValidator}: stacked statements, denied functions anywhere, robustness. */
class SqlValidatorProperties {

    private static final SqlValidator V = SqlValidator.withDefaults();

    /** (a) An allowed SELECT, ';', then any second statement: always MULTIPLE_STATEMENTS. */
    @Property(tries = 200)
    void stackedStatementsAreRejected(@ForAll("allowedSelect") String first, @ForAll("anyStatement") String second,
                                      @ForAll("separator") String separator) {
        String sql = first + separator + second;
        SqlRejectedException e = rejected(sql);
        assertEquals(Reason.MULTIPLE_STATEMENTS, e.reason(), sql + " -> " + e.getMessage());
    }

    /** The generated SELECTs are themselves accepted (so (a) tests the separator, not a broken first half). */
    @Property(tries = 100)
    void generatedSelectsAreAccepted(@ForAll("allowedSelect") String sql) {
        V.validate(sql);
        V.validate(sql + ";");
    }

    /** (b) A denied function at any position is always DENIED_FUNCTION. */
    @Property(tries = 200)
    void deniedFunctionAnywhereIsRejected(@ForAll("position") String template, @ForAll("deniedCall") String call) {
        String sql = template.formatted(call);
        SqlRejectedException e = rejected(sql);
        assertEquals(Reason.DENIED_FUNCTION, e.reason(), sql + " -> " + e.getMessage());
    }

    /** (c) Arbitrary text: only SqlRejectedException, never another exception, never a hang. */
    @Property(tries = 400)
    void arbitraryTextOnlyEverRejectsCleanly(@ForAll("noise") String sql) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                V.validate(sql);
            } catch (SqlRejectedException expected) {
                assertEquals(-1, expected.getMessage().indexOf('\n'), expected.getMessage());
            }
        });
    }

    private static SqlRejectedException rejected(String sql) {
        try {
            V.validate(sql);
        } catch (SqlRejectedException e) {
            return e;
        }
        throw new AssertionError("accepted: " + sql);
    }

    @Provide
    Arbitrary<String> allowedSelect() {
        Arbitrary<String> column = Arbitraries.of("a", "b", "t.c", "1", "'x;y'", "$$p;q$$", "lower(a)", "a::text",
                "count(*)", "$1", "now() - created_at", "data ->> 'k'", "\"we;ird\"");
        Arbitrary<String> table = Arbitraries.of("t", "public.customers", "(SELECT 1 AS a) s",
                "generate_series(1, 10) g", "(VALUES (1)) v(a)");
        Arbitrary<String> tail = Arbitraries.of("", " WHERE a > 1", " ORDER BY 1", " LIMIT 5", " -- c ;\n",
                " /* ; */", " GROUP BY 1", " WHERE b ILIKE '%;%'");
        Arbitrary<String> plain = Combinators.combine(column.list().ofMinSize(1).ofMaxSize(3), table, tail)
                .as((cols, t, tl) -> "SELECT " + String.join(", ", cols) + " FROM " + t + tl);
        return Arbitraries.oneOf(plain, plain.map(s -> "WITH w AS (SELECT 1) " + s),
                plain.map(s -> "EXPLAIN " + s), Arbitraries.of("VALUES (1, 'a')", "TABLE customers", "SELECT 1"));
    }

    @Provide
    Arbitrary<String> anyStatement() {
        return Arbitraries.oneOf(
                Arbitraries.of("SELECT 1", "DROP TABLE customers", "COMMIT", "DELETE FROM t", "x", "1", "; SELECT 2",
                        "SELECT pg_sleep(1)", "BEGIN", "VACUUM", "'", "\"abc\"", "(", "$$ $$", "/**/ SELECT 2",
                        "UPDATE t SET a = 1", "INSERT INTO t VALUES (1)", "SET ROLE postgres"),
                Arbitraries.strings().withChars("abcSELECT ();,'$1").ofMinLength(1).ofMaxLength(20)
                        // Only ';' and blanks would be empty statements, which PostgreSQL ignores.
                        .filter(s -> !s.replace(";", "").isBlank() && !s.contains("'") && !s.contains("$")));
    }

    @Provide
    Arbitrary<String> separator() {
        return Arbitraries.of(";", "; ", " ;\n", ";/* c */", ";\n-- c\n");
    }

    @Provide
    Arbitrary<String> position() {
        return Arbitraries.of(new ArrayList<>(DenyPositions.TEMPLATES.values()));
    }

    @Provide
    Arbitrary<String> deniedCall() {
        List<String> names = new ArrayList<>(FunctionPolicy.defaults().deniedFunctions());
        Arbitrary<String> name = Arbitraries.of(names);
        Arbitrary<String> spelled = Combinators.combine(name, Arbitraries.of("", "pg_catalog.", "PG_CATALOG.", "ext."),
                        Arbitraries.of(0, 1, 2))
                .as((n, schema, style) -> switch (style) {
                    case 0 -> schema + n;
                    case 1 -> schema + n.toUpperCase();
                    default -> schema + "\"" + n + "\"";
                });
        return Combinators.combine(spelled, Arbitraries.of("(1)", "('x')", " (1)", "/*c*/(1)", "()"))
                .as((n, args) -> n + args);
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> random = Arbitraries.strings().ofMaxLength(80);
        Arbitrary<String> sqlish = Arbitraries.strings()
                .withChars("SELECTFROMWHEREselectfrom ()[],.;:'\"$?-*/\\|&<>=!1234567890abcdEU\n\t")
                .ofMaxLength(80);
        Arbitrary<String> prefixed = Combinators.combine(
                        Arbitraries.of("SELECT ", "EXPLAIN ", "WITH a AS (", "VALUES (", "TABLE ", "SELECT * FROM t WHERE "),
                        sqlish)
                .as((p, s) -> p + s);
        Arbitrary<String> nested = Arbitraries.integers().between(1, 300)
                .map(n -> "SELECT " + "(".repeat(n) + "1" + ")".repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, random), net.jqwik.api.Tuple.of(4, sqlish),
                net.jqwik.api.Tuple.of(4, prefixed), net.jqwik.api.Tuple.of(1, nested));
    }
}
