package dev.pgmcp.internal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script (a corpus file) into its statements at the {@code ;} separators that
 * PostgreSQL would see, using pgmcp's own {@link SqlLexer}: a {@code ;} inside a string literal,
 * dollar-quoted string, quoted identifier or comment does not end a statement.
 *
 * <p>It lives in {@code dev.pgmcp.internal.sql} (in the benchmark module, not in pgmcp-core) because the
 * lexer is package-private there: the corpus must be cut exactly as the validator reads it, and a
 * second, simpler splitter would cut differently on exactly the tricky statements a corpus holds.
 */
public final class SqlScripts {

    private SqlScripts() {
    }

    /**
     * @param script statements separated by {@code ;}; the last one may omit it
     * @return each statement's text without its {@code ;}, stripped of surrounding whitespace
     *         (comments before a statement stay with it); pieces holding only whitespace and
     *         comments are dropped
     * @throws SqlRejectedException PARSE_ERROR when a literal, identifier or comment is unterminated
     */
    public static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean significant = false;
        for (SqlLexer.Token t : SqlLexer.tokenize(script)) {
            if (t.kind() == SqlLexer.Kind.SEMICOLON) {
                if (significant) {
                    out.add(script.substring(start, t.start()).strip());
                }
                start = t.end();
                significant = false;
            } else if (!t.isTrivia()) {
                significant = true;
            }
        }
        if (significant) {
            out.add(script.substring(start).strip());
        }
        return out;
    }
}
