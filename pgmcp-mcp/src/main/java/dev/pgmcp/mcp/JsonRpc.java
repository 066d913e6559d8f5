package dev.pgmcp.mcp;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON-RPC 2.0 as MCP uses it: the error codes, decoding a message once into plain maps, and
 * building responses. Messages are {@code Map<String, Object>} trees (objects as maps, arrays as
 * lists, numbers as {@code Integer}/{@code Long}/{@code BigInteger}/{@code Double}), so a request's
 * {@code id} goes back exactly as it came, a number as a number and a string as a string. Trees are
 * read and written token by token ({@code JsonTrees}), as the mapper would.
 */
public final class JsonRpc {

    /** Invalid JSON (JSON-RPC 2.0, section 5.1). */
    public static final int PARSE_ERROR = -32700;
    /** Valid JSON, but not a JSON-RPC request object. */
    public static final int INVALID_REQUEST = -32600;
    /** No such method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The method's parameters are invalid (also MCP's unknown tool, unknown prompt, bad cursor). */
    public static final int INVALID_PARAMS = -32602;
    /** The server failed; the details are in its log, never in the message. */
    public static final int INTERNAL_ERROR = -32603;
    /** MCP "Resources", Error Handling: no resource has that URI. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2026-07-28: the request needs a client capability it did not declare; data names it. */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** MCP 2026-07-28: the request's protocol version is not one this server speaks; data lists the supported ones. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /** The one mapper of the protocol layer (Jackson 3). */
    static final JsonMapper MAPPER = JsonMapper.builder()
            // A transport writes many messages to one stream: writing one must not close it.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // A number with a fraction or exponent is kept as the client wrote it (0.10000000000000000001,
            // 2.50), not rounded to a double: a query parameter binds as numeric, exactly as that literal.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private JsonRpc() {
    }

    /**
     * Decodes one message.
     *
     * @param bytes UTF-8 JSON
     * @return a map (one message) or a list (a batch)
     * @throws ProtocolException {@link #PARSE_ERROR} when the bytes are not one JSON value (nothing, or
     *                           more after it, is not one either); {@link #INVALID_REQUEST} when the
     *                           value is neither an object nor an array
     */
    public static Object decode(byte[] bytes, int offset, int length) {
        Object value;
        try (JsonParser p = MAPPER.createParser(bytes, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ProtocolException(PARSE_ERROR, "Parse error: not valid JSON");
            }
            value = JsonTrees.read(p, first);
            if (p.nextToken() != null) {
                throw new ProtocolException(PARSE_ERROR, "Parse error: not valid JSON");
            }
        } catch (JacksonException e) {
            throw new ProtocolException(PARSE_ERROR, "Parse error: not valid JSON");
        }
        if (!(value instanceof Map) && !(value instanceof java.util.List)) {
            throw new ProtocolException(INVALID_REQUEST, "Invalid Request: a JSON-RPC message is a JSON object");
        }
        return value;
    }

    /**
     * @param json a JSON string literal, quotes included
     * @return its value
     * @throws ProtocolException {@link #PARSE_ERROR} when it is not one
     */
    public static String decodeString(String json) {
        try {
            return MAPPER.readValue(json, String.class);
        } catch (JacksonException e) {
            throw new ProtocolException(PARSE_ERROR, "Parse error: not a JSON string");
        }
    }

    /**
     * Writes one message, or a batch of responses (a list of messages), as UTF-8 JSON without a line
     * break; the stream stays open.
     */
    public static void write(Object message, OutputStream out) throws IOException {
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            JsonTrees.write(g, message);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * @return the message as UTF-8 JSON bytes. Encoded into Jackson's segmented builder, whose segments
     *         are copied once into the array returned: a growing byte array would copy a large answer
     *         (a 10,000-row result is about 2 MB) about twice over before that.
     */
    public static byte[] encode(Map<String, Object> message) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try {
            write(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * @param keysAndValues key, value, key, value...
     * @return a JSON object whose members keep this order on the wire (unlike {@code Map.of}, whose
     *         iteration order changes from one JVM run to the next)
     */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>(keysAndValues.length);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** @return a success response to the request with this id */
    public static Map<String, Object> result(Object id, Map<String, Object> result) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("result", result);
        return m;
    }

    /** @return an error response ({@code id} may be {@code null} when the request's id could not be read) */
    public static Map<String, Object> error(Object id, int code, String message, Object data) {
        Map<String, Object> error = new LinkedHashMap<>(4);
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.put("data", data);
        }
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("error", error);
        return m;
    }

    /** @return the error response for a refused request */
    public static Map<String, Object> error(Object id, ProtocolException e) {
        return error(id, e.code(), e.getMessage(), e.data());
    }

    /** @return a notification ({@code params} may be {@code null}) */
    public static Map<String, Object> notification(String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("jsonrpc", "2.0");
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        return m;
    }

    /** @return a request from the server to the client */
    public static Map<String, Object> request(Object id, String method, Map<String, Object> params) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("method", method);
        if (params != null) {
            m.put("params", params);
        }
        return m;
    }

    /** @return {@code id} when it is one a request may carry, else {@code null} (for an error answer) */
    public static Object validIdOrNull(Object id) {
        return validId(id) ? id : null;
    }

    /** @return whether {@code id} is a JSON-RPC id a request may carry: a string or an integer */
    static boolean validId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long || id instanceof java.math.BigInteger;
    }
}
