package dev.pgmcp.http;

import dev.pgmcp.spi.Principal;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * One line per request on the {@value #LOGGER} logger (stderr): client address, method, path (never
 * the query string), status, duration in milliseconds and the principal's name, e.g.
 * {@code 127.0.0.1 POST /mcp 200 12ms alice}. Never a header, so never a token. An SSE stream is
 * logged when it ends.
 */
final class AccessLogFilter extends HttpFilter {

    /** The access log's logger name. */
    static final String LOGGER = "dev.pgmcp.http.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean async = false;
        try {
            chain.doFilter(req, res);
            if (req.isAsyncStarted()) {
                async = true;
                req.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        log(req, res, start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
        } finally {
            if (!async) {
                log(req, res, start);
            }
        }
    }

    private static void log(HttpServletRequest req, HttpServletResponse res, long start) {
        Object p = req.getAttribute(PgMcpHttpEndpoint.PRINCIPAL_ATTRIBUTE);
        String principal = p instanceof Principal principal1 ? principal1.name() : "-";
        LOG.info("{} {} {} {} {}ms {}", req.getRemoteAddr(), req.getMethod(), req.getRequestURI(), res.getStatus(),
                (System.nanoTime() - start) / 1_000_000, principal);
    }
}
