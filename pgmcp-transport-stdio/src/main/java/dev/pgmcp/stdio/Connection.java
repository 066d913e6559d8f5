package dev.pgmcp.stdio;

import dev.pgmcp.mcp.JsonRpc;
import dev.pgmcp.mcp.McpProtocol;
import dev.pgmcp.mcp.ProtocolException;
import dev.pgmcp.mcp.Session;
import dev.pgmcp.spi.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stdio connection: reads each line once, decodes it once, and hands it to the protocol layer.
 * Requests that may wait on the database or the client ({@link McpProtocol#mayBlock}) must not stop
 * the reading: the client's cancellations and answers have to get through while they run. When one
 * arrives with nothing else running and nothing more buffered, the reading thread runs it itself and a
 * watcher takes the reading over if it runs for more than a few milliseconds ({@link ReadingTurn});
 * otherwise it runs on a call thread of its own. Everything else is answered on the reading thread.
 * Answers are written by the thread that produced them. A line that is not valid JSON gets a -32700
 * error and the session goes on; a line over {@value LineReader#MAX_LINE_BYTES} bytes gets -32600
 * with the request's id when it can be read from the line's start.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** A top-level "id" near the start of a too-long line, before its params or result. */
    private static final Pattern LEADING_ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"(?:[^\"\\\\]|\\\\.){0,200}\")");

    private final McpProtocol protocol;
    private final LineWriter out;
    private final Session session = Session.open(Principal.LOCAL);
    private final ExecutorService calls;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private final ReadingTurn turn = new ReadingTurn(this::readLoop);
    private LineReader lines;
    private Runnable atEnd;

    Connection(McpProtocol protocol, LineWriter out) {
        this.protocol = protocol;
        this.out = out;
        AtomicInteger n = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pgmcp-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads and handles lines until end of input (or a read error, which ends the connection too).
     * Returns when this thread stops reading: at the end, or when a call it ran took long enough
     * for another thread to take the reading over.
     *
     * @param atEnd run once, by whichever thread reads the end (or fails)
     */
    void serve(InputStream in, Runnable atEnd) {
        this.atEnd = atEnd;
        lines = new LineReader(in);
        readLoop();
    }

    /** Reads while this thread has the reading turn; the thread that reaches the end ends the connection. */
    private void readLoop() {
        try {
            while (lines.next()) {
                if (lines.tooLong()) {
                    refuseTooLong(lines);
                } else if (!lines.blank() && !receive(lines.bytes(), lines.length())) {
                    return; // the watcher took the reading turn while this thread ran a call
                }
            }
            LOG.debug("stdin reached end of input");
        } catch (IOException e) {
            LOG.info("stdin failed ({}); ending the session", e.getMessage());
        } catch (RuntimeException | Error e) {
            atEnd.run();
            throw e;
        }
        atEnd.run();
    }

    /** @return false when this thread lost the reading turn while it ran the request */
    private boolean receive(byte[] bytes, int length) {
        Object message;
        try {
            message = JsonRpc.decode(bytes, 0, length);
        } catch (ProtocolException e) {
            LOG.warn("stdin: a {}-byte line is not a JSON-RPC message; answered with {}", length, e.getMessage());
            send(JsonRpc.error(null, e));
            return true;
        }
        if (message instanceof List<?> batch) {
            Object responses = protocol.handleBatch(batch, session, this::send);
            if (responses != null) {
                send(responses);
            }
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) message;
        if (!McpProtocol.mayBlock(m.get("method")) || !m.containsKey("id")) {
            respond(m);
            return true;
        }
        if (inFlight.incrementAndGet() == 1 && !lines.buffered()) {
            // Nothing else runs and nothing waits: run it here, without waking a call thread.
            Object call = turn.begin();
            try {
                respond(m);
            } catch (RuntimeException e) {
                // As on a call thread, a failure the protocol layer did not answer ends this request,
                // not the reading.
                LOG.error("a request failed unanswered", e);
            } finally {
                called();
            }
            return turn.end(call);
        }
        calls.execute(() -> {
            try {
                respond(m);
            } finally {
                called();
            }
        });
        return true;
    }

    /** Counts a request that ran on its own thread or inline as answered. */
    private void called() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void respond(Map<String, Object> message) {
        Map<String, Object> response = protocol.handle(message, session, this::send);
        if (response != null) {
            send(response);
        }
    }

    private void refuseTooLong(LineReader lines) {
        LOG.warn("stdin: a {}-byte message exceeds the {}-byte limit; answered with Invalid Request",
                lines.totalLength(), LineReader.MAX_LINE_BYTES);
        send(JsonRpc.error(leadingId(lines.bytes(), lines.length()), JsonRpc.INVALID_REQUEST, "Invalid Request: message of "
                + lines.totalLength() + " bytes exceeds the limit of " + LineReader.MAX_LINE_BYTES + " bytes", null));
    }

    /** @return the request's id when it appears at the start of the line, before params; else {@code null} */
    static Object leadingId(byte[] prefix, int length) {
        String text = new String(prefix, 0, length, StandardCharsets.UTF_8);
        Matcher m = LEADING_ID.matcher(text);
        if (!m.find()) {
            return null;
        }
        String before = text.substring(0, m.start());
        if (before.contains("\"params\"") || before.contains("\"result\"") || before.contains("\"error\"")) {
            return null;
        }
        String id = m.group(1);
        if (id.startsWith("\"")) {
            try {
                return JsonRpc.decodeString(id);
            } catch (ProtocolException e) {
                return null;
            }
        }
        return Long.parseLong(id);
    }

    private void send(Object message) {
        try {
            out.write(message);
        } catch (IOException e) {
            LOG.debug("stdout closed; a message was not delivered: {}", e.getMessage());
        }
    }

    /** @return how many requests are running on call threads */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no request runs on a call thread (answered or failed).
     *
     * @return false when {@code timeout} passed first
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Stops the call threads and the reading watcher (after {@link #awaitIdle}: none should be running). */
    void close() {
        turn.close();
        calls.shutdownNow();
    }
}
