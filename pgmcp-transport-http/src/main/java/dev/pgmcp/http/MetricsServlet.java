package dev.pgmcp.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) that the host's supplier renders
 * (e.g. Micrometer's {@code PrometheusMeterRegistry::scrape}). Behind the same authentication as the
 * MCP endpoint; only mounted when a supplier is given.
 */
final class MetricsServlet extends HttpServlet {

    private final transient Supplier<String> scrape;

    MetricsServlet(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("text/plain; version=0.0.4; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
