package dev.pgmcp.internal.sql;

/**
 * A check that runs after {@link SqlValidator#validate(String)} and before a caller's statement is
 * sent, typically one that needs the database (which functions exist and how volatile they are).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface StatementPolicy {

    /** Accepts everything (the validator's own checks still apply). */
    StatementPolicy ALLOW_ALL = statement -> { };

    /**
     * @param statement a statement the validator accepted, with its {@link References}
     * @throws SqlRejectedException when the statement must not run
     * @throws RuntimeException     when the policy cannot decide (e.g. the database cannot be reached
     *                              to read its catalog); the statement must then not run either
     */
    void check(ValidatedStatement statement);

    /**
     * The check for a statement a tool wrote itself (not caller SQL): only what decides which
     * relations' rows it reads. Runs only when {@link #restrictsReads()}.
     *
     * @param statement the tool's statement, as the validator parsed it, or, when JSqlParser cannot
     *                  parse it, with token candidates for references ({@link TokenReferences})
     * @throws SqlRejectedException when it reads a relation the caller may not read
     */
    default void checkToolReads(ValidatedStatement statement) {
    }

    /** @return whether {@link #checkToolReads} can refuse anything (then tools' own SQL is read and checked too) */
    default boolean restrictsReads() {
        return false;
    }
}
