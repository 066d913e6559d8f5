package dev.pgmcp.internal.tools;

import dev.pgmcp.internal.tools.insight.DatabaseHealthTool;
import dev.pgmcp.internal.tools.insight.IndexAdviceTool;
import dev.pgmcp.internal.tools.insight.LocksAndActivityTool;
import dev.pgmcp.internal.tools.insight.TopQueriesTool;
import dev.pgmcp.spi.Tool;

import java.util.List;

/** The tools every pgmcp server has, written against the same SPI as a host application's tools. */
public final class BuiltinTools {

    private BuiltinTools() {
    }

    /** @return new instances of the built-in tools, in the order clients list them */
    public static List<Tool> all() {
        return List.of(new ListSchemasTool(), new ListTablesTool(), new DescribeTableTool(), new ReadTableTool(),
                new ExecuteQueryTool(), new ExplainQueryTool(), new TableStatsTool(), new SearchTablesTool(),
                new RefreshSchemaTool(), new DatabaseHealthTool(), new TopQueriesTool(), new IndexAdviceTool(),
                new LocksAndActivityTool());
    }
}
