package dev.pgmcp.spi;

import java.util.Locale;

/** How a tool call or a statement ended, as {@link QueryListener}s and the audit log see it. */
public enum Outcome {
    /** Completed; for a tool, a result that is not an error. */
    OK,
    /** Failed: a PostgreSQL error (with its SQLSTATE), an unreachable database, bad arguments, or a tool fault. */
    ERROR,
    /** The SQL validator refused the statement; nothing was sent to PostgreSQL. */
    REJECTED,
    /** The caller's rate limit was exhausted; the tool did not run. */
    RATE_LIMITED,
    /** The client cancelled the call (PostgreSQL stopped the statement: SQLSTATE 57014 "due to user request"). */
    CANCELLED,
    /**
     * The call needs an answer from the client's model first (MCP 2026-07-28 multi round-trip
     * request, see {@link InputRequiredException}); the client retries it with the answer.
     */
    INPUT_REQUIRED;

    /** @return the lower-case name written to the audit log and used as a metric tag, e.g. {@code rate_limited} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
