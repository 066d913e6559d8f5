package dev.pgmcp.internal.tools;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.schema.SchemaCache;
import dev.pgmcp.spi.ToolContext;

/**
 * What the built-in tools use beyond the SPI's {@link ToolContext}: the database's executor (EXPLAIN
 * ANALYZE, a checked statement without running it, a read-only transaction of their own) and its
 * schema cache (refresh, statistics). The engine's tool contexts implement it; a host's tool works
 * with {@link ToolContext} alone.
 */
public interface EngineAccess {

    /** @return the executor of the call's database */
    QueryExecutor executor();

    /** @return the schema cache of the call's database */
    SchemaCache schemaCache();

    /**
     * @param context a tool call's context
     * @return its engine objects
     * @throws IllegalStateException when the context was not made by the engine (a built-in tool called
     *                               outside {@code PgMcp})
     */
    static EngineAccess of(ToolContext context) {
        if (context instanceof EngineAccess access) {
            return access;
        }
        throw new IllegalStateException("the built-in tools run only inside the pgmcp engine");
    }
}
