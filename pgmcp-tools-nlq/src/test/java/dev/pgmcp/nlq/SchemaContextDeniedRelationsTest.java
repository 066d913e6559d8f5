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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A denied relation is not offered to the model: neither the schema context built from the catalog a
 * tool gets nor the {@code query} tool's prompt and result name a denied table, a view over it, or the
 * parent of a denied child or partition.
 */
class SchemaContextDeniedRelationsTest {

    static String url;
    static PgMcp denyTable;

    @BeforeAll
    static void start() {
        url = TestPostgres.freshDatabase("nlq_denied");
        TestPostgres.run(url, """
                CREATE TABLE secret (id int PRIMARY KEY, code text);
                CREATE TABLE canary (id int PRIMARY KEY, ref_id int REFERENCES secret (id));
                CREATE VIEW secret_view AS SELECT code FROM secret;
                CREATE TABLE base (code text);
                CREATE TABLE secret_child () INHERITS (base);
                CREATE TABLE measurements (code text, at int) PARTITION BY RANGE (at);
                CREATE TABLE secret_part PARTITION OF measurements FOR VALUES FROM (0) TO (100);
                """);
        PgMcpConfig config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true)
                .rateLimitPerMinute(0).rateLimitPerHour(0).auditLog("off")
                .denyTables(List.of("public.secret", "public.secret_child", "public.secret_part")).build();
        denyTable = PgMcp.builder(config).discoverTools(false)
                .addTool(new NaturalLanguageQueryTool(LlmSettings.DEFAULTS)).build();
    }

    @AfterAll
    static void stop() {
        denyTable.close();
    }

    @Test
    void theSchemaContextDoesNotShowDeniedRelations() {
        var catalog = denyTable.database(null).schema().snapshot();
        String context = SchemaContext.select(catalog, "show me the secret codes", 10_000).text();
        assertFalse(context.contains("secret_view") || context.contains("public.secret "), context);
        assertTrue(context.contains("canary"), context);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theModelIsNotOfferedDeniedRelations() {
        ScriptedSampler model = new ScriptedSampler("SELECT count(*) AS n FROM canary");
        ToolResult r = denyTable.callTool("query", Map.of("question", "show me the secret codes"),
                new CallInfo(Principal.LOCAL, null, model));
        assertFalse(r.error(), r.text());
        assertEquals(1, model.requests.size());
        String prompt = model.requests.get(0).systemPrompt();
        for (String denied : List.of("secret_view", "public.secret ", "secret_child", "secret_part", "measurements",
                "public.base")) {
            assertFalse(prompt.contains(denied), denied + " in " + prompt);
        }
        List<String> offered = (List<String>) r.structuredContent().get("tables_offered");
        assertEquals(List.of("public.canary"), offered);
    }
}
