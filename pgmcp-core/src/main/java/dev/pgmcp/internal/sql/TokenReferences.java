package dev.pgmcp.internal.sql;

import dev.pgmcp.internal.sql.SqlLexer.Kind;
import dev.pgmcp.internal.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a statement may refer to, from its tokens alone, for SQL that JSqlParser cannot parse (its
 * grammar is not PostgreSQL's): every name, qualified or not, that is not followed by {@code (} is a
 * relation candidate, every name followed by {@code (} a call candidate. A relation policy checks the
 * candidates that name a relation and ignores the rest (columns, aliases, keywords), which
 * over-approximates what the statement reads: a name that is not written cannot be read, except
 * through a function, and those are call candidates.
 *
 * <p>Used for a tool's own SQL and for caller SQL that {@link SqlValidator} accepted on its tokens;
 * the references are marked incomplete ({@link References#treeComplete()} false) either way.
 */
public final class TokenReferences {

    private TokenReferences() {
    }

    /**
     * @param sql a statement's text
     * @return a statement of kind {@link StatementKind#SELECT} (the kind is not looked at), no
     *         parameters counted, whose {@link References} hold the token candidates and are marked
     *         incomplete ({@link References#treeComplete()} false)
     */
    public static ValidatedStatement of(String sql) {
        List<Token> tokens = new ArrayList<>();
        for (Token t : SqlLexer.tokenizeUntilError(sql).tokens()) {
            if (!t.isTrivia()) {
                tokens.add(t);
            }
        }
        return new ValidatedStatement(sql, StatementKind.SELECT, 0, of(tokens));
    }

    /**
     * @param tokens a statement's significant tokens (no trivia)
     * @return the token candidates, marked incomplete
     */
    static References of(List<Token> tokens) {
        Set<QualifiedName> relations = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!isName(tokens.get(i))) {
                continue;
            }
            List<String> parts = new ArrayList<>(2);
            parts.add(tokens.get(i).text());
            int last = i;
            if (i + 2 < tokens.size() && tokens.get(i + 1).kind() == Kind.DOT && isName(tokens.get(i + 2))) {
                parts.add(tokens.get(i + 2).text());
                last = i + 2;
            }
            boolean call = last + 1 < tokens.size() && tokens.get(last + 1).kind() == Kind.LPAREN;
            if (!call) {
                QualifiedName name = QualifiedName.of(parts);
                if (name != null) {
                    relations.add(name);
                }
                if (parts.size() == 2) {
                    QualifiedName second = QualifiedName.of(parts.subList(1, 2));
                    if (second != null) {
                        relations.add(second); // alias.column, or a relation after a schema
                    }
                }
            }
            i = last == i ? i : last - 1; // the second part starts the next candidate too
        }
        return new References(List.of(), new ArrayList<>(relations), SqlValidator.callCandidates(tokens),
                SqlValidator.identifiers(tokens), false);
    }

    private static boolean isName(Token t) {
        return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENT;
    }
}
