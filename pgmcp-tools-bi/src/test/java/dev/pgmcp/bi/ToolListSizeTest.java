package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.nlq.LlmSettings;
import dev.pgmcp.nlq.NaturalLanguageQueryTool;
import dev.pgmcp.testing.ToolList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tool list a client puts into the model's context stays small: the demo's 19 tools (the nine
 * schema and query tools, the four insight tools, {@code query} of pgmcp-tools-nlq and the five
 * business-intelligence tools, as the launcher bundles them) fit in 18,000 bytes of compact JSON, about 4,500 tokens (the catalog tools' output schemas
 * name partitions, triggers, types, inheritance and view definitions).
 */
class ToolListSizeTest {

    static final int BUDGET_BYTES = 18_000;

    @Test
    void theDemosToolsFitTheBudget() {
        PgMcp.Builder b = PgMcp.builder(BiFixture.config(BiFixture.URL)).discoverTools(false)
                .addTool(new NaturalLanguageQueryTool(LlmSettings.DEFAULTS));
        BiPack pack = BiPack.of(BiMapping.DEMO);
        pack.tools().forEach(b::addTool);
        pack.prompts().forEach(b::addPrompt);
        try (PgMcp engine = b.build()) {
            assertEquals(19, engine.tools().size(), engine.tools().keySet().toString());
            String report = ToolList.report(engine);
            System.out.println(report);
            int bytes = ToolList.bytes(ToolList.result(engine));
            assertTrue(bytes <= BUDGET_BYTES, "tools/list is " + bytes + " bytes (~" + bytes / 4
                    + " tokens), over the budget of " + BUDGET_BYTES + ":\n" + report);
        }
    }
}
