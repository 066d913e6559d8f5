package dev.pgmcp.nlq;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;

/**
 * The generation rate limits of one process ({@code PGMCP_LLM_REQUESTS_PER_MINUTE},
 * {@code PGMCP_LLM_TOKENS_PER_MINUTE}; defaults 60 and 100,000): two Bucket4j token buckets
 * refilled greedily per minute, as {@code dev.pgmcp.internal.engine.RateLimiter} does for tool calls. Tokens are
 * taken before a request by estimate (prompt + most answer tokens) and corrected after it when the
 * endpoint reports its usage. Thread-safe.
 */
final class GenerationLimiter {

    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;

    GenerationLimiter(long requestsPerMinute, long tokensPerMinute, TimeMeter clock) {
        this.requests = requestsPerMinute > 0 ? bucket(requestsPerMinute, clock) : null;
        this.tokens = tokensPerMinute > 0 ? bucket(tokensPerMinute, clock) : null;
        this.tokenCapacity = tokensPerMinute;
    }

    static GenerationLimiter of(LlmSettings settings) {
        return new GenerationLimiter(settings.requestsPerMinute(), settings.tokensPerMinute(), TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * Takes one request and {@code estimatedTokens} tokens, or neither.
     *
     * @throws GenerationException when a limit is spent (saying in how many seconds to retry), or when the
     *                             request alone needs more tokens than a minute allows
     */
    void acquire(long estimatedTokens) {
        if (tokens != null && estimatedTokens > tokenCapacity) {
            throw new GenerationException("Rate limit: this question needs about " + estimatedTokens
                    + " model tokens, more than " + "PGMCP_LLM_TOKENS_PER_MINUTE" + " (" + tokenCapacity
                    + ") allows per minute; lower " + "PGMCP_LLM_SCHEMA_TOKENS" + " or raise the limit.");
        }
        if (requests != null) {
            ConsumptionProbe p = requests.tryConsumeAndReturnRemaining(1);
            if (!p.isConsumed()) {
                throw spent("PGMCP_LLM_REQUESTS_PER_MINUTE", "SQL-generation requests", p);
            }
        }
        if (tokens != null) {
            ConsumptionProbe p = tokens.tryConsumeAndReturnRemaining(estimatedTokens);
            if (!p.isConsumed()) {
                if (requests != null) {
                    requests.addTokens(1); // the request was not made
                }
                throw spent("PGMCP_LLM_TOKENS_PER_MINUTE", "model tokens", p);
            }
        }
    }

    /** Charges tokens a request used beyond its estimate (may leave the bucket in debt). */
    void charge(long extraTokens) {
        if (tokens != null && extraTokens > 0) {
            tokens.consumeIgnoringRateLimits(extraTokens);
        }
    }

    private static GenerationException spent(String setting, String what, ConsumptionProbe p) {
        long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new GenerationException("Rate limit exceeded: " + what + " per minute (" + setting
                + ") are spent. Retry in " + seconds + " second" + (seconds == 1 ? "" : "s") + ".");
    }

    private static Bucket bucket(long perMinute, TimeMeter clock) {
        return Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }
}
