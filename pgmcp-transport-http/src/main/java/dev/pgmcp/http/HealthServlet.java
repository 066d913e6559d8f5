package dev.pgmcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** {@code GET /health}: liveness. 200 {@code {"status":"ok"}} while the process serves HTTP; no database call. */
final class HealthServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Responses.json(res, HttpServletResponse.SC_OK, Map.of("status", "ok"));
    }
}
