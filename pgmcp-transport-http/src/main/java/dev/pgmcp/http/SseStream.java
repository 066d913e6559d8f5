package dev.pgmcp.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One server-sent-events stream (MCP Streamable HTTP, "Sending Messages to the Server" and
 * "Resumability and Redelivery"): the events of one POST's response, or a stream a client resumed.
 *
 * <p>In a legacy session (2025-03-26 through 2025-11-25) every event has an id
 * {@code <stream>:<sequence>}, unique in the session, and the last {@value #MAX_EVENTS} events (at
 * most {@value #MAX_BYTES} bytes) are kept: when the connection drops (which in those revisions does
 * not cancel the request), the request goes on, its events are kept, and the client resumes with a GET
 * carrying {@code Last-Event-ID}, which replays what it missed and delivers the rest. Protocol
 * 2026-07-28 has no event ids and no resumption: there a stream is written through and a broken
 * connection cancels the request. Thread-safe: the request's thread and the keep-alive timer write.
 */
final class SseStream {

    /** Where a stream's bytes go: an HTTP response's body, and what ends that response. */
    interface Sink {
        OutputStream out() throws IOException;

        /** Ends the HTTP response (a no-op for a response its own thread ends). */
        void end();
    }

    static final int MAX_EVENTS = 1024;
    static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final boolean resumable;
    private final ArrayDeque<Event> kept = new ArrayDeque<>();
    private long keptBytes;
    private long sequence;
    private Sink sink;
    private boolean complete;
    private volatile long completedAtNanos;

    private record Event(long sequence, byte[] frame) {
    }

    /**
     * @param id        the stream's id in its session (event ids start with it)
     * @param resumable whether events carry ids and are kept for resumption (legacy sessions)
     */
    SseStream(String id, boolean resumable) {
        this.id = id;
        this.resumable = resumable;
    }

    String id() {
        return id;
    }

    /**
     * Starts the stream on a connection whose SSE headers are set. In a resumable stream the first
     * event is the priming event of 2025-11-25 (an id and empty data, so a client can resume from it
     * before any message) with the reconnection delay ({@code retry}).
     *
     * @param priming whether to send the priming event (protocol 2025-11-25)
     * @param retryMs the {@code retry} field of the priming event, in milliseconds
     * @return false when the connection is already gone
     */
    synchronized boolean open(Sink sink, boolean priming, long retryMs) {
        this.sink = sink;
        if (resumable && priming) {
            return write(("id: " + id + ":0\nretry: " + retryMs + "\ndata:\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return flush();
    }

    /**
     * Sends one JSON-RPC message as an event (kept for resumption in a resumable stream).
     *
     * @param json the message, compact JSON without line breaks
     * @return false when the connection is gone (the event is kept when the stream is resumable)
     */
    synchronized boolean event(byte[] json) {
        long seq = ++sequence;
        String head = (resumable ? "id: " + id + ":" + seq + "\n" : "") + "event: message\ndata: ";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[headBytes.length + json.length + 2];
        System.arraycopy(headBytes, 0, frame, 0, headBytes.length);
        System.arraycopy(json, 0, frame, headBytes.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        if (resumable) {
            kept.addLast(new Event(seq, frame));
            keptBytes += frame.length;
            while (kept.size() > MAX_EVENTS || keptBytes > MAX_BYTES) {
                keptBytes -= kept.removeFirst().frame().length;
            }
        }
        return write(frame);
    }

    /**
     * Sends a named event that is not a JSON-RPC message (the 2024-11-05 transport's {@code endpoint} event).
     *
     * @return false when the connection is gone
     */
    synchronized boolean named(String event, String data) {
        return write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes an SSE comment: a keep-alive for proxies, and the probe that notices a client that went
     * away (a write to a closed connection fails).
     *
     * @return false when the connection is gone
     */
    synchronized boolean keepAlive() {
        return write(KEEP_ALIVE);
    }

    /** @return whether a connection is attached */
    synchronized boolean connected() {
        return sink != null;
    }

    /** Ends the stream: its last event (the response) is written; the connection's response ends. */
    synchronized void complete() {
        complete = true;
        completedAtNanos = System.nanoTime();
        if (sink != null) {
            Sink s = sink;
            sink = null;
            s.end();
        }
    }

    /** @return when the stream completed ({@link System#nanoTime()}), or 0 while it runs */
    long completedAtNanos() {
        return completedAtNanos;
    }

    /**
     * Resumes the stream on a new connection (a GET with {@code Last-Event-ID}): replays the kept
     * events after {@code after}, then delivers the rest as they come, or ends at once when the
     * stream is complete.
     *
     * @param after the sequence number of the last event the client saw
     * @return false when events after {@code after} are no longer kept (the client missed too much)
     */
    synchronized boolean resume(long after, Sink next) {
        if (!kept.isEmpty() && kept.peekFirst().sequence() > after + 1) {
            return false;
        }
        if (sink != null) {
            sink.end(); // one connection per stream: the client gave up on the old one
        }
        sink = next;
        for (Event e : kept) {
            if (e.sequence() > after && !write(e.frame())) {
                return true;
            }
        }
        flush();
        if (complete) {
            Sink s = sink;
            sink = null;
            if (s != null) {
                s.end();
            }
        }
        return true;
    }

    private boolean write(byte[] bytes) {
        return attempt(out -> {
            out.write(bytes);
            out.flush();
        });
    }

    private boolean flush() {
        return attempt(OutputStream::flush);
    }

    @FunctionalInterface
    private interface Output {
        void run(OutputStream out) throws IOException;
    }

    /** Runs one output step on the connection; a failure detaches it (the client went away). */
    private boolean attempt(Output step) {
        if (sink == null) {
            return false;
        }
        try {
            step.run(sink.out());
            return true;
        } catch (IOException | RuntimeException e) {
            Sink s = sink;
            sink = null;
            s.end();
            return false;
        }
    }
}
