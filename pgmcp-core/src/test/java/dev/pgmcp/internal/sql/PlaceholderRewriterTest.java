package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.testing.SqlCorpus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Unit tests for {@link PlaceholderRewriter}. */
class PlaceholderRewriterTest {

    private static void check(String in, String out, int... order) {
        PlaceholderRewriter.Rewritten r = PlaceholderRewriter.rewrite(in);
        assertEquals(out, r.jdbcSql(), in);
        assertArrayEquals(order, r.parameterOrder(), in);
    }

    @Test
    void placeholdersBecomeQuestionMarksInOrder() {
        check("SELECT * FROM t WHERE a = $2 AND b = $1", "SELECT * FROM t WHERE a = ? AND b = ?", 2, 1);
    }

    @Test
    void reusedPlaceholderBindsTwice() {
        check("SELECT $1, $1 + 1", "SELECT ?, ? + 1", 1, 1);
    }

    @Test
    void noPlaceholders() {
        check("SELECT 1", "SELECT 1");
    }

    @Test
    void literalsCommentsAndIdentifiersUntouched() {
        check("SELECT '$1 ?', E'\\'$2?', $$ $3 ? $$, $q$ $4 $q$, \"$5?\" -- $6 ?\n/* $7 ? /* $8 */ */ FROM t",
                "SELECT '$1 ?', E'\\'$2?', $$ $3 ? $$, $q$ $4 $q$, \"$5?\" -- $6 ?\n/* $7 ? /* $8 */ */ FROM t");
    }

    @Test
    void jsonbQuestionOperatorsAreEscaped() {
        check("SELECT data ? 'k', data ?| array['a'], data ?& array[$1] FROM t",
                "SELECT data ?? 'k', data ??| array['a'], data ??& array[?] FROM t", 1);
    }

    @Test
    void identifiersWithDollarAreNotPlaceholders() {
        check("SELECT a$1 FROM t WHERE x = $1", "SELECT a$1 FROM t WHERE x = ?", 1);
    }

    @Test
    void castAfterPlaceholder() {
        check("SELECT $1::int", "SELECT ?::int", 1);
    }

    @Test
    void unterminatedLiteralIsRefused() {
        assertThrows(SqlRejectedException.class, () -> PlaceholderRewriter.rewrite("SELECT '$1"));
    }

    @Test
    void resultIsImmutable() {
        PlaceholderRewriter.Rewritten r = PlaceholderRewriter.rewrite("SELECT $1");
        r.parameterOrder()[0] = 9;
        assertEquals(1, r.parameterOrder()[0]);
    }

    @Test
    void theValidatorsJdbcTextIsTheRewriteOfTheStatementFromTheTokensItAlreadyHas() {
        SqlValidator validator = SqlValidator.withDefaults();
        int checked = 0;
        for (SqlCorpus.Entry e : SqlCorpus.benign()) {
            for (String sql : java.util.List.of(e.sql(), "  \n" + e.sql() + " ;\n ", "/* c */ " + e.sql())) {
                ValidatedStatement v = validator.validate(sql);
                assertEquals(PlaceholderRewriter.rewrite(v.sql()), v.jdbc(), sql);
                // Asked again: the shape is cached, the JDBC text is still this statement's.
                assertEquals(PlaceholderRewriter.rewrite(v.sql()), validator.validate(sql).jdbc(), sql);
                checked++;
            }
        }
        assertEquals(3 * SqlCorpus.benign().size(), checked);
    }
}
