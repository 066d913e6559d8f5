package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static dev.pgmcp.http.McpRequests.openSession;
import static dev.pgmcp.http.McpRequests.request;
import static dev.pgmcp.http.McpRequests.sessionHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event streams of a 2025-11-25 session on a real Jetty: a call that outlasts the quick-answer window
 * is answered with an SSE stream (a priming event, event ids unique in the session, the response
 * last); a dropped stream does not lose the answer, which a GET with {@code Last-Event-ID} resumes;
 * standalone GET streams open at once and do not end each other. A tool that waits for the test's
 * signal makes "still running" deterministic.
 */
class SseResumptionTest {

    private static final String VERSION = "2025-11-25";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Gate gate;
    private PgMcp engine;
    private PgMcpHttpServer server;
    private int port;

    @BeforeEach
    void start() {
        gate = new Gate();
        engine = HttpTesting.engine(gate);
        server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().build()).start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        gate.open.release(100);
        server.close();
        engine.close();
    }

    @Test
    void slowCallsAnswerWithStreamsWhoseEventsHaveIdsUniqueInTheSessionAndEndWithTheResponse() throws Exception {
        String session = openSession(port, VERSION, "{}");
        try (StreamingHttp first = call(session, 11); StreamingHttp second = call(session, 12)) {
            assertTrue(gate.entered.tryAcquire(2, 30, TimeUnit.SECONDS), "both calls are running");
            List<StreamingHttp.Event> events = new ArrayList<>();
            for (StreamingHttp stream : List.of(first, second)) {
                assertEquals(200, stream.head(WAIT).status());
                assertTrue(stream.isEventStream(), "a slow call's answer is an event stream: " + stream.header("Content-Type"));
                StreamingHttp.Event priming = firstEvent(stream);
                assertPriming(priming);
                events.add(priming);
            }
            gate.open.release(2);
            for (int i = 0; i < 2; i++) {
                StreamingHttp stream = i == 0 ? first : second;
                List<StreamingHttp.Event> rest = stream.remainingEvents(WAIT);
                assertFalse(rest.isEmpty(), "the stream carries the response");
                JsonNode response = rest.get(rest.size() - 1).json();
                assertEquals(11 + i, response.path("id").asInt(), "the last event is the response: " + response);
                assertEquals("released", response.path("result").path("content").path(0).path("text").asString(),
                        response.toString());
                events.addAll(rest);
            }
            // Every event of both streams, priming events included, carries an id, and no id repeats.
            Set<String> ids = new HashSet<>();
            for (StreamingHttp.Event e : events) {
                assertNotNull(e.id(), "every event has an id: " + e);
                assertTrue(ids.add(e.id()), "event id " + e.id() + " repeats");
            }
        }
    }

    @Test
    void aDroppedStreamIsResumedWithLastEventIdAndDeliversTheResponse() throws Exception {
        String session = openSession(port, VERSION, "{}");
        String primingId;
        try (StreamingHttp post = call(session, 21)) {
            assertTrue(gate.entered.tryAcquire(30, TimeUnit.SECONDS), "the call is running");
            assertEquals(200, post.head(WAIT).status());
            assertTrue(post.isEventStream(), post.header("Content-Type"));
            primingId = assertPriming(firstEvent(post));
        } // the client drops the connection while the call runs

        Map<String, String> resume = Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", VERSION, "Last-Event-ID", primingId);
        try (StreamingHttp get = StreamingHttp.send(port, "GET", "/mcp", resume, null)) {
            assertEquals(200, get.head(WAIT).status());
            assertTrue(get.isEventStream(), get.header("Content-Type"));
            gate.open.release();
            JsonNode response = null;
            for (StreamingHttp.Event e : get.remainingEvents(WAIT)) {
                assertNotNull(e.id(), "a resumed event has an id: " + e);
                assertNotEquals(primingId, e.id(), "events the client saw are not replayed");
                if (e.data() != null && !e.data().isEmpty() && e.json().path("id").asInt() == 21) {
                    response = e.json();
                }
            }
            assertNotNull(response, "the response arrives on the resumed stream");
            assertEquals("released", response.path("result").path("content").path(0).path("text").asString(),
                    response.toString());
        }
    }

    @Test
    void aResponseSentWhileTheClientWasAwayIsReplayedOnResumption() throws Exception {
        String session = openSession(port, VERSION, "{}");
        String primingId;
        try (StreamingHttp post = call(session, 31)) {
            assertTrue(gate.entered.tryAcquire(30, TimeUnit.SECONDS), "the call is running");
            assertEquals(200, post.head(WAIT).status());
            primingId = assertPriming(firstEvent(post));
        }
        gate.open.release();
        // The call ends while no connection carries its stream; its response is kept for the client.
        awaitIdle();

        Map<String, String> resume = Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", VERSION, "Last-Event-ID", primingId);
        try (StreamingHttp get = StreamingHttp.send(port, "GET", "/mcp", resume, null)) {
            assertEquals(200, get.head(WAIT).status());
            List<StreamingHttp.Event> events = get.remainingEvents(WAIT);
            assertEquals(1, events.size(), "the response, then the stream ends: " + events);
            assertNotNull(events.get(0).id(), events.get(0).toString());
            assertEquals(31, events.get(0).json().path("id").asInt(), events.get(0).toString());
            assertEquals("released", events.get(0).json().path("result").path("content").path(0).path("text").asString(),
                    events.get(0).toString());
        }
    }

    /** Waits until no MCP request is in progress (bounded; no timing assertion). */
    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 600 && server.endpoint().inFlight() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, server.endpoint().inFlight(), "the call finished");
    }

    @Test
    void aStandaloneStreamOpensAtOnceAndASecondOneDoesNotEndIt() throws Exception {
        String session = openSession(port, VERSION, "{}");
        Map<String, String> get = Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", VERSION);
        try (StreamingHttp first = StreamingHttp.send(port, "GET", "/mcp", get, null)) {
            long start = System.nanoTime();
            first.head(Duration.ofSeconds(1));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, first.status());
            assertTrue(first.isEventStream(), first.header("Content-Type"));
            assertTrue(ms < 1_000, "status and headers before any event, in " + ms + " ms");
            try (StreamingHttp second = StreamingHttp.send(port, "GET", "/mcp", get, null)) {
                assertEquals(200, second.head(Duration.ofSeconds(1)).status());
                assertTrue(second.isEventStream(), second.header("Content-Type"));
                assertFalse(first.endedWithin(Duration.ofSeconds(2)), "the second stream leaves the first open");
                assertFalse(second.endedWithin(Duration.ofMillis(500)), "the second stream stays open");
            }
        }
    }

    /** Starts {@code tools/call gate} in the session; its answer is read by the caller. */
    private StreamingHttp call(String session, int id) throws IOException {
        return StreamingHttp.send(port, "POST", "/mcp", sessionHeaders(session, VERSION),
                request(id, "tools/call", "{\"name\":\"gate\",\"arguments\":{}}"));
    }

    /** @return the stream's first event, which must come as the stream opens */
    private static StreamingHttp.Event firstEvent(StreamingHttp stream) throws IOException {
        try {
            return stream.nextEvent(WAIT);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no event within " + WAIT.toSeconds() + " s of the stream's start: the priming event "
                    + "(an id to resume from) never came");
        }
    }

    /** Asserts the 2025-11-25 priming event (an id, a reconnection delay, empty data). @return its id */
    private String assertPriming(StreamingHttp.Event e) {
        assertNotNull(e, "a first event");
        assertNotNull(e.id(), "the priming event has an id: " + e);
        assertFalse(e.id().isEmpty(), "the priming event has an id: " + e);
        assertNotNull(e.retry(), "the priming event tells the reconnection delay: " + e);
        assertTrue(e.data() == null || e.data().isEmpty(), "the priming event carries no message: " + e);
        return e.id();
    }

    /** A tool that runs until the test opens the gate. */
    private static final class Gate implements Tool {
        final Semaphore entered = new Semaphore(0);
        final Semaphore open = new Semaphore(0);

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public String description() {
            return "Runs until the test opens the gate (tests only).";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) throws InterruptedException {
            entered.release();
            if (!open.tryAcquire(60, TimeUnit.SECONDS)) {
                return ToolResult.error("the gate never opened");
            }
            return ToolResult.text("released");
        }
    }
}
