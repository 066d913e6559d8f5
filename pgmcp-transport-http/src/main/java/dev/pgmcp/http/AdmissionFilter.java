package dev.pgmcp.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admission control for the MCP paths: caps the requests processed at once, caps open sessions, and
 * drains on shutdown. Over a cap, or once draining, a request gets 503 with {@code Retry-After}
 * before it reaches the SDK.
 *
 * <p>In-flight counts every request but SSE streams ({@code GET}), which live long and run no tool.
 * The MCP servlet answers a POST before returning (it waits for the JSON-RPC response), so a request
 * counted here is a call in progress.
 *
 * <p>Sessions: the SDK keeps its session table private, so sessions are counted from the outside. A
 * session is counted when an answer carries a new {@code Mcp-Session-Id}, forgotten on a successful
 * DELETE or a 404 for its id, and forgotten after {@code idleExpiry} without requests (the SDK closes
 * idle sessions too, see {@link PgMcpHttpEndpoint#SESSION_SWEEP_INTERVAL}).
 */
final class AdmissionFilter extends HttpFilter {

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final int maxInFlight;
    private final int maxSessions;
    private final boolean trackSessions;
    private final long idleExpiryNanos;
    private final Object lock = new Object();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    private int inFlight;
    private volatile boolean draining;

    AdmissionFilter(int maxInFlight, int maxSessions, boolean trackSessions, Duration idleExpiry) {
        this.maxInFlight = maxInFlight;
        this.maxSessions = maxSessions;
        this.trackSessions = trackSessions;
        this.idleExpiryNanos = idleExpiry.toNanos();
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (draining) {
            reject(res, "server is shutting down");
            return;
        }
        String sessionId = req.getHeader(SESSION_HEADER);
        if (trackSessions && sessionId == null && "POST".equals(req.getMethod()) && !sessionRoom()) {
            reject(res, "too many open sessions");
            return;
        }
        boolean counted = !"GET".equals(req.getMethod());
        if (counted && !enter()) {
            reject(res, "too many requests in progress");
            return;
        }
        try {
            if (sessionId != null && trackSessions) {
                sessions.computeIfPresent(sessionId, (k, v) -> System.nanoTime());
            }
            chain.doFilter(req, res);
        } finally {
            if (counted) {
                leave();
            }
            if (trackSessions) {
                track(req, res, sessionId);
            }
        }
    }

    private void track(HttpServletRequest req, HttpServletResponse res, String sessionId) {
        int status = res.getStatus();
        if (sessionId == null) {
            String created = res.getHeader(SESSION_HEADER);
            if (created != null && status < 300) {
                sessions.put(created, System.nanoTime());
            }
        } else if (status == HttpServletResponse.SC_NOT_FOUND
                || "DELETE".equals(req.getMethod()) && status < 300) {
            sessions.remove(sessionId);
        }
    }

    private boolean sessionRoom() {
        if (sessions.size() < maxSessions) {
            return true;
        }
        long now = System.nanoTime();
        for (Iterator<Long> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > idleExpiryNanos) {
                it.remove();
            }
        }
        return sessions.size() < maxSessions;
    }

    private boolean enter() {
        synchronized (lock) {
            if (inFlight >= maxInFlight) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    private void leave() {
        synchronized (lock) {
            inFlight--;
            if (inFlight == 0) {
                lock.notifyAll();
            }
        }
    }

    /** @return the requests being processed now (SSE streams excluded) */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** @return the sessions counted as open */
    int sessions() {
        return sessions.size();
    }

    /**
     * Stops admitting requests and waits for those in progress.
     *
     * @param timeout the longest wait
     * @return true when every request finished in time
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private static void reject(HttpServletResponse res, String why) throws IOException {
        res.setHeader("Retry-After", "1");
        Responses.error(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable", why);
    }
}
