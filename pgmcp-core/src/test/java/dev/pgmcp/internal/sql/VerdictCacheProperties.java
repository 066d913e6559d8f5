package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.testing.SqlCorpus.Entry;
import dev.pgmcp.testing.SqlCorpus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator's shape cache ({@link VerdictCache}) never changes a verdict: a validator that has
 * seen a statement answers that statement's siblings (the same tokens with other literal values)
 * exactly as a fresh validator does, and no hostile statement gets through a validator warmed with
 * every benign one.
 */
class VerdictCacheProperties {

    /** The benign entries the validator accepts (as in CorpusProperties). */
    private static final List<String> BENIGN = CorpusProperties.BENIGN;

    /** Hostile entries the validator alone must reject (CorpusProperties' list also holds statements that are only hostile after a ';'). */
    private static final List<String> HOSTILE = SqlCorpus.hostile().stream()
            .filter(SqlCorpus::refusedByTheValidatorAlone)
            .map(Entry::sql).toList();

    @Property(tries = 400)
    void aSiblingOfACachedStatementGetsTheVerdictAFreshValidatorGives(@ForAll("benign") String sql,
                                                                       @ForAll long seed) {
        SqlValidator warmed = SqlValidator.withDefaults();
        warmed.validate(sql);
        String sibling = withOtherLiterals(sql, new Random(seed));
        Object fresh = verdict(SqlValidator.withDefaults(), sibling);
        Object cached = verdict(warmed, sibling);
        assertEquals(fresh, cached, "sibling:\n" + sibling + "\n--- of:\n" + sql);
    }

    @Property(tries = 300)
    void noHostileStatementOrSiblingPassesAValidatorWarmedWithEveryBenignOne(@ForAll("hostile") String sql,
                                                                           @ForAll long seed) {
        String sibling = withOtherLiterals(sql, new Random(seed));
        // A lookup of a server path setting is refused for its literal (the one rule that reads one,
        // before the cache): a sibling with another setting name is not hostile. Likewise a UESCAPE
        // literal decides which name a U&"…" identifier spells: with another escape character the
        // sibling names another (harmless) function.
        boolean forItsLiteral = refusedForAPathSetting(sql)
                || sql.toUpperCase(java.util.Locale.ROOT).contains("UESCAPE");
        for (String candidate : forItsLiteral ? List.of(sql) : List.of(sql, sibling)) {
            assertThrows(SqlRejectedException.class, () -> WARMED.validate(candidate), candidate);
        }
    }

    private static final SqlValidator WARMED = SqlValidator.withDefaults();

    private static boolean refusedForAPathSetting(String sql) {
        try {
            SqlValidator.withDefaults().validate(sql);
            return false;
        } catch (SqlRejectedException e) {
            return e.getMessage().startsWith("Reading server file paths");
        }
    }

    @Example
    void aCachedSettingLookupDoesNotLetAPathSettingThrough() {
        SqlValidator v = SqlValidator.withDefaults();
        v.validate("SELECT current_setting('work_mem')");
        assertEquals(1, v.cachedShapes());
        assertThrows(SqlRejectedException.class, () -> v.validate("SELECT current_setting('data_directory')"));
        assertThrows(SqlRejectedException.class, () -> v.validate("SELECT current_setting('HBA_FILE')"));
    }

    static {
        Random random = new Random(7);
        for (String sql : BENIGN) {
            WARMED.validate(sql);
            try {
                WARMED.validate(withOtherLiterals(sql, random));
            } catch (SqlRejectedException e) {
                // A sibling may be refused for its own reason; the property is about the hostile set.
            }
        }
    }

    @Example
    void explainSiblingsShareTheVerdictAndAnalyzeIsStillRefused() {
        SqlValidator v = SqlValidator.withDefaults();
        v.validate("EXPLAIN (FORMAT JSON) SELECT * FROM t WHERE id = 1");
        assertEquals(StatementKind.EXPLAIN, v.validate("EXPLAIN (FORMAT JSON) SELECT * FROM t WHERE id = 2").kind());
        assertEquals(1, v.cachedShapes());
        assertThrows(SqlRejectedException.class, () -> v.validate("EXPLAIN (FORMAT JSON, ANALYZE) SELECT * FROM t WHERE id = 2"));
    }

