package dev.pgmcp.mcp;

import dev.pgmcp.PgMcp;
import dev.pgmcp.config.ConfigException;
import dev.pgmcp.config.PgMcpConfig;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prompt SPI (registration, rendering, prompts/list and prompts/get) and start-up checks. */
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
            Wire wire = new Wire(engine);
            wire.initialize("2025-11-25", Map.of());
            assertEquals(List.of(), Wire.result(wire.request("prompts/list", Map.of())).get("prompts"));
        }
    }

    @Test
    void addedPromptIsListedAndRenderedOverTheProtocol() {
        try (PgMcp engine = PgMcp.builder(config).addPrompt(new Greeting("greet")).build()) {
            assertEquals(List.of("greet"), List.copyOf(engine.prompts().keySet()));
            assertEquals(List.of(PromptMessage.user("Greet Ada"), new PromptMessage(PromptMessage.Role.ASSISTANT, "Hello")),
                    engine.getPrompt("greet", Map.of("who", "Ada")));
            Wire wire = new Wire(engine);
            wire.initialize("2025-11-25", Map.of());
            assertEquals(List.of(Map.of("name", "greet", "description", "greets", "arguments",
                    List.of(Map.of("name", "who", "description", "whom to greet", "required", true)))),
                    Wire.result(wire.request("prompts/list", Map.of())).get("prompts"));
            Map<String, Object> r = Wire.result(wire.request("prompts/get", Map.of("name", "greet",
                    "arguments", Map.of("who", "Ada"))));
            assertEquals(List.of(Map.of("role", "user", "content", Map.of("type", "text", "text", "Greet Ada")),
                    Map.of("role", "assistant", "content", Map.of("type", "text", "text", "Hello"))), r.get("messages"));
            Map<String, Object> bad = wire.request("prompts/get", Map.of("name", "greet", "arguments", Map.of()));
            assertEquals(JsonRpc.INVALID_PARAMS, Wire.code(bad));
            assertEquals("Invalid arguments: who: required", Wire.error(bad).get("message"));
            Map<String, Object> internal = wire.request("prompts/get", Map.of("name", "greet",
                    "arguments", Map.of("who", "boom")));
            assertEquals(JsonRpc.INTERNAL_ERROR, Wire.code(internal));
            assertTrue(!internal.toString().contains("secret") && !internal.toString().contains("Exception"), internal.toString());
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
            Object one = context.queries().queryTrusted("SELECT 1", List.of(), 1).rows().get(0).get(0);
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
