package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.spi.SqlRejectedException.Reason;

import java.util.List;
import java.util.Set;

/**
 * Reads the {@code EXPLAIN [ANALYZE] [VERBOSE]} or {@code EXPLAIN ( option [value], … )} prefix of a
 * statement with our own tokens and returns where the explained statement starts.
 *
 * <p>Why not JSqlParser: 5.4 does not parse {@code EXPLAIN ANALYSE} (British spelling, which
 * PostgreSQL accepts) nor {@code EXPLAIN TABLE t}, and it is lenient about option lists. Reading
 * the short prefix ourselves makes ANALYZE detection exact in every spelling, and the explained
 * statement is then validated like any top-level query.
 */
final class ExplainHeader {

    /** PostgreSQL 17 EXPLAIN options; ANALYZE/ANALYSE are recognised and rejected. */
    private static final Set<String> OPTIONS = Set.of("VERBOSE", "COSTS", "SETTINGS", "GENERIC_PLAN",
            "BUFFERS", "SERIALIZE", "WAL", "TIMING", "SUMMARY", "MEMORY", "FORMAT");

    private ExplainHeader() {
    }

    /**
     * @param tokens significant tokens; {@code tokens.get(0)} is the EXPLAIN keyword
     * @param sql    the statement text, for error positions
     * @return index of the first token of the explained statement
     * @throws SqlRejectedException EXPLAIN_ANALYZE, or PARSE_ERROR for a malformed option list
     */
    static int skip(List<Token> tokens, String sql) {
        int i = 1;
        if (i < tokens.size() && tokens.get(i).kind() == Kind.LPAREN) {
            i++;
            while (true) {
                if (i >= tokens.size()) {
                    throw error(sql, sql.length(), "unterminated EXPLAIN option list");
                }
                Token name = tokens.get(i);
                if (name.kind() != Kind.WORD) {
                    throw error(sql, name.start(), "expected an EXPLAIN option, found \"" + name.text() + "\"");
                }
                String option = name.keyword();
                if (isAnalyze(option)) {
                    throw analyze();
                }
                if (!OPTIONS.contains(option)) {
                    throw error(sql, name.start(), "unknown EXPLAIN option \"" + name.text() + "\"");
                }
                i++;
                // Optional value: a word (ON, JSON, …), number or string.
                if (i < tokens.size() && (tokens.get(i).kind() == Kind.WORD
                        || tokens.get(i).kind() == Kind.NUMBER || tokens.get(i).kind() == Kind.STRING)) {
                    i++;
                }
                if (i < tokens.size() && tokens.get(i).kind() == Kind.COMMA) {
                    i++;
                    continue;
                }
                if (i < tokens.size() && tokens.get(i).kind() == Kind.RPAREN) {
                    i++;
                    break;
                }
                int at = i < tokens.size() ? tokens.get(i).start() : sql.length();
                throw error(sql, at, "expected ',' or ')' in EXPLAIN option list");
            }
        } else {
            // Legacy form: EXPLAIN [ANALYZE] [VERBOSE] statement.
            while (i < tokens.size()) {
                String kw = tokens.get(i).keyword();
                if (isAnalyze(kw)) {
                    throw analyze();
                }
                if (!kw.equals("VERBOSE")) {
                    break;
                }
                i++;
            }
        }
        if (i >= tokens.size()) {
            throw error(sql, sql.length(), "EXPLAIN needs a statement to explain");
        }
        return i;
    }

    private static boolean isAnalyze(String keyword) {
        return keyword.equals("ANALYZE") || keyword.equals("ANALYSE");
    }

    private static SqlRejectedException analyze() {
        return new SqlRejectedException(Reason.EXPLAIN_ANALYZE,
                "EXPLAIN ANALYZE is not allowed: it executes the statement. Use plain EXPLAIN.");
    }

    private static SqlRejectedException error(String sql, int offset, String what) {
        return new SqlRejectedException(Reason.PARSE_ERROR,
                "Syntax error at " + SqlLexer.position(sql, offset) + ": " + what);
    }
}
