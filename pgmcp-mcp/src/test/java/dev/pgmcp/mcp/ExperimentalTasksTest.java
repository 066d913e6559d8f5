package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.testing.Backends;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol 2025-11-25's experimental tasks ("Tasks" utility) at the message level, against a real
 * database: the capability and the tool-level {@code execution.taskSupport}, a task-augmented
 * {@code tools/call} answered at once, {@code tasks/get}, {@code tasks/list}, the blocking
 * {@code tasks/result}, and {@code tasks/cancel} stopping the statement.
 */
class ExperimentalTasksTest {

    static final String LONG_SQL = "SELECT count(*) AS n FROM generate_series(1, 30000000)";
    static final String ENDLESS_SQL = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

    static PgMcp engine;
    static String url;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("tasks");
        engine = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Wire session(String version) {
        Wire w = new Wire(engine);
        Wire.result(w.initialize(version, Map.of()));
        return w;
    }

    private static Map<String, Object> taskCall(Wire w, String tool, Map<String, Object> arguments) {
        return w.request("tools/call", Map.of("name", tool, "arguments", arguments, "task", Map.of("ttl", 60000)));
    }

    /** @return the id of the task a task-augmented {@code execute_query} of {@code sql} started */
    @SuppressWarnings("unchecked")
    private static String startTask(Wire w, String sql) {
        return (String) ((Map<String, Object>) Wire.result(taskCall(w, "execute_query", Map.of("sql", sql))).get("task"))
                .get("taskId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyA20251125SessionIsOfferedTasksAndOnlyExecuteQueryRunsAsOne() {
        Wire w = new Wire(engine);
        Map<String, Object> caps = (Map<String, Object>) Wire.result(w.initialize("2025-11-25", Map.of())).get("capabilities");
        assertEquals(Map.of("list", Map.of(), "cancel", Map.of(), "requests", Map.of("tools", Map.of("call", Map.of()))),
                caps.get("tasks"));
        for (Object t : (List<?>) Wire.result(w.request("tools/list", null)).get("tools")) {
            Map<?, ?> tool = (Map<?, ?>) t;
            assertEquals("execute_query".equals(tool.get("name")) ? Map.of("taskSupport", "optional") : null,
                    tool.get("execution"), tool.get("name").toString());
        }

        Wire older = new Wire(engine);
        Map<String, Object> olderCaps = (Map<String, Object>) Wire.result(older.initialize("2025-06-18", Map.of()))
                .get("capabilities");
        assertFalse(olderCaps.containsKey("tasks"), olderCaps.toString());
        for (Object t : (List<?>) Wire.result(older.request("tools/list", null)).get("tools")) {
            assertFalse(((Map<?, ?>) t).containsKey("execution"), t.toString());
        }
        assertEquals(JsonRpc.METHOD_NOT_FOUND, Wire.code(older.request("tasks/list", null)));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, Wire.code(older.request("tasks/get", Map.of("taskId", "x"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskIsCreatedAtOncePolledListedAndItsResultFetched() throws Exception {
        Wire w = session("2025-11-25");
        long sent = System.nanoTime();
        Map<String, Object> created = Wire.result(taskCall(w, "execute_query", Map.of("sql", LONG_SQL)));
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(ms < 1000, "CreateTaskResult came after " + ms + " ms");
        Map<String, Object> task = (Map<String, Object>) created.get("task");
        assertEquals("working", task.get("status"), created.toString());
        String id = (String) task.get("taskId");
        Instant.parse((String) task.get("createdAt"));
        Instant.parse((String) task.get("lastUpdatedAt"));
        assertEquals(Tasks.KEEP_MS, ((Number) task.get("ttl")).longValue());
        assertEquals(Tasks.POLL_MS, ((Number) task.get("pollInterval")).longValue());
        assertFalse(created.containsKey("content"), "the call's result comes through tasks/result only");

        Map<String, Object> polled = Wire.result(w.request("tasks/get", Map.of("taskId", id)));
        assertEquals(id, polled.get("taskId"));
        assertFalse(polled.containsKey("result"), "tasks/get is the task alone: " + polled);
        List<?> listed = (List<?>) Wire.result(w.request("tasks/list", null)).get("tasks");
        assertTrue(listed.stream().anyMatch(t -> id.equals(((Map<?, ?>) t).get("taskId"))), listed.toString());
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tasks/list", Map.of("cursor", "more"))));

        Map<String, Object> result = Wire.result(w.request("tasks/result", Map.of("taskId", id))); // blocks until it ends
        assertEquals(false, result.get("isError"), result.toString());
        assertEquals(List.of(List.of(30000000)), ((Map<?, ?>) result.get("structuredContent")).get("rows"));
        assertEquals(Map.of("taskId", id), ((Map<?, ?>) result.get("_meta")).get(Tasks.RELATED_TASK));
        assertEquals("completed", Wire.result(w.request("tasks/get", Map.of("taskId", id))).get("status"));

        Wire stranger = new Wire(w.protocol, Session.open(new Principal("mallory", "bearer", Set.of())));
        Wire.result(stranger.initialize("2025-11-25", Map.of()));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(stranger.request("tasks/get", Map.of("taskId", id))),
                "a task answers only who started it");
        assertEquals(List.of(), Wire.result(stranger.request("tasks/list", null)).get("tasks"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cancellingATaskStopsItsStatementAndItStaysCancelled() throws Exception {
        Wire w = session("2025-11-25");
        String id = startTask(w, ENDLESS_SQL);
        Backends.awaitRunning(url, ENDLESS_SQL, 1, Duration.ofSeconds(20));
        long sent = System.nanoTime();
        Map<String, Object> cancelled = Wire.result(w.request("tasks/cancel", Map.of("taskId", id)));
        assertEquals("cancelled", cancelled.get("status"), "cancelled before the answer is sent: " + cancelled);
        Backends.awaitRunning(url, ENDLESS_SQL, 0, Duration.ofSeconds(5));
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(ms <= 500, "the statement ran on for " + ms + " ms");
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tasks/cancel", Map.of("taskId", id))),
                "a task that ended cannot be cancelled again");
        Map<String, Object> result = Wire.result(w.request("tasks/result", Map.of("taskId", id)));
        assertEquals(true, result.get("isError"), result.toString());
        assertEquals("cancelled", Wire.result(w.request("tasks/get", Map.of("taskId", id))).get("status"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aToolErrorFailsTheTaskAndTasksResultReturnsIt() {
        Wire w = session("2025-11-25");
        String id = startTask(w, "SELECT 1/0");
        Map<String, Object> result = Wire.result(w.request("tasks/result", Map.of("taskId", id)));
        assertEquals(true, result.get("isError"), result.toString());
        assertTrue(result.toString().contains("22012"), result.toString());
        assertEquals("failed", Wire.result(w.request("tasks/get", Map.of("taskId", id))).get("status"),
                "2025-11-25 TaskStatus: failed includes a tool result with isError");
    }

    @Test
    void aTaskIsRefusedForToolsThatDoNotRunAsTasksAndForABadTaskMember() {
        Wire w = session("2025-11-25");
        assertEquals(JsonRpc.METHOD_NOT_FOUND, Wire.code(taskCall(w, "list_tables", Map.of())));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(taskCall(w, "no_such_tool", Map.of())));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tools/call", Map.of("name", "execute_query",
                "arguments", Map.of("sql", "SELECT 1"), "task", 60000))));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tasks/get", Map.of("taskId", "nope"))));
        assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(w.request("tasks/result", Map.of())));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCancelledTasksResultRequestGetsNoAnswerAndTheTaskRunsOn() throws Exception {
        Wire w = session("2025-11-25");
        String id = startTask(w, ENDLESS_SQL);
        Map<String, Object> wait = new LinkedHashMap<>();
        wait.put("jsonrpc", "2.0");
        wait.put("id", "wait-1");
        wait.put("method", "tasks/result");
        wait.put("params", Map.of("taskId", id));
        CompletableFuture<Map<String, Object>> answer = CompletableFuture.supplyAsync(() -> w.send(wait));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.session.call("wait-1") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        w.notify("notifications/cancelled", Map.of("requestId", "wait-1"));
        assertNull(answer.get(5, TimeUnit.SECONDS), "no response for a cancelled request");
        assertEquals("working", Wire.result(w.request("tasks/get", Map.of("taskId", id))).get("status"),
                "cancelling the wait does not cancel the task");
        assertEquals("cancelled", Wire.result(w.request("tasks/cancel", Map.of("taskId", id))).get("status"));
    }
}
