package dev.pgmcp.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * An in-memory pipe for driving the stdio server in-process: bytes written to {@link #out} are read
 * from {@link #in}, by any threads. (java.io's piped streams do not fit: they fail once a thread that
 * read or wrote them has ended, and the server reads and writes from more than one thread, as it
 * does on a real pipe.) Closing {@link #out} is end of input for the reader, after what was written.
 */
final class BytePipe {

    private final byte[] buffer;
    private int head;
    private int count;
    private boolean closed;

    /** @param capacity bytes written and not yet read before a writer waits */
    BytePipe(int capacity) {
        this.buffer = new byte[capacity];
    }

    final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (BytePipe.this) {
                while (count == 0 && !closed) {
                    await();
                }
                if (count == 0) {
                    return -1;
                }
                int n = Math.min(len, Math.min(count, buffer.length - head));
                System.arraycopy(buffer, head, b, off, n);
                head = (head + n) % buffer.length;
                count -= n;
                BytePipe.this.notifyAll();
                return n;
            }
        }
    };

    final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (BytePipe.this) {
                while (len > 0) {
                    if (closed) {
                        throw new IOException("pipe closed");
                    }
                    while (count == buffer.length) {
                        await();
                    }
                    int tail = (head + count) % buffer.length;
                    int n = Math.min(len, Math.min(buffer.length - count, buffer.length - tail));
                    System.arraycopy(b, off, buffer, tail, n);
                    count += n;
                    off += n;
                    len -= n;
                    BytePipe.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                closed = true;
                BytePipe.this.notifyAll();
            }
        }
    };

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }
}
