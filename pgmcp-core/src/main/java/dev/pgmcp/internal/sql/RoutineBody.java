package dev.pgmcp.internal.sql;

import dev.pgmcp.internal.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * What the body of a SQL or PL/pgSQL function says about its effects, read with pgmcp's PostgreSQL
 * lexer (literals, dollar quotes and comments are never mistaken for code): the functions it may
 * call, and the first word that starts a statement other than a query ({@code INSERT}, {@code COPY},
 * {@code EXECUTE} of dynamic SQL…; not {@code BEGIN}, which opens a PL/pgSQL block). PL/pgSQL is not SQL, but its statements are SQL words and
 * expressions between the same kinds of tokens, which is all this looks at.
 *
 * @param readable whether the lexer read the whole text (false: an unterminated literal or comment)
 * @param calls    every name that may be a call, as {@link SqlValidator#callCandidates} finds them in
 *                 caller SQL: a name before {@code (}, and a name after a dot (attribute notation)
 * @param otherStatement the first word that starts a statement other than a query, upper case, with its
 *                 line and column in the body ({@code "INSERT at line 3, column 5"}), or {@code null}
 */
public record RoutineBody(boolean readable, List<QualifiedName> calls, String otherStatement) {

    /**
     * @param source the function's body ({@code pg_proc.prosrc}, or the deparsed SQL-standard body)
     * @return what it says
     */
    public static RoutineBody read(String source) {
        SqlLexer.Result lexed = SqlLexer.tokenizeUntilError(source);
        List<Token> tokens = new ArrayList<>();
        for (Token t : lexed.tokens()) {
            if (!t.isTrivia()) {
                tokens.add(t);
            }
        }
        String other = null;
        for (Token t : tokens) {
            // BEGIN opens a PL/pgSQL block; a function cannot start a transaction.
            if (TokenGuards.startsOtherStatement(t) && !t.isKeyword("BEGIN")) {
                other = t.keyword() + " at " + SqlLexer.position(source, t.start());
                break;
            }
        }
        return new RoutineBody(lexed.error() == null, List.copyOf(SqlValidator.callCandidates(tokens)), other);
    }
}
