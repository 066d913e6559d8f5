package dev.pgmcp.testing;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An output stream that keeps each write it receives whole, as UTF-8 text, in order, as the system
 * call behind a real stream would see it (one {@code write(2)} per call), and whether it was closed.
 * For tests of how many writes a message or a log line costs.
 */
public final class RecordingStream extends OutputStream {

    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    @Override
    public void write(int b) {
        writes.add(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b, int off, int len) {
        writes.add(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** @return the text of each write so far, in order (a copy) */
    public List<String> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed;
    }
}
