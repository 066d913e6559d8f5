package dev.pgmcp.nlq;

/**
 * SQL generation failed: the endpoint could not be reached, refused the request, timed out after its
 * retries or answered with something that is not a chat completion, or a generation rate limit is
 * spent. The message is fit for the client and never contains the API key.
 */
public final class GenerationException extends RuntimeException {

    /** @param message what went wrong, fit for the client */
    public GenerationException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, fit for the client
     * @param cause   the underlying failure (for the server log; never carries the key either)
     */
    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
