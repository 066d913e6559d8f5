package dev.pgmcp.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
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
        return "Re-read the database's schema (tables, columns, keys, indexes) now. Use it after the schema "
                + "changed; otherwise the cached schema is refreshed automatically after its time-to-live.";
    }

    @Override
    public Map<String, Object> inputSchema() {
        return JsonSchemas.object()
                .optional("database", JsonSchemas.string("Database alias (default: the first configured)", "main"))
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        return JsonSchemas.object()
                .required("database", JsonSchemas.string("Database alias"))
                .required("schemas", JsonSchemas.integer("Schemas read", 0, Integer.MAX_VALUE, null))
                .required("relations", JsonSchemas.integer("Tables and views read", 0, Integer.MAX_VALUE, null))
                .required("loaded_at", JsonSchemas.string("When the catalog was read, ISO-8601"))
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        CatalogSnapshot c = context.schemaCache().refresh();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", context.database());
        m.put("schemas", c.schemas().size());
        m.put("relations", c.relations().size());
        m.put("loaded_at", c.loadedAt().toString());
        return ToolResult.of(m, "Schema of '" + context.database() + "' re-read: " + c.schemas().size()
                + " schemas, " + c.relations().size() + " tables and views.");
    }
}
