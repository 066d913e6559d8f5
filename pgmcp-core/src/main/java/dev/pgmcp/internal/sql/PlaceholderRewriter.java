package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns PostgreSQL-style {@code $n} placeholders into JDBC {@code ?} markers for pgJDBC.
 *
 * <p>pgJDBC treats every {@code ?} outside literals and comments as a parameter marker, so two
 * things happen outside string literals (including {@code E'…'} strings with backslash escapes),
 * dollar-quoted strings, quoted identifiers and comments:
 * <ul>
 *   <li>each {@code $n} becomes {@code ?}, left to right, and {@link Rewritten#parameterOrder()}
 *       records {@code n} for it; a reused {@code $1} becomes two {@code ?} both bound to 1;</li>
 *   <li>each literal {@code ?} (the jsonb operators {@code ?}, {@code ?|}, {@code ?&}) becomes
 *       {@code ??}, pgJDBC's escape for a question mark that is not a parameter.</li>
 * </ul>
 * Everything else is copied unchanged.
 */
public final class PlaceholderRewriter {

    private PlaceholderRewriter() {
    }

    /**
     * The result of a rewrite.
     *
     * @param jdbcSql        the text to pass to {@code Connection.prepareStatement}
     * @param parameterOrder for the i-th {@code ?} (0-based array index) the 1-based {@code $n}
     *                       index whose value must be bound at JDBC position i + 1
     * @param subquery       whether the text can stand as a subquery, {@code (text)}, exactly as it
     *                       stands alone: it starts with {@code SELECT}, {@code WITH}, {@code VALUES},
     *                       {@code TABLE} or {@code (}, holds no {@code ;}, and its parentheses
     *                       balance without ever closing one that was not opened (so no text can
     *                       close the parenthesis around it)
     */
    public record Rewritten(String jdbcSql, int[] parameterOrder, boolean subquery) {

        /** Copies the array so the record stays immutable. */
        public Rewritten {
            Objects.requireNonNull(jdbcSql, "jdbcSql");
            parameterOrder = parameterOrder.clone();
        }

        /** A rewrite of text that is not known to stand as a subquery. */
        public Rewritten(String jdbcSql, int[] parameterOrder) {
            this(jdbcSql, parameterOrder, false);
        }

        /** @return a copy of the binding order */
        @Override
        public int[] parameterOrder() {
            return parameterOrder.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rewritten r && r.jdbcSql.equals(jdbcSql)
                    && Arrays.equals(r.parameterOrder, parameterOrder) && r.subquery == subquery;
        }

        @Override
        public int hashCode() {
            return 31 * jdbcSql.hashCode() + Arrays.hashCode(parameterOrder);
        }

        @Override
        public String toString() {
            return "Rewritten[jdbcSql=" + jdbcSql + ", parameterOrder=" + Arrays.toString(parameterOrder)
                    + ", subquery=" + subquery + "]";
        }
    }

    /**
     * @param sql PostgreSQL text, normally one that passed {@link SqlValidator#validate(String)}
     * @return the JDBC text and, for each {@code ?} in it, the 1-based {@code $n} index it binds
     * @throws SqlRejectedException PARSE_ERROR if a literal, identifier or comment is unterminated
     *                              (the text could not be rewritten safely); MULTIPLE_STATEMENTS when
     *                              a statement follows a {@code ;}
     */
    public static Rewritten rewrite(String sql) {
        Objects.requireNonNull(sql, "sql");
        return rewrite(sql, SqlLexer.tokenize(sql), 0, sql.length());
    }

    /**
     * As {@link #rewrite(String)}, for {@code sql.substring(from, to)} from the tokens the validator
     * already has, so caller SQL is lexed once.
     *
     * @param tokens every token of {@code sql}; those inside {@code [from, to)} are rewritten
     */
    static Rewritten rewrite(String sql, List<SqlLexer.Token> all, int from, int to) {
        List<SqlLexer.Token> tokens = all;
        if (from > 0 || to < sql.length()) {
            tokens = new java.util.ArrayList<>(all.size());
            for (SqlLexer.Token t : all) {
                if (t.start() >= from && t.end() <= to) {
                    tokens.add(t);
                }
            }
        }
        StringBuilder out = new StringBuilder(to - from + 8);
        int[] order = new int[8];
        int count = 0;
        boolean afterSemicolon = false;
        boolean first = true;
        boolean subquery = true;
        int depth = 0;
        for (SqlLexer.Token t : tokens) {
            if (!t.isTrivia()) {
                if (first) {
                    subquery = t.kind() == SqlLexer.Kind.LPAREN || t.isKeyword("SELECT") || t.isKeyword("WITH")
                            || t.isKeyword("VALUES") || t.isKeyword("TABLE");
                    first = false;
                }
                switch (t.kind()) {
                    case LPAREN -> depth++;
                    case RPAREN -> subquery &= --depth >= 0;
                    case SEMICOLON -> subquery = false;
                    default -> {
                        // neither opens nor closes a level
                    }
                }
            }
            if (afterSemicolon && !t.isTrivia() && t.kind() != SqlLexer.Kind.SEMICOLON) {
                // pgJDBC would send each statement separately: a COMMIT among them would end the READ
                // ONLY transaction and let the next statement write. Only one statement per call.
                throw new SqlRejectedException(SqlRejectedException.Reason.MULTIPLE_STATEMENTS,
                        "only one statement per call; a second statement starts at " + SqlLexer.position(sql, t.start()));
            }
            afterSemicolon |= t.kind() == SqlLexer.Kind.SEMICOLON;
            switch (t.kind()) {
                case PARAM -> {
                    if (count == order.length) {
                        order = Arrays.copyOf(order, count * 2);
                    }
                    order[count++] = t.paramNumber();
                    out.append('?');
                }
                case OPERATOR -> out.append(t.text().replace("?", "??"));
                default -> out.append(sql, t.start(), t.end());
            }
        }
        return new Rewritten(out.toString(), Arrays.copyOf(order, count), subquery && !first && depth == 0);
    }
}
