package dev.pgmcp.mcp;

/**
 * A request the protocol layer refuses: it becomes a JSON-RPC error object ({@code code},
 * {@code message}, optional {@code data}) in the response to that request, never a stack trace. The
 * codes are JSON-RPC 2.0's (section 5.1) and MCP's own ({@link JsonRpc}).
 */
public final class ProtocolException extends RuntimeException {

    private final int code;
    private final transient Object data;

    /**
     * @param code    the JSON-RPC error code, such as {@link JsonRpc#INVALID_PARAMS}
     * @param message a short message fit for the client
     */
    public ProtocolException(int code, String message) {
        this(code, message, null);
    }

    /**
     * @param code    the JSON-RPC error code
     * @param message a short message fit for the client
     * @param data    the error's {@code data} member (decoded JSON), or {@code null} for none
     */
    public ProtocolException(int code, String message, Object data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    /** @return the JSON-RPC error code */
    public int code() {
        return code;
    }

    /** @return the error's {@code data} member, or {@code null} */
    public Object data() {
        return data;
    }

    /** @return an "invalid params" (-32602) error with this message */
    public static ProtocolException invalidParams(String message) {
        return new ProtocolException(JsonRpc.INVALID_PARAMS, message);
    }
}
