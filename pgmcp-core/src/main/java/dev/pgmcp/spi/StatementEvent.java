package dev.pgmcp.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement the executor ran or refused, as {@link QueryListener#statementStarted} and
 * {@link QueryListener#statementEnded} receive it. It carries the SQL text and the NUMBER of bound
 * parameters, never their values (they may be personal data). The start event has no outcome yet
 * ({@code outcome == null}, numbers at {@code -1}); the end event repeats the start's fields and adds
 * the rest.
 *
 * @param tool            the tool whose call ran the statement, or {@code null} outside a tool call
 *                        (a host application using the executor directly)
 * @param database        the database alias the statement ran on
 * @param principal       who called ({@link Principal#LOCAL} outside a tool call)
 * @param sql             the SQL text as given (for validated SQL: after the validator trimmed it)
 * @param parameterCount  how many parameter values were bound ({@code $1..$n})
 * @param startedAt       when the executor received the statement (UTC instant)
 * @param durationMillis  wall time in milliseconds (connection, execution and reading the rows), or
 *                        {@code -1} on the start event
 * @param rows            rows returned after any cap, or {@code -1} when none were read
 * @param bytes           approximate encoded size of the rows returned, in bytes, or {@code -1}
 * @param truncated       whether a cap cut the result
 * @param truncation      which caps cut it, comma-separated ({@code rows}, {@code bytes}, {@code cells}, e.g. {@code rows,cells}), or {@code null}
 * @param outcome         {@link Outcome#OK}, {@link Outcome#ERROR}, {@link Outcome#REJECTED} or
 *                        {@link Outcome#CANCELLED}; {@code null} on the start event
 * @param sqlState        PostgreSQL's SQLSTATE when it failed the statement (Appendix A), else {@code null}
 * @param rejectionReason the validator's reason in lower case (e.g. {@code denied_function}) when
 *                        rejected, else {@code null}
 * @param errorMessage    the error message (one line), or {@code null}
 * @param role            the database role the statement ran as (per-person roles: the role mapped to the
 *                        principal), or {@code null} when it ran as the role pgmcp logs in as
 */
public record StatementEvent(String tool, String database, Principal principal, String sql, int parameterCount,
                             Instant startedAt, long durationMillis, long rows, long bytes, boolean truncated,
                             String truncation, Outcome outcome, String sqlState, String rejectionReason,
                             String errorMessage, String role) {

    public StatementEvent {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** An event of a statement run as the login role. */
    public StatementEvent(String tool, String database, Principal principal, String sql, int parameterCount,
                          Instant startedAt, long durationMillis, long rows, long bytes, boolean truncated,
                          String truncation, Outcome outcome, String sqlState, String rejectionReason,
                          String errorMessage) {
        this(tool, database, principal, sql, parameterCount, startedAt, durationMillis, rows, bytes, truncated,
                truncation, outcome, sqlState, rejectionReason, errorMessage, null);
    }

    /** @return the start event of a statement run as the login role */
    public static StatementEvent started(String tool, String database, Principal principal, String sql,
                                         int parameterCount) {
        return started(tool, database, principal, sql, parameterCount, null);
    }

    /**
     * @param role the role the statement runs as, or {@code null} for the login role
     * @return the start event of a statement
     */
    public static StatementEvent started(String tool, String database, Principal principal, String sql,
                                         int parameterCount, String role) {
        return new StatementEvent(tool, database, principal, sql, parameterCount, Instant.now(), -1, -1, -1, false,
                null, null, null, null, null, role);
    }

    /** @return the end event of a statement that returned rows */
    public StatementEvent succeeded(long durationMillis, long rows, long bytes, boolean truncated, String truncation) {
        return new StatementEvent(tool, database, principal, sql, parameterCount, startedAt, durationMillis, rows,
                bytes, truncated, truncation, Outcome.OK, null, null, null, role);
    }

    /** @return the end event of a statement that failed, was rejected or was cancelled */
    public StatementEvent failed(long durationMillis, Outcome outcome, String sqlState, String rejectionReason,
                                 String errorMessage) {
        return new StatementEvent(tool, database, principal, sql, parameterCount, startedAt, durationMillis, -1, -1,
                false, null, Objects.requireNonNull(outcome, "outcome"), sqlState, rejectionReason, errorMessage, role);
    }

    /** @return whether this is an end event */
    public boolean isEnd() {
        return outcome != null;
    }
}
