package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of {@link SqlValidator} over the SQL corpora (pure validator, no database):
 * <ul>
 *   <li>a benign query stays accepted when wrapped in comments (line, block, nested), when its
 *       whitespace or its keyword case changes, or when a trailing {@code ;} is added;</li>
 *   <li>a benign query with any hostile statement appended after a {@code ;} (with comments,
 *       whitespace and newlines in any arrangement) is rejected;</li>
 *   <li>on any input at all, including arbitrary Unicode, control characters and mangled corpus
 *       entries, the validator throws nothing but {@link SqlRejectedException};</li>
 *   <li>its time is linear in the input: a 16× longer input of the same shape costs at most ~64×
 *       (the one timing assertion of the suite; minimum of several runs, generous bound).</li>
 * </ul>
 */
class CorpusProperties {

    private static final FunctionPolicy POLICY = FunctionPolicy.defaults();
    private static final SqlValidator V = new SqlValidator(POLICY);

    /** Benign entries the validator accepts today (known false rejections are not the point here). */
    static final List<String> BENIGN = SqlCorpus.benign().stream()
            .filter(e -> !e.has(SqlCorpus.KNOWN_FALSE_REJECTION)).map(Entry::sql).toList();

    /** Hostile entries the validator alone must reject, plus classic one-liners. */
    private static final List<String> HOSTILE;

    static {
        List<String> h = new ArrayList<>(List.of("DROP TABLE customers", "DELETE FROM orders", "COMMIT",
                "SELECT pg_sleep(10)", "SELECT 1", "BEGIN", "SET ROLE postgres", "COPY orders TO PROGRAM 'id'"));
        SqlCorpus.hostile().stream()
                .filter(SqlCorpus::refusedByTheValidatorAlone)
                .map(Entry::sql).forEach(h::add);
        HOSTILE = List.copyOf(h);
    }

    // ---- benign stays benign -------------------------------------------------------------

    @Property(tries = 300)
    void benignQueriesSurviveHarmlessRewriting(@ForAll("benign") String sql, @ForAll("wrapper") Wrapper wrapper,
                                               @ForAll long seed) {
        String rewritten = wrapper.apply(sql, new Random(seed));
        try {
            V.validate(rewritten);
        } catch (SqlRejectedException e) {
            fail("benign query rejected after " + wrapper + ": " + e.getMessage() + "\n--- original:\n" + sql
                    + "\n--- rewritten:\n" + rewritten);
        }
    }

    /** Harmless rewritings of a benign query. */
    enum Wrapper {
        LEADING_LINE_COMMENT, LEADING_BLOCK_COMMENT, LEADING_NESTED_COMMENT, TRAILING_COMMENTS, WHITESPACE,
        KEYWORD_CASE, TRAILING_SEMICOLON, ALL_AT_ONCE;

        String apply(String sql, Random random) {
            return switch (this) {
                case LEADING_LINE_COMMENT -> "-- a comment; DROP TABLE x\n" + sql;
                case LEADING_BLOCK_COMMENT -> "/* SELECT; DELETE */ " + sql;
                case LEADING_NESTED_COMMENT -> "/* outer /* inner; */ still outer */\n" + sql;
                case TRAILING_COMMENTS -> sql + "\n/* trailing */ -- and a line comment";
                case WHITESPACE -> respace(sql, random);
                case KEYWORD_CASE -> recase(sql, random);
                case TRAILING_SEMICOLON -> hasSemicolon(sql) ? sql : sql + (random.nextBoolean() ? ";" : "\n ;\t ");
                case ALL_AT_ONCE -> {
                    String s = "/* a /* b */ c */ -- d\n" + recase(respace(sql, random), random);
                    yield hasSemicolon(s) ? s : s + " ; -- done";
                }
            };
        }
    }

    private static boolean hasSemicolon(String sql) {
        return SqlLexer.tokenize(sql).stream().anyMatch(t -> t.kind() == Kind.SEMICOLON);
    }

