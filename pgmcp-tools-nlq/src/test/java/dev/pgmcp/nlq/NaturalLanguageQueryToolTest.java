package dev.pgmcp.nlq;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.CallInfo;
import dev.pgmcp.spi.Principal;
import dev.pgmcp.spi.SamplingRequest;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import dev.pgmcp.testing.SchemaConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code query} tool through the engine, with a scripted client model (the {@link dev.pgmcp.spi.Sampler}
 * a transport hands over when the client declared sampling), on a real database: the answer runs through
 * the validator and executor, rejected or failing SQL goes back to the model with the reason, hostile SQL
 * never runs.
 */
@SuppressWarnings("unchecked")
class NaturalLanguageQueryToolTest {

    static final String SETUP = """
            CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text);
            COMMENT ON TABLE customers IS 'People who pay us';
            CREATE TABLE orders (
                id int PRIMARY KEY,
                customer_id int NOT NULL REFERENCES customers (id),
                amount numeric(10,2) NOT NULL
            );
            COMMENT ON TABLE orders IS 'Invoices of purchases';
            INSERT INTO customers (email, name) VALUES ('a@x', 'Ann'), ('b@x', 'Bob'), ('c@x', NULL);
            INSERT INTO orders SELECT g, 1 + g % 3, g * 10.5 FROM generate_series(1, 25) g;
            """;

