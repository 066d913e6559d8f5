package dev.pgmcp.spi;

/**
 * PostgreSQL refused or failed a statement, or the database could not be reached. Carries what a
 * client may see: the SQLSTATE and PostgreSQL's own message (plus detail and hint when given),
 * never a stack trace or credentials.
 */
public final class QueryException extends RuntimeException {

    private final String sqlState;
    private final String detail;
    private final String hint;
    private final boolean connectionProblem;

    /**
     * @param sqlState          the five-character SQLSTATE, e.g. {@code 42P01}, or {@code null} if unknown
     * @param message           PostgreSQL's primary message
     * @param detail            PostgreSQL's DETAIL, or {@code null}
     * @param hint              PostgreSQL's HINT, or {@code null}
     * @param connectionProblem whether the database was unreachable or the connection was lost
     *                          (SQLSTATE class 08, or no connection within the timeout)
     */
    public QueryException(String sqlState, String message, String detail, String hint, boolean connectionProblem) {
        super(message);
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.connectionProblem = connectionProblem;
    }

    /** @return the SQLSTATE (PostgreSQL Appendix A, "Error Codes"), or {@code null} */
    public String sqlState() {
        return sqlState;
    }

    /** @return PostgreSQL's DETAIL line, or {@code null} */
    public String detail() {
        return detail;
    }

    /** @return PostgreSQL's HINT line, or {@code null} */
    public String hint() {
        return hint;
    }

    /** @return whether the failure was reaching the database rather than the statement itself */
    public boolean connectionProblem() {
        return connectionProblem;
    }

    /**
     * @return one or more lines for a person: {@code ERROR 42P01: relation "x" does not exist} plus
     *         detail and hint; for a connection problem
     *         {@code Database unavailable 57P01: terminating connection due to administrator command; retry shortly}
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(connectionProblem ? "Database unavailable" : "ERROR");
        if (sqlState != null) {
            sb.append(' ').append(sqlState);
        }
        String message = getMessage();
        if (connectionProblem) {
            // pgJDBC's connection messages end with a full stop; the advice follows after a semicolon.
            sb.append(": ").append(message.endsWith(".") ? message.substring(0, message.length() - 1) : message)
                    .append("; retry shortly");
        } else {
            sb.append(": ").append(message);
        }
        if (detail != null) {
            sb.append("\nDETAIL: ").append(detail);
        }
        if (hint != null) {
            sb.append("\nHINT: ").append(hint);
        }
        return sb.toString();
    }
}