    /** Replaces every whitespace run by another one (keeping a newline after a line comment). */
    static String respace(String sql, Random random) {
        String[] blanks = {" ", "  ", "\t", "\n", " \n\t ", "\r\n", "\n\n"};
        StringBuilder out = new StringBuilder();
        Token prev = null;
        for (Token t : SqlLexer.tokenize(sql)) {
            if (t.kind() == Kind.WHITESPACE) {
                String blank = blanks[random.nextInt(blanks.length)];
                if (prev != null && prev.kind() == Kind.LINE_COMMENT && blank.indexOf('\n') < 0) {
                    blank = blank + "\n";
                }
                out.append(blank);
            } else {
                out.append(t.text());
            }
            prev = t;
        }
        return out.toString();
    }

    /** Changes the case of unquoted words (keywords and identifiers fold to lower case anyway). */
    static String recase(String sql, Random random) {
        StringBuilder out = new StringBuilder();
        for (Token t : SqlLexer.tokenize(sql)) {
            String text = t.text();
            if (t.kind() == Kind.WORD) {
                text = switch (random.nextInt(3)) {
                    case 0 -> text.toUpperCase(Locale.ROOT);
                    case 1 -> text.toLowerCase(Locale.ROOT);
                    default -> {
                        StringBuilder mixed = new StringBuilder();
                        for (int i = 0; i < text.length(); i++) {
                            char c = text.charAt(i);
                            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                        }
                        yield mixed.toString();
                    }
                };
            }
            out.append(text);
        }
        return out.toString();
    }

    // ---- benign + hostile is hostile -----------------------------------------------------

    @Property(tries = 400)
    void anythingAppendedAfterASemicolonIsRejected(@ForAll("benign") String benign, @ForAll("separator") String separator,
                                                   @ForAll("hostile") String hostile) {
        List<Token> tokens = SqlLexer.tokenize(benign);
        // A trailing line comment would swallow what follows on its line, which is not an append.
        String head = tokens.get(tokens.size() - 1).kind() == Kind.LINE_COMMENT ? benign + "\n" : benign;
        String sql = head + separator + hostile;
        try {
            V.validate(sql);
        } catch (SqlRejectedException expected) {
            return;
        }
        fail("accepted a benign query with a statement appended:\n" + sql);
    }

    // ---- only ever SqlRejectedException --------------------------------------------------

