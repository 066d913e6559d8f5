package dev.pgmcp.internal.policy;

/**
 * A function's volatility class, from {@code pg_proc.provolatile} (PostgreSQL documentation,
 * "Function Volatility Categories"), ordered from least to most volatile.
 */
public enum Volatility {
    /** {@code i}: same result for the same arguments, no side effects. */
    IMMUTABLE,
    /** {@code s}: same result within one statement, no side effects (reads the database or settings). */
    STABLE,
    /** {@code v}: may return different results on every call and may have side effects. */
    VOLATILE;

    /**
     * @param provolatile the catalog code: {@code i}, {@code s} or {@code v}
     * @return the class; an unknown code counts as {@link #VOLATILE} (the conservative choice)
     */
    public static Volatility fromCode(String provolatile) {
        if ("i".equals(provolatile)) {
            return IMMUTABLE;
        }
        if ("s".equals(provolatile)) {
            return STABLE;
        }
        return VOLATILE;
    }

    /** @return the more volatile of the two */
    public Volatility max(Volatility other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
