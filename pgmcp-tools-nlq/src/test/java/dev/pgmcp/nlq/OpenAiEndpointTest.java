package dev.pgmcp.nlq;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code query} tool's OpenAI-compatible endpoint path against a stub server on loopback: success,
 * HTTP 429 then success, timeout, malformed answers, a refused key, hostile SQL. Everything the server
 * writes to stderr (logs, audit) during these tests is captured: the API key is never in it, nor in a result.
 */
@SuppressWarnings("unchecked")
class OpenAiEndpointTest {

    static final String KEY = "sk-test-0123456789abcdefSECRET";
    static String url;
    static final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    static PrintStream originalErr;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("nlq_endpoint");
        TestPostgres.run(url, NaturalLanguageQueryToolTest.SETUP);
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, stderr), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        System.setErr(originalErr);
        String captured = stderr.toString(StandardCharsets.UTF_8);
        assertFalse(captured.isEmpty(), "stderr was captured");
        assertFalse(captured.contains(KEY), "the API key reached stderr");
        assertFalse(captured.contains("0123456789abcdef"), "part of the API key reached stderr");
    }

    static ToolResult ask(StubLlmServer stub, Consumer<LlmSettings.Builder> settings, Map<String, Object> args) {
        LlmSettings.Builder b = LlmSettings.builder().baseUrl(stub.baseUrl().toString()).apiKey(KEY)
                .timeout(Duration.ofSeconds(5)).maxRetries(2);
        settings.accept(b);
        LlmSettings llm = b.build();
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).build();
        assertFalse(config.toString().contains(KEY), config.toString());
        assertFalse(llm.toString().contains(KEY), llm.toString());
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(new NaturalLanguageQueryTool(llm)).build()) {
            ToolResult r = pgmcp.callTool("query", args);
            assertFalse(r.text().contains(KEY), r.text());
            assertFalse(String.valueOf(r.structuredContent()).contains(KEY));
            return r;
        }
    }

    static ToolResult ask(StubLlmServer stub, Consumer<LlmSettings.Builder> settings) {
        return ask(stub, settings, Map.of("question", "How many customers are there?", "return_type", "both"));
    }

    @Test
    void answerFromTheEndpointRunsWithTheKeyInTheHeaderOnly() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.completion(
                "```sql\nSELECT count(*) AS customers FROM public.customers;\n```"))) {
            ToolResult r = ask(stub, b -> b.model("gpt-test"));
            assertFalse(r.error(), r.text());
            assertEquals("SELECT count(*) AS customers FROM public.customers", r.structuredContent().get("sql"));
            assertEquals("endpoint", r.structuredContent().get("source"));
            assertEquals("stub-model", r.structuredContent().get("model"));
            assertEquals(3L, ((Number) ((List<List<Object>>) r.structuredContent().get("rows")).get(0).get(0)).longValue());
            assertEquals(1, stub.received.size());
            StubLlmServer.Received req = stub.received.get(0);
            assertEquals("Bearer " + KEY, req.authorization());
            assertFalse(req.body().contains(KEY));
            JsonNode body = JsonMapper.builder().build().readTree(req.body());
            assertEquals("gpt-test", body.get("model").asString());
            assertEquals("system", body.at("/messages/0/role").asString());
            assertTrue(body.at("/messages/0/content").asString().contains("public.customers"));
            assertEquals("user", body.at("/messages/1/role").asString());
            assertEquals("Question: How many customers are there?", body.at("/messages/1/content").asString());
            assertEquals(1024, body.get("max_tokens").asInt());
        }
    }

    @Test
    void http429IsRetriedAfterRetryAfter() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(
                new StubLlmServer.Reply(429, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"Rate limit reached\"}}", 0),
                StubLlmServer.Reply.status(503, "overloaded"),
                StubLlmServer.Reply.completion("SELECT count(*) FROM public.customers"))) {
            ToolResult r = ask(stub, b -> { });
            assertFalse(r.error(), r.text());
            assertEquals(3, stub.received.size());
        }
    }

    @Test
    void http429BeyondTheRetriesIsAClearError() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(new StubLlmServer.Reply(429, Map.of("Retry-After", "0"),
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\"}}", 0))) {
            ToolResult r = ask(stub, b -> b.maxRetries(1));
            assertTrue(r.error());
            assertEquals("SQL generation failed (endpoint): The LLM endpoint failed after 2 attempts: HTTP 429: "
                    + "Rate limit reached for gpt-4o-mini", r.text());
            assertEquals(2, stub.received.size());
        }
    }

    @Test
    void aSlowEndpointTimesOutAndIsRetried() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(new StubLlmServer.Reply(200, Map.of(), "{}", 3_000))) {
            ToolResult r = ask(stub, b -> b.timeout(Duration.ofMillis(1000)).maxRetries(1));
            assertTrue(r.error());
            assertEquals("SQL generation failed (endpoint): The LLM endpoint failed after 2 attempts: no answer "
                    + "within 1000 ms", r.text());
            assertEquals(2, stub.received.size());
        }
    }

    @Test
    void malformedAnswersFailAtOnce() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.status(200, "<html>not an API</html>"))) {
            ToolResult r = ask(stub, b -> { });
            assertTrue(r.error());
            assertTrue(r.text().startsWith("SQL generation failed (endpoint): The LLM endpoint's answer is not JSON"), r.text());
            assertEquals(1, stub.received.size());
        }
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.status(200, "{\"choices\":[{\"message\":{}}]}"))) {
            ToolResult r = ask(stub, b -> { });
            assertTrue(r.error());
            assertEquals("SQL generation failed (endpoint): The LLM endpoint's answer is not a chat completion "
                    + "(no choices[0].message.content text)", r.text());
        }
    }

    @Test
    void aRefusedKeyIsReportedWithoutEchoingIt() throws Exception {
        // OpenAI's 401 quotes the key, partly masked; a careless proxy might quote it whole.
        String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + " (also sk-test-01*****CRET).\"}}";
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.status(401, echo))) {
            ToolResult r = ask(stub, b -> { });
            assertTrue(r.error());
            assertEquals("SQL generation failed (endpoint): The LLM endpoint refused the request: HTTP 401: Incorrect "
                    + "API key provided: [redacted] (also [redacted]). (check PGMCP_LLM_API_KEY)", r.text());
            assertEquals(1, stub.received.size(), "not retried");
        }
    }

    @Test
    void hostileSqlFromTheEndpointIsRejectedRetriedAndNeverRuns() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.completion("COMMIT; DROP TABLE customers"))) {
            ToolResult r = ask(stub, b -> { }, Map.of("question", "Remove the customers table"));
            assertTrue(r.error());
            assertTrue(r.text().startsWith("Could not answer: the model's SQL was rejected or failed 3 times"), r.text());
            assertEquals(3, stub.received.size());
            JsonNode last = JsonMapper.builder().build().readTree(stub.received.get(2).body());
            assertEquals("assistant", last.at("/messages/2/role").asString());
            assertEquals("COMMIT; DROP TABLE customers", last.at("/messages/2/content").asString());
            assertTrue(last.at("/messages/3/content").asString().startsWith("That query was not run: rejected"));
        }
        assertEquals(3L, NaturalLanguageQueryToolTest.count(url, "customers"));
    }

    @Test
    void theClientsModelIsPreferredOverTheEndpoint() throws Exception {
        try (StubLlmServer stub = new StubLlmServer(StubLlmServer.Reply.completion("SELECT 1"))) {
            PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build();
            LlmSettings llm = LlmSettings.builder().baseUrl(stub.baseUrl().toString()).apiKey(KEY).build();
            try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(new NaturalLanguageQueryTool(llm)).build()) {
                ScriptedSampler model = new ScriptedSampler("SELECT 2 AS two");
                ToolResult r = pgmcp.callTool("query", Map.of("question", "two"), new CallInfo(Principal.LOCAL, null, model));
                assertFalse(r.error(), r.text());
                assertEquals("sampling", r.structuredContent().get("source"));
                assertEquals(0, stub.received.size());
            }
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
