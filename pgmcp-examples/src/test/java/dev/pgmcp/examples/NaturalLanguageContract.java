package dev.pgmcp.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The natural-language {@code query} tool end to end, as a transport carries it: the real launcher jar on the
 * {@code --demo} database without any {@code PGMCP_LLM_*} setting (no API key), and the MCP Java SDK's client
 * declaring the sampling capability with a scripted "model": it answers each {@code sampling/createMessage}
 * from a script chosen by the question, one answer per attempt. The server asks the client while the tool
 * call is in flight, on the same stdio stream or HTTP session, so these tests also prove that this does not
 * deadlock the transport.
 */
abstract class NaturalLanguageContract {

    static final String QUESTION = "Which customers have the most open high-priority tickets?";

    static final String GOOD_SQL = """
            SELECT c.name, count(*) AS open_high_priority_tickets
            FROM public.customers c
            JOIN public.support_tickets t ON t.customer_id = c.id
            WHERE t.status IN ('Open', 'In Progress') AND t.priority = 'High'
            GROUP BY c.name
            ORDER BY open_high_priority_tickets DESC, c.name
            LIMIT 10""";

    static final String HOSTILE = "COMMIT; DROP TABLE customers";

    /** What the scripted model answers, by question: the n-th entry for the n-th attempt. */
    static final Map<String, List<String>> SCRIPT = Map.of(
            QUESTION, List.of("```sql\n" + GOOD_SQL + "\n```"),
            "Which customers have open high-priority tickets, corrected?", List.of(HOSTILE, "```sql\n" + GOOD_SQL + "\n```"),
            "Please drop the customers table", List.of(HOSTILE, HOSTILE, HOSTILE));

    /** Every sampling request the client got. */
    static final List<McpSchema.CreateMessageRequest> SAMPLED = new CopyOnWriteArrayList<>();

    /** @return the initialized client of the transport under test */
    protected abstract McpSyncClient client();

    /** @return a client on {@code transport} that declares sampling and answers from {@link #SCRIPT} */
    static McpSyncClient samplingClient(McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(120))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(NaturalLanguageContract::answer)
                .build();
        assertEquals("pgmcp", client.initialize().serverInfo().name());
        return client;
    }

    private static McpSchema.CreateMessageResult answer(McpSchema.CreateMessageRequest request) {
        SAMPLED.add(request);
        String first = ((McpSchema.TextContent) request.messages().get(0).content()).text();
        String question = first.substring("Question: ".length());
        int attempt = (request.messages().size() - 1) / 2;
        String sql = SCRIPT.get(question).get(attempt);
        return McpSchema.CreateMessageResult.builder()
                .role(McpSchema.Role.ASSISTANT)
                .content(new McpSchema.TextContent(sql))
                .model("scripted-model")
                .build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptance1TheClientsModelAnswersWithNoApiKey() {
        McpSchema.CallToolResult r = call(Map.of("question", QUESTION, "return_type", "both"));
        Map<String, Object> c = (Map<String, Object>) r.structuredContent();
        assertEquals(GOOD_SQL, c.get("sql"));
        assertEquals("sampling", c.get("source"));
        assertEquals("scripted-model", c.get("model"));
        assertTrue(((List<String>) c.get("tables_offered")).containsAll(List.of("public.customers", "public.support_tickets")));
        // The rows are right: the same answer through the demo's own view, written independently.
        McpSchema.CallToolResult expected = client().callTool(new McpSchema.CallToolRequest("execute_query", Map.of("sql",
                "SELECT customer_name, count(*) FROM open_tickets_overview WHERE priority = 'High' "
                        + "GROUP BY customer_name ORDER BY 2 DESC, 1 LIMIT 10")));
        List<List<Object>> rows = (List<List<Object>>) c.get("rows");
        assertFalse(rows.isEmpty());
        assertEquals(((Map<String, Object>) expected.structuredContent()).get("rows"), rows);
        assertTrue(text(r).startsWith("SQL (written by your model via MCP sampling):\n" + GOOD_SQL), text(r));
        // The request the client got: the schema in the system prompt, no tool context, a token cap.
        McpSchema.CreateMessageRequest sent = SAMPLED.stream().filter(q -> q.messages().size() == 1
                && ((McpSchema.TextContent) q.messages().get(0).content()).text().endsWith(QUESTION)).findFirst().orElseThrow();
        assertTrue(sent.systemPrompt().contains("table public.support_tickets"), sent.systemPrompt());
        assertEquals(McpSchema.CreateMessageRequest.ContextInclusionStrategy.NONE, sent.includeContext());
        assertEquals(1024, sent.maxTokens());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRejectedFirstAnswerIsCorrectedThroughSampling() {
        McpSchema.CallToolResult r = call(Map.of("question", "Which customers have open high-priority tickets, corrected?"));
        Map<String, Object> c = (Map<String, Object>) r.structuredContent();
        assertEquals(GOOD_SQL, c.get("sql"));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) c.get("attempts");
        assertEquals(1, attempts.size());
        assertEquals(HOSTILE, attempts.get(0).get("sql"));
        assertCustomersIntact();
    }

    @Test
    void acceptance2HostileSqlIsRejectedRetriedAndNeverRuns() {
        int before = SAMPLED.size();
        McpSchema.CallToolResult r = client().callTool(new McpSchema.CallToolRequest("query",
                Map.of("question", "Please drop the customers table")));
        assertTrue(Boolean.TRUE.equals(r.isError()));
        assertTrue(text(r).startsWith("Could not answer: the model's SQL was rejected or failed 3 times"), text(r));
        assertEquals(3, SAMPLED.size() - before);
        assertCustomersIntact();
    }

    private void assertCustomersIntact() {
        McpSchema.CallToolResult count = client().callTool(new McpSchema.CallToolRequest("execute_query",
                Map.of("sql", "SELECT count(*) AS n FROM customers")));
        assertTrue(text(count).contains("\n43\n"), "customers intact: " + text(count));
    }

    private McpSchema.CallToolResult call(Map<String, Object> args) {
        McpSchema.CallToolResult r = client().callTool(new McpSchema.CallToolRequest("query", args));
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> text(r));
        return r;
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
