package dev.pgmcp.stdio;

import dev.pgmcp.mcp.McpServers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol output (stdout): passes bytes on one whole line at a time, so that lines written by
 * two threads (the SDK's transport, and {@link JsonRpcLineFilter} answering bad input itself) never
 * interleave. The SDK writes a message and its newline in separate calls; the message is held here
 * until its newline arrives.
 */
final class LineWriter extends OutputStream {

    private final OutputStream out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LineWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one complete message line (a newline is added) and flushes. */
    synchronized void writeLine(String json) throws IOException {
        writeLine(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one complete message line, already UTF-8 (a newline is added), and flushes. */
    synchronized void writeLine(byte[] json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    /** Writes one complete message line given in pieces (a newline is added), and flushes. */
    synchronized void writeLine(McpServers.EncodedLine json) throws IOException {
        json.writeTo(out);
        out.write('\n');
        out.flush();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        partial.write(b);
        if (b == '\n') {
            partial.writeTo(out);
            partial.reset();
            out.flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                partial.write(b, start, i + 1 - start);
                partial.writeTo(out);
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(b, start, off + len - start);
        if (start > off) {
            out.flush();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        partial.writeTo(out);
        partial.reset();
        out.close();
    }
}
