package dev.pgmcp.nlq;

import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.SamplingResult;

/**
 * Where generated SQL comes from: the MCP client's own model ({@link #sampling}) or an
 * OpenAI-compatible endpoint ({@link OpenAiCompatibleClient}).
 */
interface SqlGenerator {

    /** @return how the result names the source: {@code sampling} or {@code endpoint} */
    String source();

    /**
     * @param request the prompt
     * @return the model's answer; {@link SamplingResult#model()} may be {@code null}
     * @throws GenerationException (or {@link dev.pgmcp.spi.SamplingException}) when no answer came
     */
    SamplingResult generate(SamplingRequest request);

    /** @return a generator asking the client's model through MCP sampling */
    static SqlGenerator sampling(dev.pgmcp.spi.Sampler sampler) {
        return new SqlGenerator() {
            @Override
            public String source() {
                return "sampling";
            }

            @Override
            public SamplingResult generate(SamplingRequest request) {
                return sampler.sample(request);
            }
        };
    }
}
