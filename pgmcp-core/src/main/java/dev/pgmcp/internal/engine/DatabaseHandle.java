package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.schema.SchemaCache;

/**
 * What pgmcp holds per configured database: its executor and its schema cache.
 *
 * @param name     the alias
 * @param executor runs statements on the database's pool
 * @param schema   the database's cached catalog
 */
public record DatabaseHandle(String name, QueryExecutor executor, SchemaCache schema) {
}
