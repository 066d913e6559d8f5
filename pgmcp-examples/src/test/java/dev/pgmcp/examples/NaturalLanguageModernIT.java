package dev.pgmcp.examples;

import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The natural-language {@code query} tool for a 2026-07-28 client over Streamable HTTP, on the real
 * launcher with the demo database and no {@code PGMCP_LLM_*} setting: the server does not send
 * {@code sampling/createMessage} (that revision has no server requests) but answers with
 * {@code inputRequests} and a sealed {@code requestState}; the client's model (scripted, as in
 * {@link NaturalLanguageContract}) answers, and the client retries the call with the answers, one
 * round per question, until the result comes.
 *
 * <p>The SDK's modern client has no sampling handler, so this test answers the rounds itself
 * ({@code callOnce} and a retry with {@code inputResponses}) and its transport declares the
 * {@code sampling} capability that a client with a model would declare.
 */
class NaturalLanguageModernIT {

    private static LauncherProcess launcher;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        launcher = LauncherProcess.startHttp(Map.of());
        McpClientTransport http = HttpClientMcpTransport.builder(launcher.uri()).connectTimeout(Duration.ofSeconds(10)).build();
        client = McpClient.sync(new DeclaringSampling(http)).roundTimeout(Duration.ofSeconds(120)).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** Declares {@code sampling} in every request's client capabilities (the SDK's modern client cannot). */
    private record DeclaringSampling(McpClientTransport delegate) implements McpClientTransport {
        @Override
        @SuppressWarnings("unchecked")
        public Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
            JsonRpc.JSONRPCRequest m = request.message();
            Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) m.params());
            Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) params.get("_meta"));
            meta.put(McpSchema.MetaKeys.CLIENT_CAPABILITIES, Map.of("sampling", Map.of()));
            params.put("_meta", meta);
            return delegate.exchange(McpTransportRequest.builder(new JsonRpc.JSONRPCRequest(m.method(), m.id(), params),
                            request.protocolVersion()).name(request.name()).paramHeaders(request.paramHeaders())
                    .roundTimeout(request.roundTimeout()).build());
        }

        @Override
        public boolean mirrorsToolParams() {
            return delegate.mirrorsToolParams();
        }
    }

    /** A call and the questions its rounds asked. */
    private record Answered(McpSchema.CallToolResult result, List<McpSchema.CreateMessageRequest> asked) {
    }

    /** Calls {@code query}, answering each round's questions from the script, until the result comes. */
    private static Answered ask(Map<String, Object> arguments) {
        List<McpSchema.CreateMessageRequest> asked = new ArrayList<>();
        McpSchema.CallToolOutcome outcome = client.tool("query").arguments(arguments).callOnce();
        while (outcome instanceof McpSchema.InputRequiredResult round) {
            assertTrue(asked.size() < 10, "the rounds end");
            Map<String, Object> answers = new LinkedHashMap<>();
            round.inputRequests().forEach((key, input) -> {
                McpSchema.CreateMessageRequest question = ((McpSchema.CreateMessageInputRequest) input).params();
                asked.add(question);
                String first = ((McpSchema.TextContent) question.messages().get(0).content()).text();
                int attempt = (question.messages().size() - 1) / 2;
                String sql = NaturalLanguageContract.SCRIPT.get(first.substring("Question: ".length())).get(attempt);
                answers.put(key, Map.of("role", "assistant", "model", "scripted-model", "stopReason", "endTurn",
                        "content", Map.of("type", "text", "text", sql)));
            });
            outcome = client.tool("query").arguments(arguments).inputResponses(answers)
                    .requestState(round.requestState()).callOnce();
        }
        return new Answered((McpSchema.CallToolResult) outcome, asked);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClientsModelAnswersThroughInputRequests() {
        Answered a = ask(Map.of("question", NaturalLanguageContract.QUESTION, "return_type", "both"));
        Map<String, Object> c = (Map<String, Object>) a.result().structuredContent();
        assertEquals(false, a.result().isError(), String.valueOf(a.result()));
        assertEquals(NaturalLanguageContract.GOOD_SQL, c.get("sql"));
        assertEquals("sampling", c.get("source"));
        assertEquals("scripted-model", c.get("model"));
        assertTrue(!((List<?>) c.get("rows")).isEmpty());
        assertEquals(1, a.asked().size());
        assertTrue(a.asked().get(0).systemPrompt().contains("table public.support_tickets"), a.asked().get(0).systemPrompt());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRejectedFirstAnswerIsCorrectedInASecondRound() {
        Answered a = ask(Map.of("question", "Which customers have open high-priority tickets, corrected?"));
        Map<String, Object> c = (Map<String, Object>) a.result().structuredContent();
        assertEquals(NaturalLanguageContract.GOOD_SQL, c.get("sql"));
        assertEquals(2, a.asked().size(), "one question per round");
        assertEquals(NaturalLanguageContract.HOSTILE, ((List<Map<String, Object>>) c.get("attempts")).get(0).get("sql"));
    }

    @Test
    void hostileSqlIsRejectedInEveryRoundAndNeverRuns() {
        Answered a = ask(Map.of("question", "Please drop the customers table"));
        assertEquals(true, a.result().isError());
        assertTrue(((McpSchema.TextContent) a.result().content().get(0)).text()
                .startsWith("Could not answer: the model's SQL was rejected or failed 3 times"), String.valueOf(a.result()));
        assertEquals(3, a.asked().size());
        McpSchema.CallToolResult count = client.tool("execute_query").arguments(Map.of("sql", "SELECT count(*) AS n FROM customers")).call();
        assertTrue(((McpSchema.TextContent) count.content().get(0)).text().contains("\n43\n"), "customers intact");
    }
}
