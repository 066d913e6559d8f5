package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static dev.pgmcp.internal.sql.SqlValidatorTest.accepted;
import static dev.pgmcp.internal.sql.SqlValidatorTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid PostgreSQL that the validator must accept although JSqlParser alone does not read it
 * (empty statements after the statement, Unicode-escape identifiers, {@code OPERATOR(…)}, words
 * JSqlParser reserves), and the safety properties that must hold through each of them.
 * That the accepted text also runs on PostgreSQL is checked by the benign corpus.
 */
class PostgresSyntaxTest {

    private static final SqlValidator V = SqlValidator.withDefaults();

    // ---- empty statements ----

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1;;", "SELECT 1; ;", "SELECT 1;\n;\n", "SELECT 1; /* c */ ; -- d\n;"})
    void emptyStatementsAfterTheStatementAreAccepted(String sql) {
        assertEquals("SELECT 1", accepted(sql).sql());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1;; DROP TABLE x", "SELECT 1; ; DELETE FROM t", "SELECT 1;;;SELECT 2",
            "SELECT 1;; '", "SELECT 1;;\n-- c\nCOMMIT"})
    void anythingButEmptyStatementsAfterTheStatementIsStillRefused(String sql) {
        rejected(sql, Reason.MULTIPLE_STATEMENTS);
    }

    // ---- U&"…" identifiers ----

    @Test
    void unicodeIdentifiersAreDecodedAsPostgresDecodesThem() {
        ValidatedStatement s = accepted("SELECT U&\"d\\0061t\\+000061\" FROM U&\"t\"");
        assertTrue(s.sql().startsWith("SELECT \"data\" "), s.sql());
        assertEquals(List.of(new QualifiedName(null, "t")), s.references().relations());
        assertTrue(s.references().identifiers().contains("data"), s.references().toString());
        // UESCAPE, doubled quotes, escaped escape character and a surrogate pair.
        s = accepted("SELECT U&\"a!0021!!b\"\"c!D83D!DE00\" UESCAPE '!' FROM t");
        assertTrue(s.references().identifiers().contains("a!!b\"c\uD83D\uDE00"), s.references().toString());
        // Case is kept, as in any quoted identifier.
        assertTrue(accepted("SELECT U&\"Ab\" FROM t").references().identifiers().contains("Ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT U&\"pg_sleep\"(1)", "SELECT U&\"pg\\005fsleep\"(1)",
            "SELECT pg_catalog.U&\"\\0070g_sleep\"(1)", "SELECT U&\"pg!005Fsleep\" UESCAPE '!' (1)",
            "SELECT U&\"pg_read_file\"('postgresql.conf')", "SELECT U&\"pg\\+00005Fread\\+00005Ffile\"('x')",
            "SELECT x FROM t WHERE U&\"\\006Eextval\"('s') > 0"})
    void functionsSpelledWithUnicodeEscapesAreStillDenied(String sql) {
        rejected(sql, Reason.DENIED_FUNCTION);
    }

    @Test
    void relationsAndClausesSpelledWithUnicodeEscapesAreStillSeen() {
        assertEquals(List.of(new QualifiedName(null, "pg_authid")),
                accepted("SELECT * FROM U&\"pg\\005Fauthid\"").references().relations());
        rejected("SELECT * FROM U&\"t\" FOR UPDATE", Reason.LOCKING_CLAUSE);
        rejected("SELECT U&\"x\" FROM t; DROP TABLE t", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT U&'\\0027; DROP TABLE t'; DROP TABLE t", Reason.MULTIPLE_STATEMENTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT U&\"\\0000\"", "SELECT U&\"\\D800\"", "SELECT U&\"\\DC00x\"",
            "SELECT U&\"\\D800\\0041\"", "SELECT U&\"\\+110000\"", "SELECT U&\"\\12\"", "SELECT U&\"\\\"",
            "SELECT U&\"\"", "SELECT U&\"x\" UESCAPE 'a'", "SELECT U&\"x\" UESCAPE '!!'",
            "SELECT U&\"x\" UESCAPE E'!'", "SELECT U&\"x\" UESCAPE"})
    void invalidUnicodeEscapesAreSyntaxErrors(String sql) {
        SqlRejectedException e = rejected(sql, Reason.PARSE_ERROR);
        assertTrue(e.getMessage().startsWith("Syntax error at line 1, column "), e.getMessage());
    }

    @Test
    void unicodeStringsWithUescapeAreAccepted() {
        accepted("SELECT U&'d!0061t!+000061' UESCAPE '!' AS s");
        accepted("SELECT U&'d\\0061t\\+000061' AS s");
    }

    /** Any spelling of a denied function name with Unicode escapes is caught, with any escape character. */
    @Property(tries = 300)
    void everyUnicodeSpellingOfADeniedFunctionIsDenied(@ForAll("denied") String name, @ForAll long seed) {
        Random random = new Random(seed);
        char escape = "\\!#*~?@".charAt(random.nextInt(7));
        String sql = "SELECT " + unicodeSpelling(name, escape, random)
                + (escape == '\\' ? "" : " UESCAPE '" + escape + "'") + "(1)";
        rejected(sql, Reason.DENIED_FUNCTION);
    }

    /** And any spelling of a relation name reaches the relation policy as that name. */
    @Property(tries = 200)
    void everyUnicodeSpellingOfARelationIsReported(@ForAll("relation") String name, @ForAll long seed) {
        Random random = new Random(seed);
        String sql = "SELECT * FROM " + unicodeSpelling(name, '\\', random) + " r";
        assertEquals(List.of(new QualifiedName(null, name)), accepted(sql).references().relations(), sql);
    }

    @Provide
    Arbitrary<String> denied() {
        return Arbitraries.of(List.copyOf(FunctionPolicy.defaults().deniedFunctions()));
    }

    @Provide
    Arbitrary<String> relation() {
        return Arbitraries.of("pg_authid", "pg_shadow", "pg_user_mapping", "orders", "Mixed Case", "semi;colon");
    }

    private static String unicodeSpelling(String name, char escape, Random random) {
        StringBuilder sb = new StringBuilder("U&\"");
        for (char c : name.toCharArray()) {
            switch (random.nextInt(3)) {
                case 0 -> sb.append(c == escape ? "" + escape + escape : c == '"' ? "\"\"" : String.valueOf(c));
                case 1 -> sb.append(escape).append(String.format(Locale.ROOT, random.nextBoolean() ? "%04x" : "%04X", (int) c));
                default -> sb.append(escape).append('+').append(String.format(Locale.ROOT, "%06X", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    // ---- OPERATOR(…) ----

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 2 OPERATOR(pg_catalog.+) 3", "SELECT 2 OPERATOR(+) 3",
            "SELECT OPERATOR(pg_catalog.-) 3", "SELECT 2 OPERATOR( pg_catalog . /* c */ * ) 3",
            "SELECT x FROM t WHERE x OPERATOR(pg_catalog.=) 1 AND y OPERATOR(pg_catalog.<>) 2",
            "SELECT 'a' OPERATOR(pg_catalog.||) 'b'", "SELECT ARRAY[1] OPERATOR(pg_catalog.@>) ARRAY[1]"})
    void operatorConstructIsAccepted(String sql) {
        accepted(sql);
    }

    @Test
    void operatorConstructHidesNothing() {
        rejected("SELECT 2 OPERATOR(pg_catalog.+) 3; DROP TABLE t", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT 2 OPERATOR(pg_catalog./*) 3; */ +) 3; DELETE FROM t", Reason.MULTIPLE_STATEMENTS);
        rejected("SELECT OPERATOR(pg_catalog.+) nextval('s')", Reason.DENIED_FUNCTION);
        rejected("SELECT 1 OPERATOR(pg_catalog.+) pg_sleep(1)", Reason.DENIED_FUNCTION);
        rejected("SELECT * FROM t WHERE id OPERATOR(pg_catalog.=) 1 FOR UPDATE", Reason.LOCKING_CLAUSE);
        rejected("WITH d AS (DELETE FROM t RETURNING id) SELECT id OPERATOR(pg_catalog.+) 1 FROM d",
                Reason.DATA_MODIFYING_CTE);
        assertEquals(List.of(new QualifiedName(null, "pg_authid")),
                accepted("SELECT 1 OPERATOR(pg_catalog.+) (SELECT count(*) FROM pg_authid)").references().relations());
        // Not the construct: JSqlParser cannot read it, so PostgreSQL's parser decides (and refuses it).
        assertFalse(accepted("SELECT 2 OPERATOR(pg_catalog.+ 3").references().treeComplete());
    }

    // ---- words JSqlParser reserves ----

    static Stream<String> jsqlOnlyKeywords() {
        return SqlValidator.JSQL_ONLY_KEYWORDS.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("jsqlOnlyKeywords")
    void wordsOnlyJsqlParserReservesAreIdentifiersEverywhere(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        accepted("SELECT ';' AS " + w);
        accepted("SELECT 1 " + w);
        ValidatedStatement s = accepted("SELECT " + w + ", t." + w + " FROM t AS " + w + " ORDER BY " + word);
        assertEquals(List.of(new QualifiedName(null, "t")), s.references().relations());
        // As a table name it reaches the relation policy under its own name.
        assertEquals(List.of(new QualifiedName("s", w)), accepted("SELECT x FROM s." + word).references().relations());
    }

    static Stream<String> reservedLabels() {
        return SqlValidator.JSQL_RESERVED_LABELS.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("reservedLabels")
    void postgresKeywordsAreLabelsAfterAs(String word) {
        accepted("SELECT 1 AS " + word.toLowerCase(Locale.ROOT));
        accepted("SELECT x AS " + word + ", y FROM t");
    }

    @Test
    void keywordsKeepTheirMeaningElsewhere() {
        accepted("SELECT x IS UNKNOWN FROM t FULL JOIN u ON true");
        accepted("SELECT sum(x) OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t");
    }

    // ---- what JSqlParser cannot parse: accepted on its tokens, PostgreSQL decides the syntax ----

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'x' IS NFC NORMALIZED", "SELECT 'x' IS NOT NORMALIZED",
            "SELECT '{\"a\":1}'::jsonb @? '$.a'", "SELECT 'abc' ^@ 'a'", "SELECT |/ 25.0", "SELECT ||/ 27.0",
            "SELECT @ -5", "SELECT int4range(1, 3) -|- int4range(3, 5)",
            "SELECT a, count(*) FROM t GROUP BY DISTINCT ROLLUP (a, b)", "SELECT a FROM t ORDER BY a USING >",
            "SELECT j.a FROM t JOIN u USING (a) AS j", "SELECT xmlelement(name e, xmlattributes(1 AS y))",
            "SELECT 1 AS \"a\nb\"", "(SELECT 1 IS NORMALIZED)", "EXPLAIN SELECT @ -5",
            "WITH w AS (SELECT 'x' IS NFC NORMALIZED AS n) SELECT n FROM w"})
    void validPostgresSqlThatJsqlParserCannotParseIsAcceptedOnItsTokens(String sql) {
        ValidatedStatement s = accepted(sql);
        assertFalse(s.references().treeComplete(), "parsed by JSqlParser after all: " + sql);
        assertEquals(sql.strip(), s.sql());
    }

    @Test
    void tokenReferencesListEveryNameAndCall() {
        References r = accepted("SELECT s.t.a IS NFC NORMALIZED, f(x) FROM s.t, u WHERE g.h(1) > 0").references();
        assertTrue(r.relations().containsAll(List.of(new QualifiedName("s", "t"), new QualifiedName(null, "u"))),
                r.relations().toString());
        assertTrue(r.callCandidates().containsAll(List.of(new QualifiedName(null, "f"), new QualifiedName("g", "h"))),
                r.callCandidates().toString());
        assertTrue(r.functions().isEmpty(), r.functions().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // Each also carries syntax JSqlParser cannot read (IS NORMALIZED, GROUP BY DISTINCT, @ -5), so
            // only the tokens stand between it and PostgreSQL.
            "SELECT 'x' IS NORMALIZED; DROP TABLE t",
            "WITH d AS (DELETE FROM t RETURNING id) SELECT id IS NORMALIZED FROM d",
            "WITH d AS (SELECT 1) UPDATE t SET a = @ -5",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) CYCLE n SET c USING p "
                    + "DELETE FROM t WHERE a IS NORMALIZED",
            "WITH d AS (TRUNCATE t) SELECT @ -5",
            "SELECT @ -5； DROP TABLE t",
            "SELECT (pg_catalog.nextval)('s') IS NORMALIZED",
            "SELECT t.pg_sleep, @ -5 FROM t",
            "SELECT pg_sleep(10) IS NORMALIZED",
            "SELECT @ -5 INTO TEMP x",
            "SELECT @ -5 FROM t FOR UPDATE",
            "SELECT @ -5 FROM t FOR NO KEY UPDATE",
            "SELECT a FROM t GROUP BY DISTINCT a; COMMIT",
            "EXPLAIN ANALYZE SELECT @ -5",
            "SELECT U&\"pg\\005fsleep\"(1) IS NORMALIZED",
            "SELECT @ -5 FROM t WHERE x = (COPY t TO '/tmp/x')",
            "SELECT @ -5, lo_import('/etc/passwd')"})
    void whatJsqlParserCannotParseStillKeepsEverySafetyRule(String sql) {
        assertThrows(SqlRejectedException.class, () -> V.validate(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT (ARRAY[1, 2, 3])[:2]", "SELECT (ARRAY[1, 2, 3])[2:]", "SELECT (ARRAY[1, 2, 3])[:]",
            "SELECT a FROM t ORDER BY a FETCH FIRST ROW ONLY"})
    void arraySlicesWithoutABoundAndFetchFirstRowOnlyAreAccepted(String sql) {
        // JSqlParser parses them, but its tree walker trips over the missing bound or count of some:
        // the tree is then marked incomplete, which is not a reason to refuse.
        accepted(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", ")", "'x' IS NORMALIZED", "$1 IS NORMALIZED"})
    void textThatDoesNotStartAsAQueryIsStillRefusedHere(String sql) {
        rejected(sql, Reason.PARSE_ERROR);
    }

    @Test
    void syntaxErrorPositionsStayRightAfterRewrites() {
        // Only text that does not start as a query still gets JSqlParser's error; its position is the
        // caller's, after the rewrites (semi quoted, OPERATOR(…) shortened).
        SqlRejectedException e = rejected("1 semi, semi FROM t WHERE", Reason.PARSE_ERROR);
        assertTrue(e.getMessage().startsWith("Syntax error at line 1, column 1:"), e.getMessage());
    }

    // ---- NUL ----

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'a\u0000b'", "SELECT 1\u0000", "\u0000", "SELECT E'\\x00', '\u0000' FROM t"})
    void nulCharactersAreRefusedWithAClearMessage(String sql) {
        SqlRejectedException e = rejected(sql, Reason.PARSE_ERROR);
        assertTrue(e.getMessage().contains("NUL character"), e.getMessage());
        assertTrue(!e.getMessage().toLowerCase(Locale.ROOT).contains("retry"), e.getMessage());
    }
}
