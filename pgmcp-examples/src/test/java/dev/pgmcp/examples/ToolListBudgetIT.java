package dev.pgmcp.examples;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the demo's {@code tools/list} costs a client's context, measured on the wire: the launcher
 * over stdio, its result's compact JSON at most 18,000 bytes for the 19 tools (about 4,500 tokens at
 * 4 bytes a token; the four insight tools and explain_query's analyze add about 4,000 bytes), every
 * tool, resource and prompt with a title. Measured in a 2025-11-25 session,
 * whose list is the longest (it adds {@code execution.taskSupport} to the tools that run as tasks).
 */
class ToolListBudgetIT {

    static final int BUDGET_BYTES = 18_000;

    @Test
    void theDemosToolListFitsTheBudgetAndEverythingHasATitle() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        try (StdioLauncher launcher = StdioLauncher.start(Map.of("PGMCP_AUDIT_LOG", "off"), "--demo")) {
            launcher.initialize("2025-11-25", Duration.ofSeconds(120));
            launcher.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode tools = launcher.answer(2, Duration.ofSeconds(30)).get("result");
            int bytes = json.writeValueAsString(tools).getBytes(StandardCharsets.UTF_8).length;
            System.out.println("tools/list: " + tools.get("tools").size() + " tools, " + bytes + " bytes, about "
                    + bytes / 4 + " tokens");
            assertEquals(19, tools.get("tools").size());
            assertTrue(bytes <= BUDGET_BYTES, "tools/list is " + bytes + " bytes");
            for (JsonNode t : tools.get("tools")) {
                assertTrue(t.hasNonNull("title"), "title of " + t.get("name"));
            }
            int id = 3;
            Map<String, String> lists = Map.of("resources/list", "resources", "resources/templates/list", "resourceTemplates",
                    "prompts/list", "prompts");
            for (String list : List.of("resources/list", "resources/templates/list", "prompts/list")) {
                launcher.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + list + "\"}");
                JsonNode result = launcher.answer(id++, Duration.ofSeconds(30)).get("result");
                JsonNode items = result.get(lists.get(list));
                assertTrue(items.size() > 0, list);
                for (JsonNode item : items) {
                    assertTrue(item.hasNonNull("title"), list + ": title of " + item.get("name"));
                }
            }
        }
    }
}
