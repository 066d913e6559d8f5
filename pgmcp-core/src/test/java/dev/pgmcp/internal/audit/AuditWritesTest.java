package dev.pgmcp.internal.audit;

import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.testing.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the audit log's lines reach stderr: a tool call's statement lines leave with its call line, in
 * one write; anything else as it ends. Each write the log makes is recorded whole, as the system
 * call would see it.
 */
class AuditWritesTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Each write to stderr. */
    private final RecordingStream recorded = new RecordingStream();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(recorded, false, StandardCharsets.UTF_8));
    }

    /** @return the text of each write to stderr so far, in order */
    private List<String> writes() {
        return recorded.writes();
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
    }

    private static StatementEvent statement(String tool, String sql) {
        return StatementEvent.started(tool, "main", Principal.LOCAL, sql, 0).succeeded(1, 1, 10, false, null);
    }

    private static ToolCallEvent callStart(String tool) {
        return ToolCallEvent.started(tool, "main", Principal.LOCAL);
    }

    private static ToolCallEvent callEnd(String tool) {
        return callStart(tool).ended(2, Outcome.OK, null);
    }

    /** The string value of field {@code name} on each line of one write ({@code null} where it is null or absent). */
    private static List<String> field(String write, String name) {
        List<String> values = new ArrayList<>();
        for (String line : write.split("\n")) {
            JsonNode value = JSON.readTree(line).get(name);
            values.add(value == null || value.isNull() ? null : value.asString());
        }
        return values;
    }

    @Test
    void aCallsStatementLinesLeaveWithItsCallLineInOneWrite() {
        AuditLog log = AuditLog.toStderr();
        log.toolCallStarted(callStart("execute_query"));
        log.statementEnded(statement("execute_query", "SELECT 1"));
        log.statementEnded(statement("execute_query", "SELECT 2"));
        assertEquals(List.of(), writes(), "held until the call ends");
        log.toolCallEnded(callEnd("execute_query"));

        assertEquals(1, writes().size(), writes().toString());
        assertTrue(writes().get(0).endsWith("\n"), writes().get(0));
        assertEquals(List.of("statement", "statement", "tool_call"), field(writes().get(0), "event"));
        assertEquals(List.of("SELECT 1", "SELECT 2"), field(writes().get(0), "sql").subList(0, 2));

        // Nothing stays held for the next call.
        log.toolCallStarted(callStart("list_schemas"));
        log.toolCallEnded(callEnd("list_schemas"));
        assertEquals(2, writes().size());
        assertEquals(List.of("tool_call"), field(writes().get(1), "event"));
    }

    @Test
    void aStatementOutsideAToolCallIsWrittenWhenItEnds() {
        AuditLog log = AuditLog.toStderr();
        log.statementEnded(statement(null, "SELECT 1"));
        assertEquals(1, writes().size());
        // A statement on a thread with no call of its own (the call runs elsewhere) is not held either.
        AtomicReference<Integer> seen = new AtomicReference<>();
        log.toolCallStarted(callStart("execute_query"));
        Thread other = new Thread(() -> {
            log.statementEnded(statement("execute_query", "SELECT 2"));
            seen.set(writes().size());
        });
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(2, seen.get());
        log.toolCallEnded(callEnd("execute_query"));
        assertEquals(3, writes().size());
    }

    @Test
    void nestedCallsKeepTheOrderOfEvents() {
        AuditLog log = AuditLog.toStderr();
        log.toolCallStarted(callStart("outer"));
        log.statementEnded(statement("outer", "SELECT 1"));
        log.toolCallStarted(callStart("inner"));
        log.statementEnded(statement("inner", "SELECT 2"));
        log.toolCallEnded(callEnd("inner"));
        log.statementEnded(statement("outer", "SELECT 3"));
        log.toolCallEnded(callEnd("outer"));

        assertEquals(2, writes().size(), writes().toString());
        assertEquals(List.of("outer", "inner", "inner"), field(writes().get(0), "tool"));
        assertEquals(List.of("outer", "outer"), field(writes().get(1), "tool"));
        assertEquals(List.of("statement", "tool_call"), field(writes().get(1), "event"));
    }

    @Test
    void aCallHoldsAtMostTheCapOfStatementLines() {
        AuditLog log = AuditLog.toStderr();
        String sql = "SELECT '" + "x".repeat(10_000) + "'";
        log.toolCallStarted(callStart("execute_query"));
        int statements = 20; // about 200 KB of lines, more than three times the cap
        for (int i = 0; i < statements; i++) {
            log.statementEnded(statement("execute_query", sql));
        }
        assertTrue(writes().size() >= 2, "written before the call ended: " + writes().size());
        for (String w : writes()) {
            assertTrue(w.length() <= AuditLog.MAX_HELD_BYTES + sql.length() + 400, "one write of " + w.length());
        }
        log.toolCallEnded(callEnd("execute_query"));
        List<String> events = new ArrayList<>();
        for (String w : writes()) {
            events.addAll(field(w, "event"));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < statements; i++) {
            expected.add("statement");
        }
        expected.add("tool_call");
        assertEquals(expected, events, "every line once, in order");
    }
}
