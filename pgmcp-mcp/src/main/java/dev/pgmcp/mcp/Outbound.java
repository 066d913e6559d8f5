package dev.pgmcp.mcp;

import java.io.IOException;
import java.util.Map;

/**
 * Where the messages the server sends while it handles a request go: notifications about that
 * request (progress, log messages) and requests to the client (legacy {@code sampling/createMessage}).
 * Over stdio that is the output stream; over Streamable HTTP the request's own SSE stream.
 */
@FunctionalInterface
public interface Outbound {

    /** Sends nowhere: for transports that cannot reach the client during a request (stateless HTTP). */
    Outbound NONE = message -> {
        throw new IOException("this transport cannot send messages to the client during a request");
    };

    /**
     * Sends one JSON-RPC message; safe from any thread (messages never interleave).
     *
     * @param message a JSON-RPC notification or request, as plain maps
     * @throws IOException when the client can no longer be reached
     */
    void send(Map<String, Object> message) throws IOException;
}
