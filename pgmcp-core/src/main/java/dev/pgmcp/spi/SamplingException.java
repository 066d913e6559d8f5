package dev.pgmcp.spi;

/**
 * A {@link Sampler} got no usable answer: the client refused the request (e.g. its user declined it),
 * failed, did not answer within the request timeout, or answered with something other than text. The
 * message is fit for the client.
 */
public final class SamplingException extends RuntimeException {

    /** @param message what went wrong, fit for the client */
    public SamplingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, fit for the client
     * @param cause   the underlying failure (kept for the server log)
     */
    public SamplingException(String message, Throwable cause) {
        super(message, cause);
    }
}
