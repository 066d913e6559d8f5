package dev.pgmcp.internal.engine;

import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.Map;

/** Listed in src/test/resources/META-INF/services/dev.pgmcp.spi.Tool, so ServiceLoader finds it. */
public final class DiscoveredTestTool implements Tool {

    @Override
    public String name() {
        return "test_discovered";
    }

    @Override
    public String description() {
        return "A tool found through ServiceLoader (tests only).";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        return ToolResult.of(Map.of("discovered", true), "discovered");
    }
}
