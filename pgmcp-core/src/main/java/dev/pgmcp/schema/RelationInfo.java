package dev.pgmcp.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table, view, materialized view, partitioned table or foreign table the connected role may read,
 * with its columns, constraints, indexes, triggers, partitioning and inheritance, as of one
 * {@link CatalogSnapshot}. A relation's partitions and inheritance children are found through the snapshot
 * ({@link CatalogSnapshot#partitions}, {@link CatalogSnapshot#children}), so that what the relation policy hides
 * is never named here.
 *
 * @param schema             the schema name ({@code pg_namespace.nspname}), unquoted
 * @param name               the relation name ({@code pg_class.relname}), unquoted, case preserved
 * @param kind               the kind of relation ({@code pg_class.relkind})
 * @param comment            the relation comment ({@code obj_description(oid, 'pg_class')}), or null if none
 * @param estimatedRows      the planner's row estimate ({@code pg_class.reltuples}); for a partitioned table the sum
 *                           over its leaf partitions that have one ({@code pg_partition_tree}); -1 when there is no
 *                           estimate: a view, a relation never vacuumed or analyzed (PostgreSQL 14+; PostgreSQL 13
 *                           reports 0 then), a partitioned table none of whose partitions has one. Never an exact count
 * @param totalBytes         on-disk size in bytes including indexes and TOAST ({@code pg_total_relation_size}); 0 for
 *                           views and foreign tables; for a partitioned table the sum over all its partitions,
 *                           sub-partitions included ({@code pg_partition_tree})
 * @param tableBytes         on-disk size in bytes of the heap including TOAST, free space and visibility maps,
 *                           excluding indexes ({@code pg_table_size}); summed over partitions like {@code totalBytes}
 * @param indexBytes         on-disk size in bytes of all indexes on the relation ({@code pg_indexes_size}); summed
 *                           over partitions like {@code totalBytes}
 * @param partitionOf        for a partition, its parent as {@code "schema.table"} (unquoted, from {@code pg_inherits});
 *                           null for anything else, including plain inheritance children
 * @param columns            the columns readable by the role, ordered by {@link ColumnInfo#position()}
 * @param primaryKey         the primary key, or null when there is none
 * @param uniqueKeys         the {@code UNIQUE} constraints, ordered by name
 * @param foreignKeys        the foreign keys declared on this relation (outgoing references), ordered by name
 * @param checks             the {@code CHECK} constraints, ordered by name
 * @param indexes            the indexes on this relation, ordered by name
 * @param viewDefinition     for a view or materialized view its query, {@code pg_get_viewdef(oid, true)}; else null
 * @param populated          false for a materialized view that was created {@code WITH NO DATA} and not refreshed
 *                           since ({@code pg_class.relispopulated}): reading it fails; true for everything else
 * @param partitionKey       for a partitioned table its partition key, {@code pg_get_partkeydef(oid)}, e.g.
 *                           {@code "RANGE (payment_date)"}; else null
 * @param partitionBound     for a partition its bound, {@code pg_get_expr(relpartbound, oid, true)}, e.g.
 *                           {@code "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')"} or {@code "DEFAULT"}; else null
 * @param partitionCount     for a partitioned table how many partitions it has, sub-partitions included
 *                           ({@code pg_partition_tree}, whatever the role may read); 0 for anything else
 * @param parents            for a plain inheritance child, its parents as {@code "schema.table"} in
 *                           {@code pg_inherits.inhseqno} order; empty for anything else (a partition's parent is
 *                           {@code partitionOf})
 * @param exclusions         the exclusion constraints, ordered by name
 * @param triggers           the user triggers ({@code pg_trigger}, not {@code tgisinternal}), ordered by name
 * @param constraintComments constraint name to its comment ({@code obj_description(oid, 'pg_constraint')}), for the
 *                           constraints above that have one
 */
public record RelationInfo(String schema, String name, RelationKind kind, String comment, long estimatedRows,
                           long totalBytes, long tableBytes, long indexBytes, String partitionOf,
                           List<ColumnInfo> columns, PrimaryKeyInfo primaryKey,
                           List<UniqueConstraintInfo> uniqueKeys, List<ForeignKeyInfo> foreignKeys,
                           List<CheckConstraintInfo> checks, List<IndexInfo> indexes, String viewDefinition,
                           boolean populated, String partitionKey, String partitionBound, int partitionCount,
                           List<String> parents, List<ExclusionConstraintInfo> exclusions,
                           List<TriggerInfo> triggers, Map<String, String> constraintComments) {

    /**
     * Validates and copies: names, kind and lists must not be null ({@code comment}, {@code partitionOf},
     * {@code primaryKey}, {@code viewDefinition}, {@code partitionKey} and {@code partitionBound} may be).
     * The components are as described on the record.
     *
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
        parents = List.copyOf(parents);
        exclusions = List.copyOf(exclusions);
        triggers = List.copyOf(triggers);
        constraintComments = Map.copyOf(constraintComments);
    }

    /**
     * A relation with no view definition, partitioning, inheritance parents, exclusion constraints, triggers or
     * constraint comments (populated), for tests of tools that build a snapshot by hand.
     *
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public RelationInfo(String schema, String name, RelationKind kind, String comment, long estimatedRows,
                        long totalBytes, long tableBytes, long indexBytes, String partitionOf,
                        List<ColumnInfo> columns, PrimaryKeyInfo primaryKey,
                        List<UniqueConstraintInfo> uniqueKeys, List<ForeignKeyInfo> foreignKeys,
                        List<CheckConstraintInfo> checks, List<IndexInfo> indexes) {
        this(schema, name, kind, comment, estimatedRows, totalBytes, tableBytes, indexBytes, partitionOf, columns,
                primaryKey, uniqueKeys, foreignKeys, checks, indexes, null, true, null, null, 0, List.of(), List.of(),
                List.of(), Map.of());
    }

    /**
     * The same relation with other links to relations (what the relation policy rewrites when it hides some).
     *
     * @param partitionOf the parent partitioned table, or null
     * @param parents     the inheritance parents
     * @param foreignKeys the foreign keys
     * @return a copy with those three replaced
     */
    public RelationInfo withLinks(String partitionOf, List<String> parents, List<ForeignKeyInfo> foreignKeys) {
        return new RelationInfo(schema, name, kind, comment, estimatedRows, totalBytes, tableBytes, indexBytes,
                partitionOf, columns, primaryKey, uniqueKeys, foreignKeys, checks, indexes, viewDefinition, populated,
                partitionKey, partitionBound, partitionCount, parents, exclusions, triggers, constraintComments);
    }

    /** @return whether {@link #estimatedRows()} holds an estimate (it is not -1) */
    public boolean hasRowEstimate() {
        return estimatedRows >= 0;
    }

    /** @return the comment on the constraint of that name, or null */
    public String constraintComment(String constraintName) {
        return constraintComments.get(constraintName);
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
