package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view, materialized view, partitioned table or foreign table the connected role may read,
 * with its columns, constraints and indexes, as of one {@link CatalogSnapshot}.
 *
 * @param schema        the schema name ({@code pg_namespace.nspname}), unquoted
 * @param name          the relation name ({@code pg_class.relname}), unquoted, case preserved
 * @param kind          the kind of relation ({@code pg_class.relkind})
 * @param comment       the relation comment ({@code obj_description(oid, 'pg_class')}), or null if none
 * @param estimatedRows the planner's row estimate ({@code pg_class.reltuples}), or -1 when the relation has
 *                      never been vacuumed or analyzed (PostgreSQL 14+; PostgreSQL 13 reports 0 then); always
 *                      an estimate, never an exact count
 * @param totalBytes    on-disk size in bytes including indexes and TOAST ({@code pg_total_relation_size});
 *                      0 for views and foreign tables, and for a partitioned table (its partitions hold the data)
 * @param tableBytes    on-disk size in bytes of the heap including TOAST, free space and visibility maps,
 *                      excluding indexes ({@code pg_table_size})
 * @param indexBytes    on-disk size in bytes of all indexes on the relation ({@code pg_indexes_size})
 * @param partitionOf   for a partition, its parent as {@code "schema.table"} (unquoted, from {@code pg_inherits});
 *                      null for anything else, including plain inheritance children
 * @param columns       the columns readable by the role, ordered by {@link ColumnInfo#position()}
 * @param primaryKey    the primary key, or null when there is none
 * @param uniqueKeys    the {@code UNIQUE} constraints, ordered by name
 * @param foreignKeys   the foreign keys declared on this relation (outgoing references), ordered by name
 * @param checks        the {@code CHECK} constraints, ordered by name
 * @param indexes       the indexes on this relation, ordered by name
 */
public record RelationInfo(String schema, String name, RelationKind kind, String comment, long estimatedRows,
                           long totalBytes, long tableBytes, long indexBytes, String partitionOf,
                           List<ColumnInfo> columns, PrimaryKeyInfo primaryKey,
                           List<UniqueConstraintInfo> uniqueKeys, List<ForeignKeyInfo> foreignKeys,
                           List<CheckConstraintInfo> checks, List<IndexInfo> indexes) {

    /**
     * Validates and copies: names, kind and lists must not be null ({@code comment}, {@code partitionOf}, {@code
     * primaryKey} may be).
     *
     * @param schema the schema name ({@code pg_namespace.nspname}), unquoted
     * @param name the relation name ({@code pg_class.relname}), unquoted, case preserved
     * @param kind the kind of relation ({@code pg_class.relkind})
     * @param comment the relation comment ({@code obj_description(oid, 'pg_class')}), or null if none
     * @param estimatedRows the planner's row estimate ({@code pg_class.reltuples}), or -1 when the relation has
     *     never been vacuumed or analyzed (PostgreSQL 14+; PostgreSQL 13 reports 0 then); always an estimate, never an
     *     exact count
     * @param totalBytes on-disk size in bytes including indexes and TOAST ({@code pg_total_relation_size}); 0 for
     *     views and foreign tables, and for a partitioned table (its partitions hold the data)
     * @param tableBytes on-disk size in bytes of the heap including TOAST, free space and visibility maps, excluding
     *     indexes ({@code pg_table_size})
     * @param indexBytes on-disk size in bytes of all indexes on the relation ({@code pg_indexes_size})
     * @param partitionOf for a partition, its parent as {@code "schema.table"} (unquoted, from {@code pg_inherits});
     *     null for anything else, including plain inheritance children
     * @param columns the columns readable by the role, ordered by {@link ColumnInfo#position()}
     * @param primaryKey the primary key, or null when there is none
     * @param uniqueKeys the {@code UNIQUE} constraints, ordered by name
     * @param foreignKeys the foreign keys declared on this relation (outgoing references), ordered by name
     * @param checks the {@code CHECK} constraints, ordered by name
     * @param indexes the indexes on this relation, ordered by name
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public RelationInfo {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        foreignKeys = List.copyOf(foreignKeys);
        checks = List.copyOf(checks);
        indexes = List.copyOf(indexes);
    }

    /** @return {@code schema + "." + name}, unquoted, e.g. {@code "public.orders"} */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /**
     * Finds a column by exact name.
     *
     * @param columnName the column name, case-sensitive
     * @return the column, or empty when this relation has no such (readable) column
     */
    public Optional<ColumnInfo> column(String columnName) {
        for (ColumnInfo c : columns) {
            if (c.name().equals(columnName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
