package dev.pgmcp.bi;

import dev.pgmcp.PgMcp;
import dev.pgmcp.testing.ToolList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tool list a client puts into the model's context stays small: the demo's 15 tools (the nine
 * built-in ones, {@code query} and the five business-intelligence tools) fit in 13,500 bytes of
 * compact JSON, about 3,400 tokens (the catalog tools' output schemas name partitions, triggers, types,
 * inheritance and view definitions).
 */
class ToolListSizeTest {

    static final int BUDGET_BYTES = 13_500;

    @Test
    void theDemosFifteenToolsFitTheBudget() {
        try (PgMcp engine = BiFixture.engine(BiFixture.URL, BiPack.of(BiMapping.DEMO))) {
            assertEquals(15, engine.tools().size(), engine.tools().keySet().toString());
            String report = ToolList.report(engine);
            System.out.println(report);
            int bytes = ToolList.bytes(ToolList.result(engine));
            assertTrue(bytes <= BUDGET_BYTES, "tools/list is " + bytes + " bytes (~" + bytes / 4
                    + " tokens), over the budget of " + BUDGET_BYTES + ":\n" + report);
        }
    }
}
