package dev.pgmcp.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransport;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A line-based session transport (stdio) whose outgoing messages pgmcp writes itself: each message
 * is encoded and written as one line on the thread that produced it (a tool call's worker), instead
 * of being queued for the SDK transport's writer thread.
 *
 * <p>Why: the SDK hands every outgoing message to a Reactor sink drained by a writer thread, so each
 * answer cost one more thread wake-up and the sink's bookkeeping (in a profile of the shared harness's
 * point queries over stdio: about 10% of the server's CPU, and one scheduling delay per call). The
 * {@link McpServers.LineOutput} keeps lines whole, so concurrent calls never interleave. Incoming
 * messages, closing and unmarshalling stay with the SDK transport.
 */
final class DirectLineSends extends ForwardingTransport {

    private final McpJsonMapper mapper;
    private final ObjectWriter writer; // null when the mapper is not Jackson's
    private final McpServers.LineOutput out;

    DirectLineSends(McpServerTransport delegate, McpJsonMapper mapper, McpServers.LineOutput out) {
        super(delegate);
        this.mapper = mapper;
        this.writer = mapper instanceof JacksonMcpJsonMapper jackson ? jackson.getJsonMapper().writer() : null;
        this.out = out;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            try {
                // UTF-8 bytes straight from the encoder: no intermediate String of a large result
                // (a 10,000-row answer is ~2 MB), and, with Jackson, not copied into one array either.
                // Encoded completely before anything is written: a failure leaves no partial line.
                // A JSON encoder never writes a raw line break.
                if (writer != null) {
                    ChunkedBytes bytes = new ChunkedBytes();
                    writer.writeValue(bytes, message);
                    out.writeLine(bytes);
                } else {
                    out.writeLine(mapper.writeValueAsBytes(message));
                }
                if (message instanceof McpSchema.JSONRPCResponse response) {
                    out.answered(response.id());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
