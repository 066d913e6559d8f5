package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Outcome;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolInterceptor;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.pgmcp.internal.engine.RecordingListener.methods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ToolInterceptor SPI against a real PostgreSQL: order, answering in the tool's place, changed
 * arguments and results, errors seen as results, a failing interceptor, and where the rate limit and
 * the call's events stand.
 */
class ToolInterceptorTest {

    static String url;
    PgMcp pgmcp;
    final RecordingListener recorder = new RecordingListener();

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("interceptors");
        TestPostgres.run(url, "CREATE TABLE people (id int PRIMARY KEY, email text); "
                + "INSERT INTO people VALUES (1, 'ada@example.com'), (2, 'alan@example.com');");
    }

    @AfterEach
    void close() {
        pgmcp.close();
    }

    private PgMcp engine(UnaryOperator<PgMcpConfig.Builder> config, ToolInterceptor... interceptors) {
        PgMcp.Builder b = PgMcp.builder(config.apply(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .auditLog("off")).build()).discoverTools(false).addListener(recorder);
        for (ToolInterceptor i : interceptors) {
            b.addInterceptor(i);
        }
        pgmcp = b.build();
        return pgmcp;
    }

    private static Map<String, Object> sql(String sql) {
        return Map.of("sql", sql);
    }

    @Test
    void interceptorsRunInTheOrderAddedAroundTheTool() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        engine(c -> c,
                chain -> {
                    seen.add("outer before " + chain.toolName());
                    ToolResult r = chain.proceed();
                    seen.add("outer after " + (r.error() ? "error" : "ok"));
                    return r;
                },
                chain -> {
                    seen.add("inner before " + chain.arguments().get("sql"));
                    ToolResult r = chain.proceed();
                    seen.add("inner after");
                    return r;
                });
        ToolResult r = pgmcp.callTool("execute_query", sql("SELECT count(*) FROM people"));
        assertFalse(r.error(), r.text());
        assertEquals(List.of("outer before execute_query", "inner before SELECT count(*) FROM people", "inner after",
                "outer after ok"), seen);
        assertEquals(QueryListenerTest.ONE_STATEMENT, methods(recorder.drain()));
    }

    @Test
    void anInterceptorMayAnswerInTheToolsPlaceAndTheCallIsStillReported() {
        engine(c -> c, chain -> chain.call().principal().name().equals("over-quota")
                ? ToolResult.error("Quota exceeded: 1,000 calls a day") : chain.proceed());
        ToolResult r = pgmcp.callTool("execute_query", sql("SELECT 1"),
                new CallInfo(new Principal("over-quota", "bearer", java.util.Set.of()), null));
        assertTrue(r.error());
        assertEquals("Quota exceeded: 1,000 calls a day", r.text());
        List<RecordingListener.Received> events = recorder.drain();
        // No statement ran; the call still starts and ends, with the result the client got.
        assertEquals(List.of("toolCallStarted", "toolCallEnded"), methods(events));
        assertEquals(Outcome.ERROR, events.get(1).call().outcome());
        assertFalse(pgmcp.callTool("execute_query", sql("SELECT 1")).error());
    }

    @Test
    void anInterceptorMayChangeTheArgumentsAndTheResult() {
        engine(c -> c, chain -> {
            Map<String, Object> args = new HashMap<>(chain.arguments());
            args.put("sql", args.get("sql") + " ORDER BY id"); // a house rule: a stable order
            ToolResult r = chain.proceed(args);
            return r.error() ? r : ToolResult.text(r.text().replaceAll("[a-z]+@example\\.com", "<masked>"));
        });
        ToolResult r = pgmcp.callTool("execute_query", sql("SELECT id, email FROM people"));
        assertFalse(r.error(), r.text());
        assertTrue(r.text().contains("<masked>"), r.text());
        assertFalse(r.text().contains("@example.com"), r.text());
        assertTrue(r.text().indexOf("1,") < r.text().indexOf("2,"), r.text());
    }

    @Test
    void anInterceptorSeesTheToolsFailuresAsErrorResults() {
        List<ToolResult> seen = Collections.synchronizedList(new ArrayList<>());
        engine(c -> c, chain -> {
            ToolResult r = chain.proceed();
            seen.add(r);
            return r;
        });
        pgmcp.callTool("execute_query", sql("DELETE FROM people"));
        pgmcp.callTool("execute_query", sql("SELECT 1/0"));
        pgmcp.callTool("execute_query", Map.of("sql", "SELECT 1", "database", "nowhere"));
        assertEquals(3, seen.size());
        assertTrue(seen.get(0).error() && seen.get(0).text().startsWith("Query rejected: "), seen.get(0).text());
        assertTrue(seen.get(1).error() && seen.get(1).text().contains("22012"), seen.get(1).text());
        assertTrue(seen.get(2).error() && seen.get(2).text().startsWith("Invalid arguments: "), seen.get(2).text());
    }

    @Test
    void aFailingInterceptorEndsTheCallWithAnInternalErrorAndTheServerGoesOn() {
        engine(c -> c, chain -> {
            if ("SELECT 2".equals(chain.arguments().get("sql"))) {
                throw new IllegalStateException("secret detail from the host");
            }
            return chain.proceed();
        });
        ToolResult r = pgmcp.callTool("execute_query", sql("SELECT 2"));
        assertTrue(r.error());
        assertTrue(r.text().startsWith("Internal error in tool execute_query"), r.text());
        assertFalse(r.text().contains("secret detail"), r.text());
        List<RecordingListener.Received> events = recorder.drain();
        assertEquals(List.of("toolCallStarted", "toolCallEnded"), methods(events));
        assertEquals(Outcome.ERROR, events.get(1).call().outcome());
        assertFalse(pgmcp.callTool("execute_query", sql("SELECT 1")).error());
    }

    @Test
    void aRateLimitedCallReachesNoInterceptor() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        engine(c -> c.rateLimitPerMinute(1), chain -> {
            seen.add(chain.toolName());
            return chain.proceed();
        });
        assertFalse(pgmcp.callTool("execute_query", sql("SELECT 1")).error());
        ToolResult limited = pgmcp.callTool("execute_query", sql("SELECT 1"));
        assertTrue(limited.error(), limited.text());
        assertEquals(List.of("execute_query"), seen);
        List<RecordingListener.Received> events = recorder.drain();
        assertEquals(Outcome.RATE_LIMITED, events.get(events.size() - 1).call().outcome());
    }
}
