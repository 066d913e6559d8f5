package dev.pgmcp.http;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small JSON answers written by pgmcp's own filters and servlets (never a stack trace). */
final class Responses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Responses() {
    }

    /** Writes {@code {"error": code, "error_description": description}} with the given status. */
    static void error(HttpServletResponse res, int status, String code, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        json(res, status, body);
    }

    /** Writes a JSON document with the given status; responses are never cached. */
    static void json(HttpServletResponse res, int status, Object body) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding(StandardCharsets.UTF_8.name());
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}
