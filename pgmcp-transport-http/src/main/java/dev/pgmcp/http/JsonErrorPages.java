package dev.pgmcp.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Jetty's error pages (an unknown path, a malformed request) as a small JSON document,
 * {@code {"error": "not_found", "status": 404}}: never Jetty's HTML page, which names the servlet
 * class that answered, and never a message or stack trace.
 */
final class JsonErrorPages {

    private JsonErrorPages() {
    }

    /** For the servlet context (404 for a path no servlet serves, 405, ...). */
    static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json",
                    List.of(StandardCharsets.UTF_8), code, message, null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(body(code));
        }
    }

    /**
     * For the server (requests Jetty refuses before they reach the context). The same two overrides as
     * {@link ForContext}: Jetty calls a different error handler class at each level, and both hand
     * the body to {@link #body}.
     */
    static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json",
                    List.of(StandardCharsets.UTF_8), code, message, null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(body(code));
        }
    }

    /** @return {@code {"error": "<reason phrase in snake case>", "status": code}} */
    static String body(int code) {
        String reason = HttpStatus.getMessage(code);
        String error = reason == null ? "error" : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return "{\"error\":\"" + error + "\",\"status\":" + code + "}";
    }
}
