package dev.pgmcp.nlq;

import dev.pgmcp.spi.Sampler;
import dev.pgmcp.spi.SamplingException;
import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.SamplingResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A client's model that answers from a script, in order, and records every request it got. */
final class ScriptedSampler implements Sampler {

    private final Deque<String> answers;
    final List<SamplingRequest> requests = new ArrayList<>();

    ScriptedSampler(String... answers) {
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public synchronized SamplingResult sample(SamplingRequest request) {
        requests.add(request);
        if (answers.isEmpty()) {
            throw new SamplingException("the script has no more answers");
        }
        return new SamplingResult(answers.poll(), "scripted-model");
    }
}
