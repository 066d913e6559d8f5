package dev.pgmcp.internal.engine;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.QueryResult;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolArgumentException;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolSpiTest {

    static PgMcpConfig config;

    @BeforeAll
    static void start() {
        String url = TestPostgres.freshDatabase("spi");
        TestPostgres.run(url, "CREATE TABLE widgets (id int PRIMARY KEY, label text); "
                + "INSERT INTO widgets VALUES (1, 'one'), (2, 'two'), (3, 'three');");
        config = PgMcpConfig.builder().database("main", url).allowUnsafeRole(true).build();
    }

    record LambdaTool(String name, Function<ToolContext, ToolResult> body) implements Tool {
        @Override
        public String description() {
            return "test tool " + name;
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().optional("id", JsonSchemas.integer("id", 1, 100, null)).build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            return body.apply(context);
        }
    }

    static final Tool WIDGET = new LambdaTool("widget_label", ctx -> {
        int id = ctx.arguments().integer("id", 1, 1, 100);
        QueryResult r = ctx.queries().queryTrusted("SELECT label FROM widgets WHERE id = $1", List.of(id), 10);
        return ToolResult.of(Map.of("database", ctx.database(), "label", r.rows().get(0).get(0)), "ok");
    });

    @Test
    void registeredToolIsListedAndCalledWithArgumentsAndExecutor() {
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(WIDGET).build()) {
            assertTrue(pgmcp.tools().containsKey("widget_label"));
            assertEquals(14, pgmcp.tools().size()); // the 13 built-in tools and this one
            ToolResult r = pgmcp.callTool("widget_label", Map.of("id", 2));
            assertFalse(r.error(), r.text());
            assertEquals(Map.of("database", "main", "label", "two"), r.structuredContent());
            assertEquals("three", pgmcp.callTool("widget_label", Map.of("id", "3")).structuredContent().get("label"));
            assertThrows(IllegalArgumentException.class, () -> pgmcp.callTool("no_such_tool", Map.of()));
        }
    }

    @Test
    void serviceLoaderDiscoversTools() {
        try (PgMcp pgmcp = PgMcp.builder(config).build()) {
            assertTrue(pgmcp.tools().containsKey("test_discovered"), pgmcp.tools().keySet().toString());
            assertEquals(Map.of("discovered", true), pgmcp.callTool("test_discovered", null).structuredContent());
        }
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).build()) {
            assertFalse(pgmcp.tools().containsKey("test_discovered"));
        }
    }

    @Test
    void duplicateAndInvalidNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PgMcp.builder(config)
                .discoverTools(false).addTool(WIDGET).addTool(new LambdaTool("widget_label", c -> null)).build());
        assertTrue(e.getMessage().contains("widget_label"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PgMcp.builder(config).discoverTools(false)
                .addTool(new LambdaTool("execute_query", c -> null)).build());
        assertThrows(IllegalArgumentException.class, () -> PgMcp.builder(config)
                .addTool(new DiscoveredTestTool()).build());
        assertThrows(IllegalArgumentException.class, () -> PgMcp.builder(config).discoverTools(false)
                .addTool(new LambdaTool("bad name!", c -> null)).build());
    }

    @Test
    void failuresBecomeErrorResults() {
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false)
                .addTool(new LambdaTool("boom", c -> {
                    throw new IllegalStateException("secret internal detail");
                }))
                .addTool(new LambdaTool("picky", c -> {
                    throw new ToolArgumentException("id: must be even");
                }))
                .addTool(new LambdaTool("nothing", c -> null))
                .build()) {
            ToolResult boom = pgmcp.callTool("boom", Map.of());
            assertTrue(boom.error());
            assertTrue(boom.text().contains("boom"), boom.text());
            assertFalse(boom.text().contains("secret internal detail"), boom.text());
            assertFalse(boom.text().contains("\tat "), boom.text());
            assertFalse(boom.text().contains("dev.pgmcp"), boom.text());

            ToolResult picky = pgmcp.callTool("picky", Map.of());
            assertTrue(picky.error());
            assertEquals("Invalid arguments: id: must be even", picky.text());

            assertTrue(pgmcp.callTool("nothing", Map.of()).error());
        }
        try (PgMcp pgmcp = PgMcp.builder(config).discoverTools(false).addTool(WIDGET).build()) {
            ToolResult outOfRange = pgmcp.callTool("widget_label", Map.of("id", 0));
            assertTrue(outOfRange.error());
            assertTrue(outOfRange.text().startsWith("Invalid arguments: id"), outOfRange.text());
        }
    }
}
