package dev.pgmcp.stdio;

import dev.pgmcp.mcp.JsonRpc;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The protocol output (stdout): one JSON-RPC message per line (MCP "Transports", stdio), encoded
 * straight into the stream by the thread that produced it. Messages from several threads never
 * interleave: each is written and flushed whole under this writer's lock.
 */
final class LineWriter {

    private final OutputStream out;
    /**
     * {@link #out} as the JSON encoder sees it: it flushes its target when a message ends, which would
     * cost a {@code write(2)} for the message and another for the line break; the line goes out whole,
     * in one, when {@link #write} flushes after the line break. Nor may it close stdout.
     */
    private final OutputStream encoderView;

    LineWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.encoderView = new FilterOutputStream(this.out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream's own writes byte by byte
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param message a JSON-RPC message (a map) or a batch of responses (a list of maps)
     * @throws IOException when stdout is gone (the client closed it)
     */
    synchronized void write(Object message) throws IOException {
        JsonRpc.write(message, encoderView);
        out.write('\n');
        out.flush();
    }
}
