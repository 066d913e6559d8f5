package dev.pgmcp.internal.sql;

/** The kind of read-only statement a {@link ValidatedStatement} is, judged by its outermost form. */
public enum StatementKind {
    /** {@code SELECT …}, a parenthesised select, or a set operation (UNION / INTERSECT / EXCEPT). */
    SELECT,
    /** {@code VALUES (…), (…)}. */
    VALUES,
    /** {@code TABLE name}, PostgreSQL's shorthand for {@code SELECT * FROM name}. */
    TABLE,
    /** {@code WITH … SELECT} (also WITH … VALUES / TABLE), with read-only CTE bodies. */
    WITH_SELECT,
    /** {@code EXPLAIN} (never ANALYZE) of one of the other kinds. */
    EXPLAIN
}
