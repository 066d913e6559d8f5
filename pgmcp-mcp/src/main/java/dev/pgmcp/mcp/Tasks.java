package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Long tool calls as tasks: the {@code io.modelcontextprotocol/tasks} extension of MCP 2026-07-28
 * ({@code ext-tasks}, "Tasks"). A {@code tools/call} from a client that declared the extension runs
 * on a task thread; when it has not finished after {@value #TASK_AFTER_MS} ms the client gets a task
 * handle ({@code resultType: "task"}) instead of waiting, polls it with {@code tasks/get}, and may
 * cancel it with {@code tasks/cancel} (which cancels the statement in PostgreSQL). A finished task's
 * result is kept {@value #KEEP_MS} ms after it ends; at most {@value #MAX_TASKS} tasks are kept (the
 * oldest finished ones go first; with that many running, a call runs without a task). A task answers
 * only the principal that started it. Tasks live in this server's memory: behind a load balancer,
 * {@code tasks/get} must reach the instance that answered the {@code tools/call}.
 */
final class Tasks {

    /** The extension's identifier, in capabilities. */
    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** How long a call runs before it becomes a task. */
    static final long TASK_AFTER_MS = 1000;
    /** How long a finished task's result is kept. */
    static final long KEEP_MS = 300_000;
    /** How often a client should poll, in milliseconds. */
    static final long POLL_MS = 1000;
    /** The most tasks kept at once. */
    static final int MAX_TASKS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One task: the call behind it and what the client may read of it. */
    private static final class Task {
        final String id;
        final Principal principal;
        final Session.Call call;
        final Instant created = Instant.now();
        final CompletableFuture<Map<String, Object>> result;
        volatile Instant updated = created;
        volatile String status = "working";
        volatile long endedNanos;

        Task(String id, Principal principal, Session.Call call, CompletableFuture<Map<String, Object>> result) {
            this.id = id;
            this.principal = principal;
            this.call = call;
            this.result = result;
        }
    }

    private final PgMcp engine;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final ExecutorService runner;

    Tasks(PgMcp engine) {
        this.engine = engine;
        AtomicInteger n = new AtomicInteger();
        this.runner = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pgmcp-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a tool call that may become a task.
     *
     * @param principal who calls
     * @param call      the call's cancellation key
     * @param body      the call itself, returning its {@code CallToolResult}
     * @return the call's result when it ended within {@link #TASK_AFTER_MS}, else a {@code CreateTaskResult}
     */
    Map<String, Object> run(Principal principal, Session.Call call, Supplier<Map<String, Object>> body) {
        evict();
        if (tasks.size() >= MAX_TASKS) {
            return body.get(); // full: the client waits, as without the extension
        }
        CompletableFuture<Map<String, Object>> result = CompletableFuture.supplyAsync(body, runner);
        try {
            return result.get(TASK_AFTER_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Task task = new Task(newId(), principal, call, result);
            tasks.put(task.id, task);
            result.whenComplete((r, failure) -> {
                task.status = failure != null || call.cancelled ? (call.cancelled ? "cancelled" : "failed") : "completed";
                task.updated = Instant.now();
                task.endedNanos = System.nanoTime();
            });
            LOG.debug("tools/call became task {}", task.id);
            Map<String, Object> created = describe(task);
            created.put("resultType", "task");
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.cancel(call);
            throw new ProtocolException(JsonRpc.INTERNAL_ERROR, "Internal error: interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@code tasks/get}: the task, and its result once completed. */
    Map<String, Object> get(Map<String, Object> params, Principal principal) {
        Task task = find(params, principal);
        Map<String, Object> detailed = describe(task);
        if ("completed".equals(task.status)) {
            detailed.put("result", task.result.join());
        } else if ("failed".equals(task.status)) {
            detailed.put("error", JsonRpc.object("code", JsonRpc.INTERNAL_ERROR, "message", "Internal error; details are in the server log."));
        }
        return detailed;
    }

    /** {@code tasks/cancel}: cancels the task's statement; the task ends as {@code cancelled}. */
    Map<String, Object> cancel(Map<String, Object> params, Principal principal) {
        Task task = find(params, principal);
        if ("working".equals(task.status)) {
            task.call.cancelled = true;
            engine.cancel(task.call);
        }
        return new LinkedHashMap<>();
    }

    /** {@code tasks/update}: pgmcp's tasks ask for no input; answers are acknowledged and ignored. */
    Map<String, Object> update(Map<String, Object> params, Principal principal) {
        find(params, principal);
        return new LinkedHashMap<>();
    }

    private Task find(Map<String, Object> params, Principal principal) {
        Task task = params.get("taskId") instanceof String id ? tasks.get(id) : null;
        if (task == null || !task.principal.name().equals(principal.name())
                || !task.principal.authMethod().equals(principal.authMethod())) {
            throw ProtocolException.invalidParams("Invalid params: unknown or expired taskId");
        }
        return task;
    }

    private static Map<String, Object> describe(Task task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskId", task.id);
        m.put("status", task.status);
        m.put("createdAt", task.created.toString());
        m.put("lastUpdatedAt", task.updated.toString());
        m.put("ttlMs", KEEP_MS);
        m.put("pollIntervalMs", POLL_MS);
        return m;
    }

    /** Drops tasks that ended more than {@link #KEEP_MS} ago, then the oldest ended ones while over the cap. */
    private void evict() {
        long now = System.nanoTime();
        tasks.values().removeIf(t -> t.endedNanos != 0 && now - t.endedNanos > TimeUnit.MILLISECONDS.toNanos(KEEP_MS));
        for (Iterator<Task> it = tasks.values().stream().filter(t -> t.endedNanos != 0)
                .sorted((a, b) -> Long.compare(a.endedNanos, b.endedNanos)).iterator();
             it.hasNext() && tasks.size() >= MAX_TASKS; ) {
            tasks.remove(it.next().id);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
