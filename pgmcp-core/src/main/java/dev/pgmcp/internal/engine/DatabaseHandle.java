package dev.pgmcp.internal.engine;

import dev.pgmcp.internal.exec.QueryExecutor;
import dev.pgmcp.schema.SchemaCache;

import java.util.function.Function;

/**
 * What pgmcp holds per configured database: its executor and its schema caches.
 *
 * @param name         the alias
 * @param executor     runs statements on the database's pool
 * @param schema       the database's cached catalog, as the login role sees it
 * @param schemaByRole the cached catalog as a mapped role sees it (per-person roles), one cache per role
 */
public record DatabaseHandle(String name, QueryExecutor executor, SchemaCache schema,
                             Function<String, SchemaCache> schemaByRole) {

    /** A database without per-person roles: one catalog. */
    public DatabaseHandle(String name, QueryExecutor executor, SchemaCache schema) {
        this(name, executor, schema, role -> schema);
    }

    /**
     * @param role a mapped role, or {@code null} for the login role
     * @return the catalog as that role sees it: only the schemas, relations and columns it may use
     */
    public SchemaCache schema(String role) {
        return role == null ? schema : schemaByRole.apply(role);
    }
}
