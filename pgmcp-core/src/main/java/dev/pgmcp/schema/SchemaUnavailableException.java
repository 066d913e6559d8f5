package dev.pgmcp.schema;

/**
 * Thrown by {@link SchemaCache} when the catalog could not be loaded (the database is unreachable, a
 * catalog query failed or timed out). The message includes the underlying error's message; the cause is
 * the original exception, usually a {@link java.sql.SQLException}.
 */
public final class SchemaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, including the underlying error's message
     * @param cause   the underlying error
     */
    public SchemaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
