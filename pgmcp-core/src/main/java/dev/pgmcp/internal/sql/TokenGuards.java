package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;
import dev.pgmcp.spi.SqlRejectedException.Reason;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Token-level second line of defence behind {@link TreeInspector}.
 *
 * <p>Why both: the tree walk gives precise answers but depends on JSqlParser building (and its
 * finder visiting) every node the way PostgreSQL would; a grammar gap there must not become a
 * hole here. These checks look only at PostgreSQL tokens from {@link SqlLexer} (literals and
 * comments already excluded), so they cannot be fooled by parser differences. They may reject a
 * contrived query (a column literally named {@code update} right after {@code FOR}), never accept a
 * dangerous one. They also give a better reason than PARSE_ERROR when JSqlParser cannot parse a
 * query that is dangerous anyway (e.g. {@code SELECT * INTO TEMP t}).
 */
final class TokenGuards {

    private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private TokenGuards() {
    }

    /**
     * @param tokens significant tokens (no trivia) of one statement, EXPLAIN header excluded
     * @throws SqlRejectedException at the first rule broken
     */
    static void check(List<Token> tokens, FunctionPolicy policy) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token prev = i > 0 ? tokens.get(i - 1) : null;
            String kw = t.keyword();
            if (DML.contains(kw) && prev != null) {
                if (prev.kind() == Kind.LPAREN) {
                    throw TreeInspector.dataModifyingCte(null);
                }
                if (prev.kind() == Kind.RPAREN && !kw.equals("UPDATE")) {
                    // WITH … ( … ) DELETE FROM … : the main statement itself modifies data.
                    throw new SqlRejectedException(Reason.NOT_READ_ONLY, SqlValidator.notReadOnly(kw));
                }
            }
            if (kw.equals("INTO")) {
                throw new SqlRejectedException(Reason.SELECT_INTO,
                        "SELECT … INTO is not allowed: it creates a table. Remove the INTO clause.");
            }
            if (kw.equals("FOR")) {
                String mode = lockMode(tokens, i + 1);
                if (mode != null) {
                    throw TreeInspector.lockingClause(mode);
                }
            }
            if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENT)
                    && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.LPAREN
                    && policy.isDenied(t.text())) {
                // Any identifier directly followed by '(' may be a call; qualification such as
                // pg_catalog. is ignored by isDenied, so only the last part matters.
                throw TreeInspector.deniedFunction(t.text());
            }
        }
    }

    /**
     * Words that start a statement other than a query, which no read-only query needs unquoted (the
     * words that also name common columns or appear inside queries, such as {@code START},
     * {@code COMMENT}, {@code SET}, {@code END} or {@code FETCH}, are left out).
     */
    private static final Set<String> OTHER_STATEMENTS = Set.of("ABORT", "ALTER", "BEGIN", "CALL", "CHECKPOINT",
            "CLUSTER", "COMMIT", "COPY", "CREATE", "DEALLOCATE", "DISCARD", "DO", "DROP", "EXECUTE", "GRANT",
            "IMPORT", "LISTEN", "LOAD", "LOCK", "NOTIFY", "PREPARE", "REASSIGN", "REFRESH", "REINDEX", "REVOKE",
            "ROLLBACK", "SAVEPOINT", "SECURITY", "TRUNCATE", "UNLISTEN", "VACUUM");

    /**
     * The stricter rules for a statement JSqlParser could not parse, run after {@link #check}. With no
     * tree to say what the statement is, the tokens must: any INSERT, UPDATE, DELETE or MERGE word, or
     * one that starts another kind of statement ({@link #OTHER_STATEMENTS}), refuses it wherever it
     * stands (after a CTE's SEARCH or CYCLE clause, say, where {@link #check} looks for none), and so
     * does a denied function named anywhere a call may hide ({@link SqlValidator#callCandidates}:
     * attribute notation {@code t.fn}, a parenthesised name). A column so named can still be written
     * as a quoted identifier.
     *
     * @param tokens significant tokens of one statement, EXPLAIN header excluded
     * @param policy functions to reject
     * @throws SqlRejectedException NOT_READ_ONLY or DENIED_FUNCTION at the first such word
     */
    static void checkWithoutTree(List<Token> tokens, FunctionPolicy policy) {
        for (Token t : tokens) {
            String kw = t.keyword();
            if (startsOtherStatement(t)) {
                String got = kw + " at " + SqlLexer.position(t.source(), t.start())
                        + " (a column of that name is written as a quoted identifier: \""
                        + kw.toLowerCase(Locale.ROOT) + "\")";
                throw new SqlRejectedException(Reason.NOT_READ_ONLY, SqlValidator.notReadOnly(got));
            }
        }
        for (QualifiedName candidate : SqlValidator.callCandidates(tokens)) {
            if (policy.isDenied(candidate.name())) {
                throw TreeInspector.deniedFunction(candidate.name());
            }
        }
    }

    /** @return whether the token is a word that starts a statement other than a query (INSERT, DROP, COPY…) */
    static boolean startsOtherStatement(Token t) {
        return DML.contains(t.keyword()) || OTHER_STATEMENTS.contains(t.keyword());
    }

    private static String lockMode(List<Token> tokens, int i) {
        String a = keywordAt(tokens, i);
        String b = keywordAt(tokens, i + 1);
        String c = keywordAt(tokens, i + 2);
        if (a.equals("UPDATE") || a.equals("SHARE")) {
            return a;
        }
        if (a.equals("KEY") && b.equals("SHARE")) {
            return "KEY SHARE";
        }
        if (a.equals("NO") && b.equals("KEY") && c.equals("UPDATE")) {
            return "NO KEY UPDATE";
        }
        return null;
    }

    private static String keywordAt(List<Token> tokens, int i) {
        return i < tokens.size() ? tokens.get(i).keyword() : "";
    }
}
