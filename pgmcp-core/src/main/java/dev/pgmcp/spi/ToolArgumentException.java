package dev.pgmcp.spi;

/**
 * A tool's arguments are missing or invalid. The message names the argument and what is accepted;
 * the client gets it as an error result.
 */
public final class ToolArgumentException extends RuntimeException {

    /** @param message e.g. {@code "limit: must be between 1 and 1000, got 0"} */
    public ToolArgumentException(String message) {
        super(message);
    }
}