    @Example
    void theCachedAnswerCarriesTheTextAtHandNotTheFirstOne() {
        SqlValidator v = SqlValidator.withDefaults();
        v.validate("SELECT * FROM customers WHERE id = 41 AND name = 'a'");
        ValidatedStatement second = v.validate("  SELECT * FROM customers /* c */ WHERE id = 42 AND name = 'it''s';");
        assertEquals("SELECT * FROM customers /* c */ WHERE id = 42 AND name = 'it''s'", second.sql());
        assertEquals(1, v.cachedShapes());
    }

    @Example
    void aStatementAfterTheSemicolonIsRejectedEvenWhenTheFirstIsCached() {
        SqlValidator v = SqlValidator.withDefaults();
        v.validate("SELECT * FROM t WHERE id = 1");
        assertThrows(SqlRejectedException.class, () -> v.validate("SELECT * FROM t WHERE id = 2; DROP TABLE t"));
        assertThrows(SqlRejectedException.class, () -> v.validate("SELECT * FROM t WHERE id = 2; '"));
    }

    @Example
    void shapesDifferInEveryTokenButPlainLiteralContents() {
        assertEquals(key("SELECT 41"), key("select 41".replace("select", "SELECT")));
        assertEquals(key("SELECT 41, 'x'"), key("SELECT 97, 'it''s'"));
        assertTrue(!key("SELECT 41").equals(key("SELECT 4.1")));
        // An integer by the type PostgreSQL gives it, whatever its digits.
        assertEquals(key("SELECT 7"), key("SELECT 2147483647"));
        assertEquals(key("SELECT 7"), key("SELECT 007"));
        assertEquals(key("SELECT 2147483648"), key("SELECT 9223372036854775807"));
        assertTrue(!key("SELECT 2147483647").equals(key("SELECT 2147483648")), "int4, int8");
        assertTrue(!key("SELECT 9223372036854775807").equals(key("SELECT 9223372036854775809")), "int8, numeric");
        assertTrue(!key("SELECT -9223372036854775808").equals(key("SELECT -9223372036854775809")),
                "int8 after a minus, numeric");
        assertEquals(key("SELECT 9223372036854775809"), key("SELECT 123456789012345678901234567890"));
        assertEquals(key("SELECT 4.2"), key("SELECT 1.7"));
        assertTrue(!key("SELECT 'x'").equals(key("SELECT E'x'")));
        assertTrue(!key("SELECT $1").equals(key("SELECT $2")), "placeholders set the parameter count");
        assertTrue(!key("SELECT ab FROM c").equals(key("SELECT a FROM bc")));
        assertNotNull(key("SELECT 1"));
        assertNull(key("SELECT " + "x, ".repeat(2_000) + "1"), "too long to remember");
    }

    @Example
    void theCacheIsBounded() {
        SqlValidator v = SqlValidator.withDefaults();
        for (int i = 0; i < VerdictCache.MAX_ENTRIES + 200; i++) {
            v.validate("SELECT c" + i + " FROM t");
        }
        assertEquals(VerdictCache.MAX_ENTRIES, v.cachedShapes());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static String key(String sql) {
        return VerdictCache.key(SqlLexer.tokenize(sql).stream().filter(t -> !t.isTrivia())
                .takeWhile(t -> t.kind() != Kind.SEMICOLON).toList());
    }

    /** The verdict as a comparable value: the accepted statement, or the rejection's reason and message. */
    private static Object verdict(SqlValidator v, String sql) {
        try {
            return v.validate(sql);
        } catch (SqlRejectedException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    /** The same text with every number's digits and every plain string's contents replaced at random. */
    static String withOtherLiterals(String sql, Random random) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlRejectedException e) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        for (Token t : tokens) {
            String text = t.text();
            if (t.kind() == Kind.NUMBER) {
                StringBuilder n = new StringBuilder();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    n.append(c >= '0' && c <= '9' ? (char) ('0' + random.nextInt(10)) : c);
                }
                out.append(n);
            } else if (t.kind() == Kind.STRING) {
                int quote = text.indexOf('\'');
                out.append(text, 0, quote + 1);
                String alphabet = "abcXYZ019 ;,()-*/%_\\'";
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    out.append(c == '\'' ? "''" : String.valueOf(c));
                }
                out.append('\'');
            } else {
                out.append(text);
            }
        }
        return out.toString();
    }

    @Provide
    Arbitrary<String> benign() {
        return Arbitraries.of(BENIGN);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of(HOSTILE);
    }
}