    @Property(tries = 1000)
    void anyInputOnlyEverRaisesSqlRejectedException(@ForAll("anyText") String sql) {
        try {
            V.validate(sql);
        } catch (SqlRejectedException expected) {
            assertTrue(expected.getMessage() != null && expected.getMessage().indexOf('\n') < 0,
                    "rejection message must be one line: " + expected.getMessage());
        } catch (Throwable other) {
            fail("validator threw " + other + " for input " + escape(sql), other);
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    // ---- linear time ---------------------------------------------------------------------

    /**
     * For a generated shape, validating 16× the repetitions takes at most 64× as long (4× slack
     * over linear, for JIT, GC and a loaded 2-core machine), comparing the minimum of several runs
     * and with a 20 ms floor so that sub-millisecond baselines cannot flake.
     */
    @Property(tries = 24)
    void validationTimeIsLinearInTheInput(@ForAll("shape") Tuple.Tuple2<String, IntFunction<String>> shape,
                                          @ForAll @IntRange(min = 20, max = 60) int n) {
        String small = shape.get2().apply(n);
        String large = shape.get2().apply(16 * n);
        assertTrue(large.length() < SqlValidator.DEFAULT_MAX_LENGTH, "shape too long: " + shape.get1());
        for (int i = 0; i < 3; i++) { // warm up both sizes
            time(small);
            time(large);
        }
        long tSmall = Long.MAX_VALUE;
        long tLarge = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            tSmall = Math.min(tSmall, time(small));
            tLarge = Math.min(tLarge, time(large));
        }
        long bound = Math.max(64 * tSmall, 20_000_000L);
        assertTrue(tLarge <= bound, shape.get1() + ": " + small.length() + " chars took " + tSmall / 1000
                + " µs, " + large.length() + " chars took " + tLarge / 1000 + " µs (bound " + bound / 1000 + " µs)");
    }

    private static long time(String sql) {
        // A validator that remembers no shape: this times the parse, not a VerdictCache hit.
        SqlValidator fresh = new SqlValidator(POLICY);
        long start = System.nanoTime();
        try {
            fresh.validate(sql);
        } catch (SqlRejectedException ignored) {
            // Rejected inputs must be linear too.
        }
        return System.nanoTime() - start;
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, IntFunction<String>>> shape() {
        return Arbitraries.of(
                Tuple.of("select list", n -> "SELECT " + join(n, i -> "c" + i + " AS a" + i, ", ") + " FROM t"),
                Tuple.of("IN list", n -> "SELECT * FROM t WHERE id IN (" + join(n, Integer::toString, ", ") + ")"),
                Tuple.of("AND chain", n -> "SELECT 1 FROM t WHERE " + join(n, i -> "c" + i + " = " + i, " AND ")),
                Tuple.of("UNION ALL", n -> join(n, i -> "SELECT " + i + " AS x", " UNION ALL ")),
                Tuple.of("CTEs", n -> "WITH " + join(n, i -> "w" + i + " AS (SELECT " + i + " AS x)", ", ") + " SELECT * FROM w0"),
                Tuple.of("joins", n -> "SELECT 1 FROM t0" + join(n, i -> " JOIN t" + (i + 1) + " ON t" + (i + 1) + ".id = t" + i + ".id", "")),
                Tuple.of("CASE", n -> "SELECT CASE " + join(n, i -> "WHEN x = " + i + " THEN 'v" + i + "'", " ") + " END FROM t"),
                Tuple.of("string literal", n -> "SELECT '" + "it''s; DROP ".repeat(n) + "' AS s"),
                Tuple.of("dollar string", n -> "SELECT $q$" + "a;$b ".repeat(n) + "$q$"),
                Tuple.of("comments", n -> "SELECT 1" + " /* c /* n */ ; */ -- x\n".repeat(n)),
                Tuple.of("json operators", n -> "SELECT " + join(n, i -> "d -> 'k" + i + "' ->> 'v'", ", ") + " FROM t"),
                Tuple.of("function calls", n -> "SELECT " + join(n, i -> "coalesce(lower(c" + i + "), upper('x'))", " || ") + " FROM t"),
                Tuple.of("stacked (rejected)", n -> join(n, i -> "SELECT " + i, "; ")),
                Tuple.of("denied call at the end (rejected)", n -> "SELECT " + join(n, i -> "c" + i, ", ") + ", pg_sleep(1) FROM t"));
    }

    private static String join(int n, IntFunction<String> part, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(part.apply(i));
        }
        return out.toString();
    }

    // ---- generators ----------------------------------------------------------------------

    @Provide
    Arbitrary<String> benign() {
        return Arbitraries.of(BENIGN);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of(HOSTILE);
    }

    @Provide
    Arbitrary<Wrapper> wrapper() {
        return Arbitraries.of(Wrapper.class);
    }

    @Provide
    Arbitrary<String> separator() {
        Arbitrary<String> filler = Arbitraries.of("", " ", "\n", "\t", "\r\n", "/* c */", "/* a /* nested */ b */",
                "-- line\n", " -- ; \n", "\f");
        return Combinators.combine(filler, filler, Arbitraries.of(";", ";;", "; ;"), filler)
                .as((a, b, semi, c) -> a + b + semi + c);
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(120);
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f')
                .withChars("'\"$;/*-()\\ EeUu&").ofMaxLength(60);
        Arbitrary<String> surrogates = Arbitraries.strings().withCharRange('\ud800', '\udfff')
                .withChars("SELECT '\"$;").ofMaxLength(40);
        Arbitrary<String> mangled = Combinators.combine(
                        Arbitraries.of(allCorpusSql()), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 10_000), Arbitraries.strings().all().ofMaxLength(8))
                .as(CorpusProperties::mangle);
        return Arbitraries.frequencyOf(Tuple.of(2, unicode), Tuple.of(2, control), Tuple.of(1, surrogates),
                Tuple.of(5, mangled));
    }

    private static List<String> allCorpusSql() {
        List<String> all = new ArrayList<>();
        SqlCorpus.benign().forEach(e -> all.add(e.sql()));
        SqlCorpus.hostile().forEach(e -> all.add(e.sql()));
        return all;
    }

    /** Cuts a corpus statement at one point and splices in random text at another. */
    static String mangle(String sql, int cut, int at, String insert) {
        int c = cut % (sql.length() + 1);
        String head = sql.substring(0, c);
        int a = at % (head.length() + 1);
        return head.substring(0, a) + insert + head.substring(a);
    }
}
