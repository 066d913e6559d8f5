package dev.pgmcp.http;

import dev.pgmcp.PgMcp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.pgmcp.http.HttpTesting.initializeBody;
import static dev.pgmcp.http.HttpTesting.mcpHeaders;
import static dev.pgmcp.http.HttpTesting.raw;
import static dev.pgmcp.http.McpRequests.MODERN;
import static dev.pgmcp.http.McpRequests.modern;
import static dev.pgmcp.http.McpRequests.modernHeaders;
import static dev.pgmcp.http.McpRequests.notification;
import static dev.pgmcp.http.McpRequests.openSession;
import static dev.pgmcp.http.McpRequests.request;
import static dev.pgmcp.http.McpRequests.sessionHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Streamable HTTP endpoint answers at its edges, on a real Jetty and a real PostgreSQL, with
 * raw requests so every status, header and byte is seen: errors as short JSON-RPC error objects, the
 * protocol-version header, argument shapes, batches per protocol version, sessions bound to their
 * principal, slow bodies against the in-flight cap, TRACE and error pages, a client that declares
 * roots, and the 2026-07-28 header checks.
 */
class HttpEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static PgMcp engine;
    private static PgMcpHttpServer server;
    private static int port;

    @BeforeAll
    static void start() {
        engine = HttpTesting.engine();
        server = PgMcpHttpServer.builder(engine).settings(HttpTesting.settings().build()).start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void refusalsAreShortJsonRpcErrorObjectsWithTheirCodes() throws IOException {
        HttpTesting.Raw noSession = raw(port, "POST", "/mcp", mcpHeaders(), request(1, "tools/list", null));
        assertEquals(400, noSession.status(), noSession.body());
        assertJsonRpcError(noSession.body(), -32600);
        assertTrue(noSession.body().length() < 300, "a short body (" + noSession.body().length() + " bytes): "
                + noSession.body());

        String session = openSession(port, "2025-11-25", "{}");
        HttpTesting.Raw notJson = raw(port, "POST", "/mcp", sessionHeaders(session, "2025-11-25"), "{\"jsonrpc\":\"2.0\",");
        assertEquals(400, notJson.status(), notJson.body());
        assertJsonRpcError(notJson.body(), -32700);
        assertTrue(notJson.body().length() < 300, notJson.body());

        HttpTesting.Raw unknown = raw(port, "POST", "/mcp", sessionHeaders("no-such-session", "2025-11-25"),
                request(2, "tools/list", null));
        assertEquals(404, unknown.status(), unknown.body());
        assertJsonRpcError(unknown.body(), null);
        assertTrue(unknown.body().length() < 300, unknown.body());
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIsABadRequest() throws IOException {
        String session = openSession(port, "2025-11-25", "{}");
        HttpTesting.Raw banana = raw(port, "POST", "/mcp", mcpHeaders("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "banana"), request(2, "tools/list", null));
        assertEquals(400, banana.status(), banana.body());
        HttpTesting.Raw supported = raw(port, "POST", "/mcp", mcpHeaders("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-11-25"), request(3, "tools/list", null));
        assertEquals(200, supported.status(), supported.body());
    }

    @Test
    void toolArgumentsThatAreNotAnObjectAreInvalidParamsAnsweredWithTheRequestId() throws IOException {
        String session = openSession(port, "2025-11-25", "{}");
        try (StreamingHttp call = StreamingHttp.send(port, "POST", "/mcp", sessionHeaders(session, "2025-11-25"),
                request(7, "tools/call", "{\"name\":\"execute_query\",\"arguments\":[1]}"))) {
            call.head(WAIT);
            assertEquals(200, call.status());
            JsonNode answer = null;
            List<StreamingHttp.Event> events = new ArrayList<>();
            if (call.isEventStream()) {
                events = call.remainingEvents(WAIT);
                for (StreamingHttp.Event e : events) {
                    if (e.data() != null && !e.data().isEmpty() && e.json().has("id")) {
                        answer = e.json();
                    }
                }
            } else {
                answer = StreamingHttp.json(call.body(WAIT));
            }
            assertTrue(answer != null, "a response; the stream carried " + events);
            assertEquals(7, answer.path("id").asInt(), answer.toString());
            assertEquals(-32602, answer.path("error").path("code").asInt(), answer.toString());
        }
    }

    @Test
    void batchesAreAnsweredIn20250326SessionsOnly() throws IOException {
        String batch = "[" + request(1, "ping", null) + "," + request(2, "tools/list", null) + "]";
        String old = openSession(port, "2025-03-26", "{}");
        HttpTesting.Raw answered = raw(port, "POST", "/mcp", sessionHeaders(old, "2025-03-26"), batch);
        assertEquals(200, answered.status(), answered.body());
        JsonNode responses = StreamingHttp.json(answered.body());
        assertTrue(responses.isArray(), answered.body());
        assertEquals(2, responses.size(), answered.body());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode r : responses.values()) {
            assertTrue(r.has("result"), r.toString());
            ids.add(r.path("id").asInt());
        }
        assertEquals(Set.of(1, 2), ids);

        String current = openSession(port, "2025-11-25", "{}");
        HttpTesting.Raw refused = raw(port, "POST", "/mcp", sessionHeaders(current, "2025-11-25"), batch);
        JsonNode error = StreamingHttp.json(refused.body());
        assertTrue(error.isObject(), "one error object, not an array: " + refused.body());
        assertEquals(-32600, error.path("error").path("code").asInt(), refused.body());
    }

    @Test
    void aSessionPresentedWithAnotherPrincipalsTokenIsNotFound() throws IOException {
        String alice = "alice-0123456789abcdef";
        String bob = "bob-fedcba9876543210";
        try (PgMcp e = HttpTesting.engine();
             PgMcpHttpServer s = PgMcpHttpServer.builder(e).settings(HttpTesting.settings()
                     .auth(HttpSettings.AuthMode.BEARER).bearerToken("alice", alice).bearerToken("bob", bob).build()).start()) {
            String session = openSession(s.port(), "2025-11-25", "{}", "Authorization", "Bearer " + alice);
            String list = request(2, "tools/list", null);
            HttpTesting.Raw asBob = raw(s.port(), "POST", "/mcp",
                    sessionHeaders(session, "2025-11-25", "Authorization", "Bearer " + bob), list);
            assertEquals(404, asBob.status(), asBob.body());
            assertFalse(asBob.body().contains("whoami"), "no tool list for another principal: " + asBob.body());
            HttpTesting.Raw asAlice = raw(s.port(), "POST", "/mcp",
                    sessionHeaders(session, "2025-11-25", "Authorization", "Bearer " + alice), list);
            assertEquals(200, asAlice.status(), asAlice.body());
        }
    }

    @Test
    void bodiesSentSlowlyTakeNoPlaceAmongTheRequestsInProgress() throws Exception {
        try (PgMcp e = HttpTesting.engine();
             PgMcpHttpServer s = PgMcpHttpServer.builder(e).settings(HttpTesting.settings().maxInFlight(4).build()).start()) {
            List<StreamingHttp> drips = new ArrayList<>();
            ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
            StreamingHttp stalled = null;
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < 8; i++) {
                    drips.add(StreamingHttp.send(s.port(), "POST", "/mcp", mcpHeaders("Content-Length", "1000"), "{"));
                }
                // And one that sends the start of its body, then nothing more.
                stalled = StreamingHttp.send(s.port(), "POST", "/mcp", mcpHeaders("Content-Length", "1000"), "{");
                dripper.scheduleAtFixedRate(() -> {
                    for (StreamingHttp d : drips) {
                        try {
                            d.write(" ");
                        } catch (IOException gone) {
                            // the server answered and closed: nothing more to send
                        }
                    }
                }, 500, 500, TimeUnit.MILLISECONDS);
                Thread.sleep(1_500); // every slow body has started and is being read

                long start = System.nanoTime();
                HttpTesting.Raw init = raw(s.port(), "POST", "/mcp", mcpHeaders(), initializeBody());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, init.status(), init.body());
                assertTrue(ms < 2_000, "initialize answered while 8 bodies drip, in " + ms + " ms");
                System.out.println("initialize answered in " + ms + " ms while 8 bodies dripped (in-flight cap 4)");

                // A body still incomplete after the body deadline (10 s) is cut off, whether it drips or stalls,
                // long before the connection's own idle timeout (the request timeout, 60 s here).
                for (StreamingHttp d : drips) {
                    assertEquals(408, d.head(WAIT).status());
                }
                assertEquals(408, stalled.head(WAIT).status());
                long cutOff = (System.nanoTime() - opened) / 1_000_000;
                System.out.println("slow bodies cut off with 408 after " + cutOff + " ms");
                assertTrue(cutOff < 30_000, "cut off after " + cutOff + " ms");
            } finally {
                dripper.shutdownNow();
                for (StreamingHttp d : drips) {
                    d.close();
                }
                if (stalled != null) {
                    stalled.close();
                }
            }
        }
    }

    @Test
    void traceIsRefusedWithoutEchoAndErrorPagesNameNoClass() throws IOException {
        String secret = "Bearer secret-credential-4711";
        for (String path : List.of("/mcp", "/health")) {
            HttpTesting.Raw trace = raw(port, "TRACE", path, Map.of("Authorization", secret), null);
            assertEquals(405, trace.status(), path + ": " + trace.body());
            assertFalse(trace.body().contains("secret-credential-4711"), path + ": " + trace.body());
            assertFalse(trace.headers().toString().contains("secret-credential-4711"), path + ": " + trace.headers());
        }
        HttpTesting.Raw missing = raw(port, "GET", "/nothing-here", Map.of(), null);
        assertEquals(404, missing.status(), missing.body());
        for (String leak : List.of("org.eclipse", "Servlet", "jetty", "Exception", "java.")) {
            assertFalse(missing.body().contains(leak), "names no class (" + leak + "): " + missing.body());
        }
    }

    @Test
    void aClientDeclaringRootsIsAnsweredAtOnceAndNeverAskedForThem() throws IOException {
        String version = "2025-11-25";
        HttpTesting.Raw init = raw(port, "POST", "/mcp", mcpHeaders(),
                McpRequests.initialize(version, "{\"roots\":{\"listChanged\":true}}"));
        assertEquals(200, init.status(), init.body());
        String session = init.header("Mcp-Session-Id");
        try (StreamingHttp stream = StreamingHttp.send(port, "GET", "/mcp", Map.of("Accept", "text/event-stream",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", version), null)) {
            assertEquals(200, stream.head(WAIT).status());

            long start = System.nanoTime();
            try (StreamingHttp initialized = StreamingHttp.send(port, "POST", "/mcp", sessionHeaders(session, version),
                    notification("notifications/initialized", null))) {
                answeredWithin(initialized, "notifications/initialized", Duration.ofSeconds(10));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(202, initialized.status());
                assertTrue(ms < 2_000, "notifications/initialized answered in " + ms + " ms");
            }

            // Declaring listChanged, the client tells the server its roots changed.
            start = System.nanoTime();
            try (StreamingHttp changed = StreamingHttp.send(port, "POST", "/mcp", sessionHeaders(session, version),
                    notification("notifications/roots/list_changed", null))) {
                answeredWithin(changed, "notifications/roots/list_changed", Duration.ofSeconds(10));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(202, changed.status());
                assertTrue(ms < 2_000, "notifications/roots/list_changed answered in " + ms + " ms");
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < deadline) {
                StreamingHttp.Event e;
                try {
                    e = stream.nextEvent(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (java.net.SocketTimeoutException quiet) {
                    break;
                }
                if (e == null) {
                    break;
                }
                assertFalse(e.data() != null && !e.data().isEmpty()
                        && "roots/list".equals(e.json().path("method").asString(null)), "the server asked for roots: " + e);
            }
        }
    }

    @Test
    void modernRequestHeadersAreCheckedAgainstTheBody() throws IOException {
        HttpTesting.Raw wrongMethod = raw(port, "POST", "/mcp", modernHeaders(MODERN, "prompts/list", null),
                modern(1, "tools/list", "", MODERN));
        assertEquals(400, wrongMethod.status(), wrongMethod.body());
        assertJsonRpcError(wrongMethod.body(), -32020);

        HttpTesting.Raw noName = raw(port, "POST", "/mcp", modernHeaders(MODERN, "tools/call", null),
                modern(2, "tools/call", "\"name\":\"whoami\",\"arguments\":{}", MODERN));
        assertEquals(400, noName.status(), noName.body());
        assertJsonRpcError(noName.body(), -32020);

        HttpTesting.Raw named = raw(port, "POST", "/mcp", modernHeaders(MODERN, "tools/call", "whoami"),
                modern(3, "tools/call", "\"name\":\"whoami\",\"arguments\":{}", MODERN));
        assertEquals(200, named.status(), named.body());

        HttpTesting.Raw future = raw(port, "POST", "/mcp", modernHeaders("2099-01-01", "tools/list", null),
                modern(4, "tools/list", "", "2099-01-01"));
        assertEquals(400, future.status(), future.body());
        JsonNode unsupported = assertJsonRpcError(future.body(), -32022);
        List<String> supported = new ArrayList<>();
        unsupported.path("error").path("data").path("supported").values().forEach(v -> supported.add(v.asString()));
        assertTrue(supported.contains(MODERN), future.body());

        HttpTesting.Raw unknown = raw(port, "POST", "/mcp", modernHeaders(MODERN, "no/such-method", null),
                modern(5, "no/such-method", "", MODERN));
        assertEquals(404, unknown.status(), unknown.body());
        assertJsonRpcError(unknown.body(), -32601);
    }

    private static void answeredWithin(StreamingHttp exchange, String what, Duration timeout) throws IOException {
        try {
            exchange.head(timeout);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError(what + ": no answer within " + timeout.toSeconds() + " s");
        }
    }

    /**
     * Asserts a JSON-RPC error object whose message names no Java class and that carries no stack trace.
     *
     * @param code the expected code, or {@code null} for any
     */
    static JsonNode assertJsonRpcError(String body, Integer code) {
        for (String leak : List.of("stackTrace", "Exception", "java.")) {
            assertFalse(body.contains(leak), "no " + leak + " in: " + body);
        }
        JsonNode json = StreamingHttp.json(body);
        assertEquals("2.0", json.path("jsonrpc").asString(), body);
        assertTrue(json.path("error").path("code").isInt(), "an error code: " + body);
        assertTrue(json.path("error").path("message").isString(), "an error message: " + body);
        if (code != null) {
            assertEquals(code.intValue(), json.path("error").path("code").asInt(), body);
        }
        return json;
    }
}
