package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pgmcp.internal.engine.RecordingListener.methods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The QueryListener SPI: call order and event contents for every outcome, against a real PostgreSQL. */
class QueryListenerTest {

    static final List<String> ONE_STATEMENT =
            List.of("toolCallStarted", "statementStarted", "statementEnded", "toolCallEnded");

    static String url;
    static PgMcp pgmcp;
    static final RecordingListener RECORDER = new RecordingListener();

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("listener");
        TestPostgres.run(url, "CREATE TABLE widgets (id int PRIMARY KEY, label text); "
                + "INSERT INTO widgets SELECT g, 'w' || g FROM generate_series(1, 20) g;");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off")
                .rateLimitPerMinute(0).rateLimitPerHour(0).build();
        pgmcp = PgMcp.builder(config).discoverTools(false).addListener(RECORDER).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    @BeforeEach
    void clear() {
        RECORDER.drain();
    }

    @Test
    void successfulCallReportsItsStatementBetweenStartAndEnd() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT id, label FROM widgets WHERE id <= $1 ORDER BY id",
                "params", List.of(3)));
        assertFalse(r.error(), r.text());
        List<RecordingListener.Received> events = RECORDER.drain();
        assertEquals(ONE_STATEMENT, methods(events));

        ToolCallEvent callStart = events.get(0).call();
        assertEquals("execute_query", callStart.tool());
        assertEquals("main", callStart.database());
        assertEquals(Principal.LOCAL, callStart.principal());
        assertNull(callStart.outcome());
        assertEquals(-1, callStart.durationMillis());

        StatementEvent start = events.get(1).statement();
        assertEquals("SELECT id, label FROM widgets WHERE id <= $1 ORDER BY id", start.sql());
        assertEquals(1, start.parameterCount());
        assertEquals("execute_query", start.tool());
        assertEquals("main", start.database());
        assertNull(start.outcome());

        StatementEvent end = events.get(2).statement();
        assertEquals(Outcome.OK, end.outcome());
        assertEquals(start.sql(), end.sql());
        assertEquals(start.startedAt(), end.startedAt());
        assertEquals(3, end.rows());
        assertTrue(end.bytes() > 3 * "wN".length(), "bytes " + end.bytes());
        assertFalse(end.truncated());
        assertTrue(end.durationMillis() >= 0);
        assertNull(end.sqlState());
        assertNull(end.rejectionReason());

        ToolCallEvent callEnd = events.get(3).call();
        assertEquals(Outcome.OK, callEnd.outcome());
        assertEquals(callStart.startedAt(), callEnd.startedAt());
        assertTrue(callEnd.durationMillis() >= end.durationMillis());
        assertNull(callEnd.errorMessage());
    }

    @Test
    void truncatedResultIsReported() {
        assertFalse(pgmcp.callTool("execute_query", Map.of("sql", "SELECT id FROM widgets", "limit", 5)).error());
        StatementEvent end = RECORDER.drain().get(2).statement();
        assertEquals(5, end.rows());
        assertTrue(end.truncated());
        assertEquals("rows", end.truncation());
    }

    @Test
    void rejectedSqlIsAStatementWithItsReasonAndNoSqlState() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "DELETE FROM widgets"));
        assertTrue(r.error());
        List<RecordingListener.Received> events = RECORDER.drain();
        assertEquals(ONE_STATEMENT, methods(events));
        StatementEvent end = events.get(2).statement();
        assertEquals(Outcome.REJECTED, end.outcome());
        assertEquals("not_read_only", end.rejectionReason());
        assertEquals("DELETE FROM widgets", end.sql());
        assertNull(end.sqlState());
        assertEquals(-1, end.rows());
        assertTrue(end.errorMessage().contains("DELETE"), end.errorMessage());
        ToolCallEvent callEnd = events.get(3).call();
        assertEquals(Outcome.REJECTED, callEnd.outcome());
        assertTrue(callEnd.errorMessage().startsWith("Query rejected:"), callEnd.errorMessage());

        pgmcp.callTool("execute_query", Map.of("sql", "SELECT pg_sleep(1)"));
        assertEquals("denied_function", RECORDER.drain().get(2).statement().rejectionReason());
        pgmcp.callTool("execute_query", Map.of("sql", "SELECT $1::int + $2::int", "params", List.of(1)));
        StatementEvent mismatch = RECORDER.drain().get(2).statement();
        assertEquals(Outcome.REJECTED, mismatch.outcome());
        assertEquals(1, mismatch.parameterCount());
    }

    @Test
    void failingSqlCarriesItsSqlState() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1 / (id - id) FROM widgets"));
        assertTrue(r.error());
        List<RecordingListener.Received> events = RECORDER.drain();
        assertEquals(ONE_STATEMENT, methods(events));
        StatementEvent end = events.get(2).statement();
        assertEquals(Outcome.ERROR, end.outcome());
        assertEquals("22012", end.sqlState());
        assertTrue(end.errorMessage().contains("division by zero"), end.errorMessage());
        ToolCallEvent callEnd = events.get(3).call();
        assertEquals(Outcome.ERROR, callEnd.outcome());
        assertTrue(callEnd.errorMessage().contains("22012"), callEnd.errorMessage());
        assertFalse(callEnd.errorMessage().contains("\n"), callEnd.errorMessage());
    }

    @Test
    void callThatFailsBeforeAnyStatementHasNoStatementEvents() {
        ToolResult r = pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1", "database", "nowhere"));
        assertTrue(r.error());
        List<RecordingListener.Received> events = RECORDER.drain();
        assertEquals(List.of("toolCallStarted", "toolCallEnded"), methods(events));
        assertEquals("nowhere", events.get(0).call().database());
        assertEquals(Outcome.ERROR, events.get(1).call().outcome());
    }

    @Test
    void principalOfTheCallReachesStatementEvents() {
        Principal alice = new Principal("alice", "bearer", Set.of("read"));
        pgmcp.callTool("read_table", Map.of("table_name", "widgets", "limit", 2), new CallInfo(alice, "r-1"));
        List<RecordingListener.Received> events = RECORDER.drain();
        assertTrue(events.size() >= 4, methods(events).toString());
        for (RecordingListener.Received e : events) {
            Principal p = e.event() instanceof StatementEvent s ? s.principal() : e.call().principal();
            assertEquals(alice, p, e.method());
        }
        StatementEvent end = events.get(events.size() - 2).statement();
        assertEquals("read_table", end.tool());
        assertEquals(2, end.parameterCount()); // limit + 1 and offset, bound as values
        assertEquals(2, end.rows());
    }

    @Test
    void statementsOutsideAToolCallHaveNoTool() {
        pgmcp.database(null).executor().queryTrusted("SELECT count(*) FROM widgets", List.of(), 10);
        List<RecordingListener.Received> events = RECORDER.drain();
        assertEquals(List.of("statementStarted", "statementEnded"), methods(events));
        StatementEvent end = events.get(1).statement();
        assertNull(end.tool());
        assertEquals("main", end.database());
        assertEquals(Principal.LOCAL, end.principal());
        assertEquals(1, end.rows());
    }

    @Test
    void rateLimitedCallGoesFromStartToEndWithoutStatements() {
        RecordingListener rec = new RecordingListener();
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off")
                .rateLimitPerMinute(1).rateLimitPerHour(0).build();
        try (PgMcp limited = PgMcp.builder(config).discoverTools(false).addListener(rec).build()) {
            assertFalse(limited.callTool("execute_query", Map.of("sql", "SELECT 1")).error());
            assertEquals(ONE_STATEMENT, methods(rec.drain()));
            ToolResult r = limited.callTool("execute_query", Map.of("sql", "SELECT 1"));
            assertTrue(r.error());
            List<RecordingListener.Received> events = rec.drain();
            assertEquals(List.of("toolCallStarted", "toolCallEnded"), methods(events));
            assertEquals(Outcome.RATE_LIMITED, events.get(1).call().outcome());
            assertTrue(events.get(1).call().errorMessage().contains("Retry in"), events.get(1).call().errorMessage());
        }
    }

    @Test
    void aThrowingListenerNeitherBreaksTheCallNorSilencesTheOthers() {
        QueryListener broken = new QueryListener() {
            @Override
            public void toolCallStarted(ToolCallEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void statementEnded(StatementEvent event) {
                throw new LinkageError("listener bug");
            }
        };
        RecordingListener after = new RecordingListener();
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off").build();
        try (PgMcp p = PgMcp.builder(config).discoverTools(false).addListener(broken).addListener(after).build()) {
            ToolResult r = p.callTool("execute_query", Map.of("sql", "SELECT label FROM widgets WHERE id = 1"));
            assertFalse(r.error(), r.text());
            assertEquals(List.of(List.of("w1")), r.structuredContent().get("rows"));
            assertEquals(ONE_STATEMENT, methods(after.drain()));
        }
    }

    /** Listed in META-INF/services of a class loader built by the test below. */
    public static final class DiscoveredListener extends RecordingListener.Forwarding {
    }

    @Test
    void listenersAreDiscoveredThroughServiceLoader(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(QueryListener.class.getName()), DiscoveredListener.class.getName() + "\n");
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).auditLog("off").build();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            try (PgMcp p = PgMcp.builder(config).classLoader(loader).build()) {
                assertTrue(p.listeners().stream().anyMatch(l -> l instanceof DiscoveredListener), p.listeners().toString());
                p.callTool("list_schemas", Map.of());
                assertEquals(List.of("toolCallStarted", "toolCallEnded"), methods(RecordingListener.Forwarding.SHARED.drain()));
            }
            try (PgMcp p = PgMcp.builder(config).classLoader(loader).discoverListeners(false).build()) {
                assertTrue(p.listeners().isEmpty(), p.listeners().toString());
            }
        }
    }
}
