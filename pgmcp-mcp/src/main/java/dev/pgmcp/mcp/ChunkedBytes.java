package dev.pgmcp.mcp;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory output stream that keeps what is written as a list of chunks and writes them out in
 * order ({@link #writeTo}), so that an encoded message is never copied into one array.
 *
 * <p>Why: Jackson's {@code writeValueAsBytes} fills segments and then copies them into one array
 * of the message's size; for a 10,000-row answer (~2 MB) that is 4 MB allocated per call instead
 * of 2, and a 2 MB copy. Chunks start at 4 KiB (most messages are small) and double up to 256 KiB.
 *
 * <p>Not thread-safe: one message, one thread.
 */
final class ChunkedBytes extends OutputStream implements McpServers.EncodedLine {

    private static final int FIRST_CHUNK = 4 * 1024;
    private static final int LARGEST_CHUNK = 256 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[FIRST_CHUNK];
    private int used;

    @Override
    public void write(int b) {
        if (used == current.length) {
            next();
        }
        current[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == current.length) {
                next();
            }
            int n = Math.min(len, current.length - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    private void next() {
        full.add(current);
        current = new byte[Math.min(LARGEST_CHUNK, current.length * 2)];
        used = 0;
    }

    @Override
    public void writeTo(OutputStream out) throws java.io.IOException {
        for (byte[] chunk : full) {
            out.write(chunk);
        }
        out.write(current, 0, used);
    }
}
