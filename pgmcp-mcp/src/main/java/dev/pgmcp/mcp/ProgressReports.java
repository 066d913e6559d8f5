package dev.pgmcp.mcp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Progress notifications for a call that carries a progress token (MCP "Progress":
 * {@code params._meta.progressToken}): once it has run for {@value #FIRST_AFTER_MS} ms, and every
 * {@value #EVERY_MS} ms after that, the client gets {@code notifications/progress} with the elapsed
 * seconds as {@code progress} (it only grows, as the specification requires) and a message. None is
 * sent after {@link #stop()}, so none follows the call's response.
 */
final class ProgressReports implements Runnable {

    static final long FIRST_AFTER_MS = 1000;
    static final long EVERY_MS = 1000;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgmcp-progress");
        t.setDaemon(true);
        return t;
    });

    private final Object token;
    private final Outbound outbound;
    private final long start = System.nanoTime();
    private final ScheduledFuture<?> schedule;
    private boolean stopped; // guarded by this

    private ProgressReports(Object token, Outbound outbound) {
        this.token = token;
        this.outbound = outbound;
        this.schedule = TIMER.scheduleAtFixedRate(this, FIRST_AFTER_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * @param params a request's params
     * @return the reports of that request, or {@code null} when it carries no progress token
     */
    static ProgressReports start(Map<String, Object> params, Outbound outbound) {
        Object token = params.get("_meta") instanceof Map<?, ?> meta ? meta.get("progressToken") : null;
        return token instanceof String || token instanceof Integer || token instanceof Long
                ? new ProgressReports(token, outbound) : null;
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("progressToken", token);
        params.put("progress", seconds);
        params.put("message", "Running for " + seconds + " s");
        try {
            outbound.send(JsonRpc.notification("notifications/progress", params));
        } catch (IOException e) {
            stopped = true; // the client cannot be reached during this call
            schedule.cancel(false);
        }
    }

    /** Ends the reports; returns after any report being sent is written. */
    synchronized void stop() {
        stopped = true;
        schedule.cancel(false);
    }
}
