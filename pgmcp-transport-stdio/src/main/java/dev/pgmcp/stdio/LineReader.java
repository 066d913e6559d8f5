package dev.pgmcp.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads stdin one newline-delimited message at a time (MCP "Transports", stdio), into one buffer that
 * grows up to {@link #MAX_LINE_BYTES}. A longer line is skipped to its end without being held in
 * memory; its first {@value #PREFIX_BYTES} bytes are kept, so the error answer can name the request's
 * id when the client put it first (most do).
 */
final class LineReader {

    /** The longest message accepted (4 MiB). */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    /** How much of a too-long line is kept to find its id. */
    static final int PREFIX_BYTES = 4096;

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private int length;
    private long total;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next line (without its newline; a trailing carriage return is dropped).
     *
     * @return false at end of input
     */
    boolean next() throws IOException {
        length = 0;
        total = 0;
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    return total > 0;
                }
                chunkPos = 0;
                chunkEnd = n;
            }
            int start = chunkPos;
            int end = start;
            while (end < chunkEnd && chunk[end] != '\n') {
                end++;
            }
            append(start, end);
            if (end < chunkEnd) {
                chunkPos = end + 1;
                if (length > 0 && line[length - 1] == '\r' && total <= MAX_LINE_BYTES) {
                    length--;
                    total--;
                }
                return true;
            }
            chunkPos = chunkEnd;
        }
    }

    private void append(int start, int end) {
        int n = end - start;
        total += n;
        int keep = n;
        if (total > MAX_LINE_BYTES) {
            length = Math.min(length, PREFIX_BYTES); // too long: keep only the prefix, for the id
            keep = Math.max(0, Math.min(n, PREFIX_BYTES - length));
        }
        if (keep > 0) {
            if (length + keep > line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(length + keep, line.length * 2)));
            }
            System.arraycopy(chunk, start, line, length, keep);
            length += keep;
        }
    }

    /** @return whether the current line exceeds {@link #MAX_LINE_BYTES} (only its prefix was kept) */
    boolean tooLong() {
        return total > MAX_LINE_BYTES;
    }

    /** @return the line's full length in bytes, also when it was too long */
    long totalLength() {
        return total;
    }

    /** @return the buffer holding the line (or its prefix) from offset 0; valid until the next {@link #next()} */
    byte[] bytes() {
        return line;
    }

    /** @return how many bytes of {@link #bytes()} hold the line (or its prefix) */
    int length() {
        return length;
    }

    /** @return whether more input is already read past the current line (the start of the next) */
    boolean buffered() {
        return chunkPos < chunkEnd;
    }

    /** @return whether the line holds nothing but white space */
    boolean blank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
