package dev.pgmcp.stdio;

import io.modelcontextprotocol.json.McpJsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in front of the SDK's stdio transport and lets only well-formed JSON-RPC 2.0 messages
 * through, one per line. The MCP Java SDK's classic stdio transport (2.1.0 and 2.2.0) ends the whole
 * session when a line fails to parse, is not a JSON-RPC message, or exceeds its size limit (it logs the
 * error and stops reading stdin), so one bad line would leave a server that never answers again.
 * Instead, this filter answers such a line itself, as JSON-RPC 2.0 (section 5.1) says, and reads on:
 * <ul>
 *   <li>not JSON: {@code {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: ..."}}}</li>
 *   <li>JSON but not a request, notification or response (an array, a missing or wrong
 *       {@code jsonrpc}, a non-string {@code method}, an {@code id} that is neither a string nor a
 *       number), or longer than {@value #MAX_LINE_BYTES} bytes: code -32600, "Invalid Request", with
 *       the request's id when it can be read</li>
 *   <li>a {@code tools/call} request whose params have no string {@code name} or non-object
 *       {@code arguments}: code -32602, "Invalid params" (the SDK would answer with internal
 *       exception text)</li>
 *   <li>blank lines are skipped</li>
 * </ul>
 * Unknown methods and bad parameters of valid messages are left to the SDK, which answers them.
 * Nothing but JSON-RPC responses is written to the protocol output.
 */
final class JsonRpcLineFilter extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcLineFilter.class);

    /** The longest line passed on (4 MiB); longer lines are skipped without being held in memory. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    private final InputStream in;
    private final LineWriter out;
    private final McpJsonMapper mapper;
    private final UnansweredRequests unanswered;
    private byte[] pending = new byte[0];
    private int position;

    /** @param unanswered told about every request passed on */
    JsonRpcLineFilter(InputStream in, LineWriter out, McpJsonMapper mapper, UnansweredRequests unanswered) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.out = out;
        this.mapper = mapper;
        this.unanswered = unanswered;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return pending[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, pending.length - position);
        System.arraycopy(pending, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** @return false at end of input; otherwise there are bytes of a valid line to hand out */
    private boolean fill() throws IOException {
        while (position == pending.length) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long length = 0;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (++length <= MAX_LINE_BYTES) {
                    line.write(c);
                }
            }
            if (c == -1 && length == 0) {
                return false;
            }
            byte[] accepted = check(line, length);
            if (accepted != null) {
                pending = accepted;
                position = 0;
            }
        }
        return true;
    }

    /** @return the line plus its newline when it may go to the SDK, or null when it was answered or skipped */
    private byte[] check(ByteArrayOutputStream line, long length) throws IOException {
        if (length > MAX_LINE_BYTES) {
            LOG.warn("stdin: a {}-byte message exceeds the {}-byte limit; answered with Invalid Request", length, MAX_LINE_BYTES);
            answer(null, INVALID_REQUEST, "Invalid Request: message of " + length + " bytes exceeds the limit of "
                    + MAX_LINE_BYTES + " bytes");
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        Object message;
        try {
            message = mapper.readValue(text, Object.class);
        } catch (Exception e) {
            LOG.warn("stdin: a {}-byte line is not JSON; answered with Parse error", length);
            answer(null, PARSE_ERROR, "Parse error: the line is not valid JSON");
            return null;
        }
        String problem = problem(message);
        if (problem != null) {
            LOG.warn("stdin: not a JSON-RPC message ({}); answered with Invalid Request", problem);
            answer(readableId(message), INVALID_REQUEST, "Invalid Request: " + problem);
            return null;
        }
        String badParams = toolCallProblem((Map<?, ?>) message);
        if (badParams != null) {
            LOG.info("stdin: tools/call with invalid params ({}); answered with Invalid params", badParams);
            answer(readableId(message), INVALID_PARAMS, "Invalid params: " + badParams);
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) message;
        unanswered.read(m.get("method"), m.get("id"));
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @return why the decoded JSON is not a JSON-RPC 2.0 message the SDK can take, or null when it is one */
    static String problem(Object message) {
        if (message instanceof List) {
            return "batches are not supported; send one message per line";
        }
        if (!(message instanceof Map<?, ?> m)) {
            return "a message must be a JSON object";
        }
        if (!"2.0".equals(m.get("jsonrpc"))) {
            return "\"jsonrpc\" must be \"2.0\"";
        }
        Object id = m.get("id");
        if (m.containsKey("id") && !(id instanceof String || id instanceof Number)) {
            return "\"id\" must be a string or a number";
        }
        if (m.containsKey("method")) {
            if (!(m.get("method") instanceof String)) {
                return "\"method\" must be a string";
            }
            Object params = m.get("params");
            if (params != null && !(params instanceof Map)) {
                return "\"params\" must be an object";
            }
            return null;
        }
        if (m.containsKey("id") && (m.containsKey("result") || m.containsKey("error"))) {
            return null;
        }
        return "neither a request, a notification nor a response";
    }

    /**
     * The SDK answers a {@code tools/call} whose params do not fit its request type with -32603 and
     * the JSON library's exception text (class names included); answer those here with a plain -32602.
     *
     * @return what is wrong with a {@code tools/call} request's params, or null
     */
    static String toolCallProblem(Map<?, ?> message) {
        if (!"tools/call".equals(message.get("method")) || !message.containsKey("id")) {
            return null;
        }
        if (!(message.get("params") instanceof Map<?, ?> params)) {
            return "tools/call needs params with the tool's \"name\"";
        }
        if (!(params.get("name") instanceof String)) {
            return "\"name\" must be the tool's name, a string";
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return "\"arguments\" must be an object";
        }
        return null;
    }

    private static Object readableId(Object message) {
        if (message instanceof Map<?, ?> m && (m.get("id") instanceof String || m.get("id") instanceof Number)) {
            return m.get("id");
        }
        return null;
    }

    private void answer(Object id, int code, String text) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", text);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("error", error);
        out.writeLine(mapper.writeValueAsString(response));
    }
}
