package dev.pgmcp.http;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange on a socket of its own whose answer is read as it arrives: the status line and
 * headers first, then the body (chunked transfer decoded) whole or one server-sent event at a time.
 * For what {@link HttpTesting#raw} cannot do: event streams, bodies sent slowly, connections dropped
 * mid-answer. Every read is bounded by a timeout ({@link java.net.SocketTimeoutException} when it
 * passes).
 */
final class StreamingHttp implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One server-sent event: its fields, {@code null} where absent. */
    record Event(String id, String event, String data, Long retry) {
        JsonNode json() {
            return StreamingHttp.json(data);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private int status;
    private Map<String, String> headers;
    private InputStream body;
    private int comments;

    private StreamingHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /**
     * Sends a request's headers and the given start of its body (all of it unless a {@code Content-Length}
     * header announces more, which {@link #write} then sends).
     *
     * @param headers the request's headers; {@code Host} defaults to {@code 127.0.0.1:port}, and
     *                {@code Content-Length} to the body's length when a body is given
     */
    static StreamingHttp send(int port, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.putAll(headers);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null && h.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Length"))) {
            h.put("Content-Length", Integer.toString(content.length));
        }
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        StreamingHttp x = new StreamingHttp(s);
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
        return x;
    }

    /** Sends more of the request's body. */
    void write(String more) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(more.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads the status line and headers (once), each read waiting at most {@code timeout}. */
    StreamingHttp head(Duration timeout) throws IOException {
        if (headers != null) {
            return this;
        }
        socket.setSoTimeout(millis(timeout));
        String statusLine = line(in);
        if (statusLine == null) {
            throw new EOFException("the connection closed before a status line");
        }
        status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> h = new TreeMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                h.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
        }
        headers = h;
        String length = h.get("content-length");
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            body = new Chunked(in);
        } else if (length != null) {
            body = new Limited(in, Long.parseLong(length));
        } else {
            body = in;
        }
        return this;
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return whether the answer is an event stream */
    boolean isEventStream() {
        String type = header("Content-Type");
        return type != null && type.startsWith("text/event-stream");
    }

    /** Reads the rest of the body, each read waiting at most {@code timeout}. */
    String body(Duration timeout) throws IOException {
        head(timeout);
        socket.setSoTimeout(millis(timeout));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        body.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads the next event of an event stream; comment lines (keep-alives) are counted and skipped.
     *
     * @return the event, or {@code null} when the stream ended
     */
    Event nextEvent(Duration timeout) throws IOException {
        head(timeout);
        socket.setSoTimeout(millis(timeout));
        String id = null;
        String event = null;
        StringBuilder data = null;
        Long retry = null;
        boolean any = false;
        for (String l = line(body); ; l = line(body)) {
            if (l == null) {
                return null;
            }
            if (l.isEmpty()) {
                if (any) {
                    return new Event(id, event, data == null ? null : data.toString(), retry);
                }
                continue;
            }
            if (l.startsWith(":")) {
                comments++;
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            any = true;
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "retry" -> retry = Long.parseLong(value);
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                }
            }
        }
    }

    /** Reads events until the stream ends. */
    List<Event> remainingEvents(Duration timeout) throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event e = nextEvent(timeout); e != null; e = nextEvent(timeout)) {
            events.add(e);
        }
        return events;
    }

    /** @return the comment lines (keep-alives) read so far */
    int comments() {
        return comments;
    }

    /**
     * Waits up to {@code timeout} for the answer to end: its body complete (the last chunk, or the
     * declared length) or the connection closed. Anything it sends meanwhile (keep-alive comments,
     * events) is discarded.
     *
     * @return true when the answer ended, false when it is still open after the wait
     */
    boolean endedWithin(Duration timeout) throws IOException {
        head(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (body.read() < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
    }

    /** Drops the connection (the client goes away). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /** @return one line without its CR LF or LF, or {@code null} at the end of the stream */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** A body of a declared length. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }
    }

    /** A body in chunked transfer coding (RFC 9112 section 7.1), decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    done = true;
                    return -1;
                }
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int c = in.read();
            if (c < 0) {
                done = true;
                return -1;
            }
            if (--left == 0) {
                line(in); // the CR LF after the chunk's data
            }
            return c;
        }
    }
}