    static String url;
    static PgMcp pgmcp;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("nlq_tool");
        TestPostgres.run(url, SETUP);
        pgmcp = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).maxRows(20)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off").build())
                .discoverTools(false).addTool(new NaturalLanguageQueryTool(LlmSettings.DEFAULTS)).build();
    }

    @AfterAll
    static void stop() {
        pgmcp.close();
    }

    static ToolResult ask(ScriptedSampler sampler, Map<String, Object> args) {
        return pgmcp.callTool("query", args, new CallInfo(Principal.LOCAL, null, sampler));
    }

    static ToolResult conforming(ToolResult r) {
        assertFalse(r.error(), r.text());
        SchemaConformance.assertConforms(pgmcp.tools().get("query").outputSchema(), r.structuredContent(), "result");
        return r;
    }

    static long count(String table) throws Exception {
        return count(url, table);
    }

    static long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void annotationsSayAModelWritesTheSql() {
        dev.pgmcp.spi.ToolAnnotations a = new NaturalLanguageQueryTool(LlmSettings.builder().build()).annotations();
        assertTrue(a.readOnlyHint());
        assertFalse(a.destructiveHint());
        assertTrue(a.openWorldHint(), "it may call an external model");
        assertFalse(a.idempotentHint(), "the model may write other SQL on the next call");
    }

    @Test
    void firstAnswerRunsAndTheResultShowsTheSqlAndTheTablesOffered() {
        ScriptedSampler model = new ScriptedSampler("""
                Here you go:
                ```sql
                SELECT c.name, sum(o.amount) AS spent FROM public.customers c JOIN public.orders o ON o.customer_id = c.id
                GROUP BY c.name ORDER BY spent DESC NULLS LAST;
                ```""");
        ToolResult r = conforming(ask(model, Map.of("question", "Which customers spent the most on orders?",
                "return_type", "both")));
        Map<String, Object> c = r.structuredContent();
        assertTrue(((String) c.get("sql")).startsWith("SELECT c.name, sum(o.amount)"), (String) c.get("sql"));
        assertFalse(((String) c.get("sql")).endsWith(";"));
        assertEquals("sampling", c.get("source"));
        assertEquals("scripted-model", c.get("model"));
        assertEquals(List.of(), c.get("attempts"));
        assertEquals(3, c.get("rowCount"));
        List<List<Object>> rows = (List<List<Object>>) c.get("rows");
        assertEquals(List.of("Bob", "1228.50"), rows.get(0)); // orders 1, 4, ... 25
        List<String> offered = (List<String>) c.get("tables_offered");
        assertTrue(offered.subList(0, 2).containsAll(List.of("public.customers", "public.orders")), offered.toString());
        assertTrue(r.text().startsWith("SQL (written by your model via MCP sampling):\nSELECT"), r.text());
        // The model saw the schema (with comments) and the question, not the data.
        SamplingRequest sent = model.requests.get(0);
        assertTrue(sent.systemPrompt().contains("public.orders -- Invoices of purchases"), sent.systemPrompt());
        assertTrue(sent.systemPrompt().contains("customer_id integer -> public.customers.id"), sent.systemPrompt());
        assertFalse(sent.systemPrompt().contains("a@x"));
        assertEquals(List.of(SamplingRequest.Message.user("Question: Which customers spent the most on orders?")),
                sent.messages());
    }

    @Test
    void rejectedSqlGoesBackWithTheReasonAndTheCorrectionRuns() {
        ScriptedSampler model = new ScriptedSampler(
                "```sql\nDELETE FROM public.orders WHERE amount < 50 RETURNING id\n```",
                "```sql\nSELECT count(*) AS small_orders FROM public.orders WHERE amount < 50\n```");
        ToolResult r = conforming(ask(model, Map.of("question", "How many orders are under 50?")));
        Map<String, Object> c = r.structuredContent();
        assertEquals("SELECT count(*) AS small_orders FROM public.orders WHERE amount < 50", c.get("sql"));
        assertEquals(4L, ((Number) ((List<List<Object>>) c.get("rows")).get(0).get(0)).longValue());
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) c.get("attempts");
        assertEquals(1, attempts.size());
        assertEquals("DELETE FROM public.orders WHERE amount < 50 RETURNING id", attempts.get(0).get("sql"));
        assertTrue(((String) attempts.get(0).get("error")).startsWith("rejected by pgmcp's validator"), attempts.toString());
        // The second request quotes the first answer and says why it was refused.
        List<SamplingRequest.Message> second = model.requests.get(1).messages();
        assertEquals(3, second.size());
        assertEquals(SamplingRequest.Role.ASSISTANT, second.get(1).role());
        assertTrue(second.get(2).text().startsWith("That query was not run: rejected by pgmcp's validator"), second.get(2).text());
        assertTrue(r.text().contains("after 1 rejected attempt"), r.text());
    }

    @Test
    void sqlThatPostgresFailsIsCorrectedToo() {
        ScriptedSampler model = new ScriptedSampler(
                "SELECT total FROM public.orders",
                "SELECT sum(amount) AS total FROM public.orders");
        ToolResult r = conforming(ask(model, Map.of("question", "What is the total of all orders?")));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) r.structuredContent().get("attempts");
        assertTrue(((String) attempts.get(0).get("error")).contains("42703"), attempts.toString());
        assertEquals(List.of(List.of("3412.50")), r.structuredContent().get("rows"));
    }

    @Test
    void hostileSqlIsRejectedRetriedAndNeverRuns() throws Exception {
        String hostile = "COMMIT; DROP TABLE customers";
        ScriptedSampler model = new ScriptedSampler(hostile, hostile, hostile, "SELECT 1");
        ToolResult r = ask(model, Map.of("question", "Drop the customers table"));
        assertTrue(r.error(), r.text());
        assertNull(r.structuredContent());
        assertEquals(3, model.requests.size(), "first answer plus PGMCP_LLM_MAX_SQL_RETRY (2) corrections");
        assertTrue(r.text().startsWith("Could not answer: the model's SQL was rejected or failed 3 times"), r.text());
        assertTrue(r.text().contains("Attempt 3: COMMIT; DROP TABLE customers"), r.text());
        assertTrue(tableExists("customers"));
        assertEquals(3L, count("customers"));
    }

    @Test
    void returnTypeSqlValidatesAndPlansButDoesNotRun() {
        ScriptedSampler model = new ScriptedSampler(
                "SELECT nonexistent FROM public.customers",
                "SELECT name FROM public.customers ORDER BY name");
        ToolResult r = conforming(ask(model, Map.of("question", "Customer names", "return_type", "sql")));
        Map<String, Object> c = r.structuredContent();
        assertEquals("SELECT name FROM public.customers ORDER BY name", c.get("sql"));
        assertFalse(c.containsKey("rows"));
        assertEquals(1, ((List<?>) c.get("attempts")).size(), "the planner caught the unknown column");
        assertTrue(r.text().contains("validated and planned, not run"), r.text());
    }

    @Test
    void limitCapsTheRows() {
        ScriptedSampler model = new ScriptedSampler("SELECT id FROM public.orders ORDER BY id");
        ToolResult r = conforming(ask(model, Map.of("question", "List order ids", "limit", 5)));
        assertEquals(5, r.structuredContent().get("rowCount"));
        assertEquals(true, r.structuredContent().get("truncated"));
        assertTrue(model.requests.get(0).systemPrompt().contains("LIMIT 5"));
    }

    @Test
    void withoutSamplingOrEndpointTheErrorSaysHowToEnableOne() {
        ToolResult r = pgmcp.callTool("query", Map.of("question", "How many customers?"));
        assertTrue(r.error());
        assertEquals(NaturalLanguageQueryTool.NO_GENERATOR, r.text());
        assertTrue(r.text().contains("PGMCP_LLM_API_KEY") && r.text().contains("sampling"));
    }

    @Test
    void aClientThatRefusesSamplingGetsAClearError() {
        ToolResult r = ask(new ScriptedSampler(), Map.of("question", "How many customers?"));
        assertTrue(r.error());
        assertEquals("SQL generation failed (sampling): the script has no more answers", r.text());
    }

    @Test
    void badArgumentsAreRefused() {
        ScriptedSampler model = new ScriptedSampler("SELECT 1");
        assertTrue(ask(model, Map.of("question", " ")).text().startsWith("Invalid arguments: question"));
        assertTrue(ask(model, Map.of("question", "x".repeat(2001))).text().startsWith("Invalid arguments: question"));
        assertTrue(ask(model, Map.of("question", "x", "return_type", "rows")).text().startsWith("Invalid arguments: return_type"));
        assertEquals(0, model.requests.size());
    }

    @Test
    void generationRequestsAreRateLimited() {
        try (PgMcp limited = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")
                        .build())
                .discoverTools(false).addTool(new NaturalLanguageQueryTool(LlmSettings.builder().requestsPerMinute(2).build())).build()) {
            ScriptedSampler model = new ScriptedSampler("SELECT 1 AS one", "SELECT 2 AS two", "SELECT 3 AS three");
            CallInfo call = new CallInfo(Principal.LOCAL, null, model);
            assertFalse(limited.callTool("query", Map.of("question", "one"), call).error());
            assertFalse(limited.callTool("query", Map.of("question", "two"), call).error());
            ToolResult third = limited.callTool("query", Map.of("question", "three"), call);
            assertTrue(third.error());
            assertTrue(third.text().startsWith("SQL generation failed (sampling): Rate limit exceeded: SQL-generation "
                    + "requests per minute (PGMCP_LLM_REQUESTS_PER_MINUTE) are spent. Retry in "), third.text());
            assertEquals(2, model.requests.size());
        }
    }

    @Test
    void aPromptLargerThanTheTokenLimitIsRefusedUpFront() {
        try (PgMcp limited = PgMcp.builder(PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                        .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")
                        .build())
                .discoverTools(false).addTool(new NaturalLanguageQueryTool(LlmSettings.builder().tokensPerMinute(500).build())).build()) {
            ScriptedSampler model = new ScriptedSampler("SELECT 1");
            ToolResult r = limited.callTool("query", Map.of("question", "anything"), new CallInfo(Principal.LOCAL, null, model));
            assertTrue(r.error());
            assertTrue(r.text().contains("more than PGMCP_LLM_TOKENS_PER_MINUTE (500) allows per minute"), r.text());
            assertEquals(0, model.requests.size());
        }
    }
}
