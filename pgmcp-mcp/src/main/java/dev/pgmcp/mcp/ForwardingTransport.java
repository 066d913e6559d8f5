package dev.pgmcp.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpServerTransport;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * A session transport that forwards everything to the SDK's own transport; subclasses change only
 * how outgoing messages are sent ({@link SerializedSends}, {@link DirectLineSends}).
 */
abstract class ForwardingTransport implements McpServerTransport {

    /** The SDK transport that keeps receiving, closing and unmarshalling. */
    protected final McpServerTransport delegate;

    ForwardingTransport(McpServerTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
