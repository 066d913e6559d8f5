package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
import dev.pgmcp.mcp.McpServers;
import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Prompt;
import dev.pgmcp.spi.PromptArgument;
import dev.pgmcp.spi.PromptMessage;
import dev.pgmcp.spi.StartupCheck;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;
import dev.pgmcp.testing.TestPostgres;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prompt SPI (registration, rendering, the SDK adapter) and start-up checks. */
class PromptSpiTest {

    static PgMcpConfig config;

    @BeforeAll
    static void start() {
        config = PgMcpConfig.builder().database("main", TestPostgres.freshDatabase("prompts")).allowUnsafeRole(true).build();
    }

    record Greeting(String name) implements Prompt {
        @Override
        public String description() {
            return "greets";
        }

        @Override
        public List<PromptArgument> arguments() {
            return List.of(new PromptArgument("who", "whom to greet", true));
        }

        @Override
        public List<PromptMessage> render(Arguments arguments) {
            if (arguments.string("who").orElse("").equals("boom")) {
                throw new IllegalStateException("secret internals");
            }
            return List.of(PromptMessage.user("Greet " + arguments.requireString("who")),
                    new PromptMessage(PromptMessage.Role.ASSISTANT, "Hello"));
        }
    }

    @Test
    void noPromptsUnlessAddedOrDiscovered() {
        try (PgMcp engine = PgMcp.builder(config).build()) {
            assertTrue(engine.prompts().isEmpty());
            assertTrue(McpServers.prompts(engine).isEmpty());
        }
    }

    @Test
    void addedPromptIsListedAndRenderedThroughTheSdkAdapter() {
        try (PgMcp engine = PgMcp.builder(config).addPrompt(new Greeting("greet")).build()) {
            assertEquals(List.of("greet"), List.copyOf(engine.prompts().keySet()));
            assertEquals(List.of(PromptMessage.user("Greet Ada"), new PromptMessage(PromptMessage.Role.ASSISTANT, "Hello")),
                    engine.getPrompt("greet", Map.of("who", "Ada")));
            var spec = McpServers.prompts(engine).get(0);
            assertEquals("greet", spec.prompt().name());
            assertEquals(new McpSchema.PromptArgument("who", "whom to greet", true), spec.prompt().arguments().get(0));
            McpSchema.GetPromptResult r = spec.promptHandler().apply(null, new McpSchema.GetPromptRequest("greet", Map.of("who", "Ada")));
            assertEquals(McpSchema.Role.USER, r.messages().get(0).role());
            assertEquals("Greet Ada", ((McpSchema.TextContent) r.messages().get(0).content()).text());
            assertEquals(McpSchema.Role.ASSISTANT, r.messages().get(1).role());
            McpError bad = assertThrows(McpError.class, () -> spec.promptHandler().apply(null,
                    new McpSchema.GetPromptRequest("greet", Map.of())));
            assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, bad.getJsonRpcError().code());
            assertEquals("Invalid arguments: who: required", bad.getJsonRpcError().message());
            McpError internal = assertThrows(McpError.class, () -> spec.promptHandler().apply(null,
                    new McpSchema.GetPromptRequest("greet", Map.of("who", "boom"))));
            assertEquals(McpSchema.ErrorCodes.INTERNAL_ERROR, internal.getJsonRpcError().code());
            assertTrue(!internal.getJsonRpcError().message().contains("secret"));
        }
    }

    @Test
    void duplicateOrInvalidPromptNamesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PgMcp.builder(config).addPrompt(new Greeting("a")).addPrompt(new Greeting("a")).build());
        assertThrows(IllegalArgumentException.class, () -> PgMcp.builder(config).addPrompt(new Greeting("no spaces")).build());
    }

    /** A tool that records its start-up check, and fails it when told to. */
    static final class CheckedTool implements Tool, StartupCheck {
        final List<String> checks = new ArrayList<>();
        final boolean fail;

        CheckedTool(boolean fail) {
            this.fail = fail;
        }

        @Override
        public String name() {
            return "checked";
        }

        @Override
        public String description() {
            return "checked at start-up";
        }

        @Override
        public Map<String, Object> inputSchema() {
            return JsonSchemas.object().build();
        }

        @Override
        public ToolResult call(ToolContext context) {
            return ToolResult.text("ok");
        }

        @Override
        public void checkAtStartUp(ToolContext context) {
            Object one = context.executor().queryTrusted("SELECT 1", List.of(), 1).rows().get(0).get(0);
            checks.add(context.database() + ":" + one + ":" + context.arguments().asMap());
            if (fail) {
                throw new ConfigException("X_SETTING", "table x not found");
            }
        }
    }

    @Test
    void startUpChecksRunOnTheDefaultDatabaseAndTheirFailureStopsTheStart() {
        CheckedTool good = new CheckedTool(false);
        try (PgMcp engine = PgMcp.builder(config).addTool(good).build()) {
            assertEquals(List.of(), good.checks, "nothing runs before checkAtStartUp");
            engine.checkAtStartUp();
            assertEquals(List.of("main:1:{}"), good.checks);
        }
        try (PgMcp engine = PgMcp.builder(config).addTool(new CheckedTool(true)).build()) {
            ConfigException e = assertThrows(ConfigException.class, engine::checkAtStartUp);
            assertEquals("X_SETTING: table x not found", e.getMessage());
        }
    }
}
