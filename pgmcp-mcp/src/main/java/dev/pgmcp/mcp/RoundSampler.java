package dev.pgmcp.mcp;

import dev.pgmcp.spi.InputRequiredException;
import dev.pgmcp.spi.Sampler;
import dev.pgmcp.spi.SamplingException;
import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.SamplingResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sampling in one round of a 2026-07-28 multi round-trip request: the n-th question of the call has
 * the key {@code sample-n}; if the client already answered it (this round's {@code inputResponses},
 * or an earlier round's, carried in the sealed {@code requestState}) the answer comes back at once,
 * else {@link InputRequiredException} ends the round and the client is asked. A call that asks the
 * same questions given the same answers (pgmcp's natural-language query does) so converges, one
 * question per round. One instance serves one round of one call.
 */
final class RoundSampler implements Sampler {

    static final String KEY_PREFIX = "sample-";

    private final Map<String, Object> answers;
    private int asked;

    /** @param answers the answers so far, by key, each {@code {"text": ..., "model": ...}} */
    RoundSampler(Map<String, Object> answers) {
        this.answers = new LinkedHashMap<>(answers);
    }

    @Override
    public synchronized SamplingResult sample(SamplingRequest request) {
        String key = KEY_PREFIX + (++asked);
        Object answer = answers.get(key);
        if (answer == null) {
            throw new InputRequiredException(key, request);
        }
        return result(answer);
    }

    /** @return the answers so far, to seal into the next round's state */
    synchronized Map<String, Object> answers() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /**
     * @param createMessageResult a client's {@code CreateMessageResult} ({@code role}, {@code content}, {@code model})
     * @return what is kept of it: {@code {"text": ..., "model": ...}}, or {@code {"refused": why}} when
     *         it holds no text (the tool then gets a {@link SamplingException})
     */
    static Map<String, Object> answer(Map<?, ?> createMessageResult) {
        Map<String, Object> kept = new LinkedHashMap<>();
        if (createMessageResult.get("content") instanceof Map<?, ?> content && "text".equals(content.get("type"))
                && content.get("text") instanceof String text) {
            kept.put("text", text);
            if (createMessageResult.get("model") instanceof String model) {
                kept.put("model", model);
            }
        } else {
            kept.put("refused", "the client's sampling answer holds no text content");
        }
        return kept;
    }

    /**
     * @param answer a client's {@code CreateMessageResult}, or an answer as {@link #answer} keeps it
     * @return the sampling result
     * @throws SamplingException when it holds no text
     */
    static SamplingResult result(Object answer) {
        if (answer instanceof Map<?, ?> m) {
            Map<?, ?> kept = m.containsKey("text") || m.containsKey("refused") ? m : answer(m);
            if (kept.get("text") instanceof String text) {
                return new SamplingResult(text, kept.get("model") instanceof String model ? model : null);
            }
        }
        throw new SamplingException("the client's sampling/createMessage answered without text content");
    }
}
