package dev.pgmcp.spi;

/**
 * Asks the MCP client's own language model for a completion (MCP "Sampling":
 * {@code sampling/createMessage}, spec revision 2025-06-18), so that a tool can use the client's
 * model without an API key of its own. A transport offers one to a tool call only when the client
 * declared the {@code sampling} capability in {@code initialize} (see {@link ToolContext#sampling()}).
 *
 * <p>For a legacy client (protocol up to 2025-11-25) the call blocks the tool's thread until the
 * client answers (the client may show the request to its user first) or the session's request
 * timeout passes. For a 2026-07-28 client it answers at once when the client already gave the answer
 * (a retry of the call), and otherwise throws {@link InputRequiredException}, which ends this round of
 * the call. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sampler {

    /**
     * @param request the system prompt, the conversation and the most tokens to generate
     * @return the client's answer (its text and the model that wrote it)
     * @throws SamplingException      when the client refuses, fails, answers with something other
     *                                 than text, or does not answer in time
     * @throws InputRequiredException when the client answers in a later round (see above); tools let it pass
     */
    SamplingResult sample(SamplingRequest request);
}
