package dev.pgmcp.stdio;

import dev.pgmcp.mcp.JsonRpc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The protocol output (stdout): one JSON-RPC message per line (MCP "Transports", stdio), encoded
 * straight into the stream by the thread that produced it. Messages from several threads never
 * interleave: each is written and flushed whole under this writer's lock.
 */
final class LineWriter {

    private final OutputStream out;

    LineWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    /**
     * @param message a JSON-RPC message (a map) or a batch of responses (a list of maps)
     * @throws IOException when stdout is gone (the client closed it)
     */
    synchronized void write(Object message) throws IOException {
        JsonRpc.write(message, out);
        out.write('\n');
        out.flush();
    }
}
