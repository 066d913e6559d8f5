package dev.pgmcp.internal.sql;

import java.util.Objects;

/**
 * A statement that passed {@link SqlValidator#validate(String)}.
 *
 * @param sql            the input text with surrounding whitespace and a single trailing {@code ;}
 *                       removed. Comments are kept, so the text may end in a {@code --} comment:
 *                       callers that embed it in a larger statement must put a newline after it.
 * @param kind           the outermost statement kind
 * @param parameterCount the highest {@code $n} placeholder used, 0 if none; the executor binds
 *                       that many parameters
 * @param references     the functions and relations it refers to, for a {@link StatementPolicy}
 * @param jdbc           {@code sql} as pgJDBC takes it ({@link PlaceholderRewriter}), made from the
 *                       validator's tokens so that caller SQL is lexed once
 * @param shape          the statement's shape: its significant tokens with the values of plain literals
 *                       left out, so that {@code WHERE id = 41} and {@code WHERE id = 42} share one (see
 *                       {@code VerdictCache}); {@code null} when unknown or too long to remember
 */
public record ValidatedStatement(String sql, StatementKind kind, int parameterCount, References references,
                                 PlaceholderRewriter.Rewritten jdbc, String shape) {

    /** Checks the invariants: non-null text, kind, references and JDBC text, non-negative parameter count. */
    public ValidatedStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(jdbc, "jdbc");
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameterCount must be >= 0: " + parameterCount);
        }
    }

    /** A statement whose shape is not known. */
    public ValidatedStatement(String sql, StatementKind kind, int parameterCount, References references,
                              PlaceholderRewriter.Rewritten jdbc) {
        this(sql, kind, parameterCount, references, jdbc, null);
    }

    /**
     * A statement built without the validator's tokens: its JDBC text is made here.
     *
     * @throws SqlRejectedException as {@link PlaceholderRewriter#rewrite(String)}
     */
    public ValidatedStatement(String sql, StatementKind kind, int parameterCount, References references) {
        this(sql, kind, parameterCount, references, PlaceholderRewriter.rewrite(sql));
    }

    /** A statement whose references are {@link References#UNKNOWN unknown}. */
    public ValidatedStatement(String sql, StatementKind kind, int parameterCount) {
        this(sql, kind, parameterCount, References.UNKNOWN);
    }
}
