package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /ready}: readiness. 200 {@code {"status":"ready"}} when a connection to every configured
 * database can be borrowed from its pool and is valid within {@link #TIMEOUT}; otherwise 503
 * {@code {"status":"unavailable"}}. The reason goes to the log only, never to the caller.
 */
final class ReadyServlet extends HttpServlet {

    /** How long the whole check may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ReadyServlet.class);

    private final PgMcp engine;
    private final ExecutorService executor;

    ReadyServlet(PgMcp engine, ExecutorService executor) {
        this.engine = engine;
        this.executor = executor;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::allValid, executor);
        boolean ready;
        try {
            ready = check.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("not ready: no database connection within {} ms", TIMEOUT.toMillis());
            ready = false;
        } catch (ExecutionException e) {
            LOG.warn("not ready: {}", e.getCause().getMessage());
            ready = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        Responses.json(res, ready ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                Map.of("status", ready ? "ready" : "unavailable"));
    }

    private boolean allValid() {
        for (String name : engine.databases().names()) {
            boolean valid = engine.database(name).executor().inReadOnlyTransaction(c -> c.isValid(1));
            if (!valid) {
                throw new IllegalStateException("database '" + name + "' returned an invalid connection");
            }
        }
        return true;
    }
}
