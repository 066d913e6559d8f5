/**
 * Read-only introspection of a PostgreSQL catalog: which schemas, tables, views, columns, constraints
 * and indexes the connected role can see, as immutable records ({@link dev.pgmcp.schema.CatalogSnapshot}
 * and friends), loaded by {@link dev.pgmcp.schema.SchemaIntrospector} in a fixed number of set-based
 * queries and cached by {@link dev.pgmcp.schema.SchemaCache}.
 *
 * <p>Everything comes from the system catalogs ({@code pg_namespace}, {@code pg_class},
 * {@code pg_attribute}, {@code pg_attrdef}, {@code pg_constraint}, {@code pg_index}, {@code pg_am},
 * {@code pg_inherits}, {@code pg_description}) and the statistics view {@code pg_stat_user_tables};
 * it works on PostgreSQL 13 and later.
 */
package dev.pgmcp.schema;
