package dev.pgmcp.tools;

import dev.pgmcp.spi.Tool;
import dev.pgmcp.tools.insight.DatabaseHealthTool;
import dev.pgmcp.tools.insight.IndexAdviceTool;
import dev.pgmcp.tools.insight.LocksAndActivityTool;
import dev.pgmcp.tools.insight.TopQueriesTool;

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
