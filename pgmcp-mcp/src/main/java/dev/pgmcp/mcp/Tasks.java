package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Long tool calls as tasks, in both eras' forms. One store keeps the running and finished calls; what
 * differs is how a task is asked for and how it looks on the wire:
 * <ul>
 *   <li><b>2026-07-28</b>, the {@code io.modelcontextprotocol/tasks} extension ({@code ext-tasks},
 *       "Tasks"): a {@code tools/call} from a client that declared the extension runs on a task thread;
 *       when it has not finished after {@value #TASK_AFTER_MS} ms the client gets a task handle
 *       ({@code resultType: "task"}) instead of waiting, polls it with {@code tasks/get} (which carries
 *       the result once completed) and may cancel it with {@code tasks/cancel}. {@code failed} means a
 *       JSON-RPC error, which {@code tasks/get} carries.</li>
 *   <li><b>2025-11-25</b>, experimental tasks (that revision's "Tasks" utility): the client asks with
 *       {@code params.task} on a {@code tools/call} of a tool whose {@code execution.taskSupport} is
 *       {@code "optional"}, and gets a {@code CreateTaskResult} at once; {@code tasks/get} returns the
 *       task, {@code tasks/result} blocks until it ends and returns the call's own result (or error),
 *       {@code tasks/list} lists the caller's tasks and {@code tasks/cancel} cancels one. {@code failed}
 *       also covers a tool result with {@code isError: true}, as that revision's {@code TaskStatus}
 *       says.</li>
 * </ul>
 * Cancelling a task cancels its statement in PostgreSQL; a cancelled task stays cancelled. A finished
 * task is kept {@value #KEEP_MS} ms after it ends; at most {@value #MAX_TASKS} tasks are kept (the
 * oldest finished ones go first). A task answers only the principal that started it, in the era that
 * started it. Tasks live in this server's memory: behind a load balancer, the requests about a task
 * must reach the instance that answered its {@code tools/call}.
 */
final class Tasks {

    /** The 2026-07-28 extension's identifier, in capabilities. */
    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** The protocol version whose sessions may ask for experimental tasks. */
    static final String EXPERIMENTAL_VERSION = "2025-11-25";
    /** The {@code _meta} key tying a message to its task (2025-11-25 "Tasks", Associating Task-Related Messages). */
    static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    /** How long a 2026-07-28 call runs before it becomes a task. */
    static final long TASK_AFTER_MS = 1000;
    /** How long a finished task's result is kept. */
    static final long KEEP_MS = 300_000;
    /** How often a client should poll, in milliseconds. */
    static final long POLL_MS = 1000;
    /** The most tasks kept at once. */
    static final int MAX_TASKS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long WAIT_SLICE_MS = 100;

    /** One task: the call behind it and what the client may read of it. */
    private static final class Task {
        final String id = newId();
        final Principal principal;
        final boolean experimental;
        final Session.Call call;
        final Instant created = Instant.now();
        final CompletableFuture<Map<String, Object>> result;
        private Instant updated = created;
        private String status = "working";
        private String statusMessage;
        private long endedNanos;

        Task(Principal principal, boolean experimental, Session.Call call, CompletableFuture<Map<String, Object>> result) {
            this.principal = principal;
            this.experimental = experimental;
            this.call = call;
            this.result = result;
        }

        /** Moves a working task to a terminal status; a terminal status never changes ("Task Status Lifecycle"). */
        synchronized boolean settle(String terminal, String message) {
            if (!"working".equals(status)) {
                return false;
            }
            status = terminal;
            statusMessage = message;
            updated = Instant.now();
            return true;
        }

        synchronized void ended() {
            endedNanos = System.nanoTime();
        }

        synchronized long endedNanos() {
            return endedNanos;
        }

        synchronized String status() {
            return status;
        }

        /** @return the task as the era's {@code Task} object */
        synchronized Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("taskId", id);
            m.put("status", status);
            if (statusMessage != null) {
                m.put("statusMessage", statusMessage);
            }
            m.put("createdAt", created.toString());
            m.put("lastUpdatedAt", updated.toString());
            m.put(experimental ? "ttl" : "ttlMs", KEEP_MS);
            m.put(experimental ? "pollInterval" : "pollIntervalMs", POLL_MS);
            return m;
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

    // ---- 2026-07-28: the io.modelcontextprotocol/tasks extension ----

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
            Task task = keep(new Task(principal, false, call, result));
            LOG.debug("tools/call became task {}", task.id);
            Map<String, Object> created = task.describe();
            created.put("resultType", "task");
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.cancel(call);
            throw new ProtocolException(JsonRpc.INTERNAL_ERROR, "Internal error: interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // as if run here: the caller maps it (an InputRequiredException is a round, not a failure)
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@code tasks/get} (both eras): the task; in 2026-07-28 also its result or error once it ended so. */
    Map<String, Object> get(Map<String, Object> params, Principal principal, boolean experimental) {
        Task task = find(params, principal, experimental);
        Map<String, Object> detailed = task.describe();
        if (!experimental) {
            if ("completed".equals(detailed.get("status"))) {
                detailed.put("result", task.result.join());
            } else if ("failed".equals(detailed.get("status"))) {
                ProtocolException error = asProtocolError(failure(task));
                detailed.put("error", JsonRpc.error(null, error).get("error"));
            }
        }
        return detailed;
    }

    /**
     * {@code tasks/cancel} (both eras): cancels the task's statement; the task is {@code cancelled}
     * before the answer is sent.
     *
     * @return 2025-11-25: the cancelled task; 2026-07-28: an empty result
     * @throws ProtocolException -32602 for a 2025-11-25 task that already ended ("Task Cancellation")
     */
    Map<String, Object> cancel(Map<String, Object> params, Principal principal, boolean experimental) {
        Task task = find(params, principal, experimental);
        if (task.settle("cancelled", "The task was cancelled by request.")) {
            task.call.cancelled = true;
            engine.cancel(task.call);
        } else if (experimental) {
            throw ProtocolException.invalidParams("Invalid params: task " + task.id + " already ended ("
                    + task.status() + ")");
        }
        return experimental ? task.describe() : new LinkedHashMap<>();
    }

    /** {@code tasks/update}: pgmcp's tasks ask for no input; answers are acknowledged and ignored. */
    Map<String, Object> update(Map<String, Object> params, Principal principal) {
        find(params, principal, false);
        return new LinkedHashMap<>();
    }

    // ---- 2025-11-25: experimental tasks ----

    /**
     * Starts a task-augmented {@code tools/call}.
     *
     * @return the {@code CreateTaskResult}: {@code {task: Task}}, with a line for the model in {@code _meta}
     * @throws ProtocolException when {@link #MAX_TASKS} tasks are working
     */
    Map<String, Object> start(Principal principal, Session.Call call, Supplier<Map<String, Object>> body) {
        evict();
        if (tasks.size() >= MAX_TASKS) {
            throw new ProtocolException(JsonRpc.INTERNAL_ERROR, "Too many tasks in progress (" + MAX_TASKS
                    + "); wait for one to end, or call the tool without a task");
        }
        Task task = keep(new Task(principal, true, call, CompletableFuture.supplyAsync(body, runner)));
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("task", task.describe());
        created.put("_meta", Map.of("io.modelcontextprotocol/model-immediate-response", "The call runs as task "
                + task.id + "; its result follows when it ends."));
        return created;
    }

    /**
     * {@code tasks/result}: waits until the task ends ("Result Retrieval"), then returns what the
     * {@code tools/call} itself would have: its result, with the task named in {@code _meta}, or its error.
     *
     * @param waiting the {@code tasks/result} request itself: when the client cancels it, the wait ends
     */
    Map<String, Object> result(Map<String, Object> params, Principal principal, Session.Call waiting) {
        Task task = find(params, principal, true);
        while (!task.result.isDone()) {
            if (waiting.cancelled) {
                throw new ProtocolException(JsonRpc.INTERNAL_ERROR, "Request cancelled"); // not sent: cancelled
            }
            try {
                task.result.get(WAIT_SLICE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // done or not: decided by the loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolException(JsonRpc.INTERNAL_ERROR, "Internal error: interrupted");
            }
        }
        if (task.result.isCompletedExceptionally()) {
            throw asProtocolError(failure(task));
        }
        Map<String, Object> result = new LinkedHashMap<>(task.result.join());
        Map<String, Object> meta = result.get("_meta") instanceof Map<?, ?> m ? new LinkedHashMap<>(cast(m)) : new LinkedHashMap<>();
        meta.put(RELATED_TASK, Map.of("taskId", task.id));
        result.put("_meta", meta);
        return result;
    }

    /**
     * {@code tasks/list}: the caller's 2025-11-25 tasks, oldest first, in one page (at most
     * {@link #MAX_TASKS} exist, so there is never a next page).
     *
     * @throws ProtocolException -32602 for a cursor, since none is ever given out ("Pagination")
     */
    Map<String, Object> list(Map<String, Object> params, Principal principal) {
        if (params.get("cursor") != null) {
            throw ProtocolException.invalidParams("Invalid cursor: tasks/list returns every task in one page");
        }
        evict();
        List<Map<String, Object>> mine = new ArrayList<>();
        tasks.values().stream().filter(t -> t.experimental && owns(t, principal))
                .sorted(Comparator.comparing((Task t) -> t.created).thenComparing(t -> t.id))
                .forEach(t -> mine.add(t.describe()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tasks", mine);
        return result;
    }

    // ---- both ----

    /** Keeps a task and settles it when its call ends: cancelled, failed or completed. */
    private Task keep(Task task) {
        tasks.put(task.id, task);
        task.result.whenComplete((r, failure) -> {
            if (task.call.cancelled) {
                task.settle("cancelled", "The task was cancelled.");
            } else if (failure != null) {
                ProtocolException error = asProtocolError(failure);
                if (error.code() == JsonRpc.INTERNAL_ERROR) {
                    LOG.error("task {} failed", task.id, failure);
                }
                task.settle("failed", error.getMessage());
            } else if (task.experimental && Boolean.TRUE.equals(r.get("isError"))) {
                task.settle("failed", "The tool reported an error; tasks/result has it.");
            } else {
                task.settle("completed", null);
            }
            task.ended();
        });
        return task;
    }

    private Task find(Map<String, Object> params, Principal principal, boolean experimental) {
        Task task = params.get("taskId") instanceof String id ? tasks.get(id) : null;
        if (task == null || task.experimental != experimental || !owns(task, principal)) {
            throw ProtocolException.invalidParams("Invalid params: unknown or expired taskId");
        }
        return task;
    }

    private static boolean owns(Task task, Principal principal) {
        return task.principal.name().equals(principal.name()) && task.principal.authMethod().equals(principal.authMethod());
    }

    private static Throwable failure(Task task) {
        try {
            task.result.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** @return the JSON-RPC error a failed call answers: its own, or an internal error (the failure is logged once, when it happens) */
    private static ProtocolException asProtocolError(Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (f instanceof ProtocolException p) {
            return p;
        }
        return new ProtocolException(JsonRpc.INTERNAL_ERROR, "Internal error; details are in the server log.");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Drops tasks that ended more than {@link #KEEP_MS} ago, then the oldest ended ones while over the cap. */
    private void evict() {
        long now = System.nanoTime();
        tasks.values().removeIf(t -> t.endedNanos() != 0 && now - t.endedNanos() > TimeUnit.MILLISECONDS.toNanos(KEEP_MS));
        for (Iterator<Task> it = tasks.values().stream().filter(t -> t.endedNanos() != 0)
                .sorted(Comparator.comparingLong(Task::endedNanos)).iterator();
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
