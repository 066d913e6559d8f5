package dev.pgmcp.spi;

import java.util.Objects;

/**
 * Thrown by a {@link Sampler} whose client answers in a later round: MCP 2026-07-28's multi
 * round-trip requests ("Multi Round-Trip Requests"), where the server does not wait for the client's
 * model but ends the call with the questions ({@code InputRequiredResult}) and the client retries the
 * call with the answers. The call then runs again from the start, and the sampler answers the
 * questions of earlier rounds at once, in the order they were asked (so a tool must ask the same
 * questions in the same order when given the same answers, as any tool that only depends on its
 * arguments, the database and the answers does).
 *
 * <p>Tools do not catch it (it is not a {@link SamplingException}): the engine passes it to the
 * protocol layer, and the call's audit outcome is {@link Outcome#INPUT_REQUIRED}.
 */
public final class InputRequiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient SamplingRequest request;

    /**
     * @param key     the question's key, unique within the call (the round's {@code inputRequests} key)
     * @param request what to ask the client's model
     */
    public InputRequiredException(String key, SamplingRequest request) {
        super("input required: " + key, null, false, false);
        this.key = Objects.requireNonNull(key, "key");
        this.request = Objects.requireNonNull(request, "request");
    }

    /** @return the question's key */
    public String key() {
        return key;
    }

    /** @return what to ask the client's model */
    public SamplingRequest request() {
        return request;
    }
}
