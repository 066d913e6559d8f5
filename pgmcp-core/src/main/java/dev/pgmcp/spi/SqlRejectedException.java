package dev.pgmcp.spi;

import java.util.Objects;

/**
 * Thrown by {@link SqlValidator#validate(String)} when a query must not be run.
 *
 * <p>The {@link #reason()} is meant for programs (metrics, tests, mapping to error codes); the
 * {@link #getMessage() message} is meant for people and for the AI assistant that wrote the query,
 * so it names the offending statement kind, function or clause and never contains a parser stack
 * dump.
 */
public final class SqlRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a query was rejected. */
    public enum Reason {
        /** Nothing but whitespace and comments. */
        EMPTY,
        /** The text is not valid SQL (or too complex to analyse in the time allowed). */
        PARSE_ERROR,
        /** More than one statement; pgJDBC would run every one of them. */
        MULTIPLE_STATEMENTS,
        /** A statement kind other than SELECT, VALUES, TABLE, WITH … SELECT or EXPLAIN. */
        NOT_READ_ONLY,
        /** A WITH item that is an INSERT, UPDATE, DELETE or MERGE. */
        DATA_MODIFYING_CTE,
        /** {@code SELECT … INTO table}, which creates a table. */
        SELECT_INTO,
        /** {@code FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE}, which take row locks. */
        LOCKING_CLAUSE,
        /** A call to a function on the {@link FunctionPolicy} denylist. */
        DENIED_FUNCTION,
        /** {@code EXPLAIN ANALYZE}, which executes the statement. */
        EXPLAIN_ANALYZE,
        /** The text is longer than the validator's configured limit. */
        TOO_LONG,
        /** A call to a VOLATILE function (per {@code pg_proc.provolatile}) that is not on the allowlist. */
        VOLATILE_FUNCTION,
        /** A call to a function that {@code pg_proc} does not have (misspelt, or created after the catalog was read). */
        UNKNOWN_FUNCTION,
        /** A table or view that the relation policy denies (credential catalogs, configured schema/table lists). */
        DENIED_RELATION,
        /**
         * PostgreSQL's plan estimate for the statement ({@code EXPLAIN} without ANALYZE, nothing run)
         * exceeds the database's cost budget ({@code PGMCP_MAX_QUERY_COST}).
         */
        COST_BUDGET
    }

    private final Reason reason;

    /**
     * @param reason  machine-readable category, never null
     * @param message human-readable explanation
     */
    public SqlRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return the machine-readable category of the rejection */
    public Reason reason() {
        return reason;
    }
}
