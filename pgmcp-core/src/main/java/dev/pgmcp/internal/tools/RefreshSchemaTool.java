package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code refresh_schema}: re-reads the catalog now instead of waiting for the cache to expire. */
public final class RefreshSchemaTool implements Tool {

    @Override
    public String name() {
        return "refresh_schema";
    }

    @Override
    public String description() {
        return "Re-read the database's schema now, after it changed (it is cached otherwise).";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Refresh schema");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object().build(); // the engine adds the database argument to every tool
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.open()
                .property("database", JsonSchemas.type("string"))
                .property("schemas", JsonSchemas.type("integer"))
                .property("relations", JsonSchemas.type("integer"))
                .property("loaded_at", JsonSchemas.type("string"))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        CatalogSnapshot c = EngineAccess.of(context).schemaCache().refresh();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", context.database());
        m.put("schemas", c.schemas().size());
        m.put("relations", c.relations().size());
        m.put("loaded_at", c.loadedAt().toString());
        return ToolResult.of(m, "Schema of '" + context.database() + "' re-read: " + c.schemas().size()
                + " schemas, " + c.relations().size() + " tables and views.");
    }
}
