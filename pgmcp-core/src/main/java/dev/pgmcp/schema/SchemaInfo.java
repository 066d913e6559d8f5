package dev.pgmcp.schema;

import java.util.Objects;

/**
 * A schema (namespace) the connected role has {@code USAGE} on, from {@code pg_namespace}.
 *
 * @param name       the schema name as stored ({@code pg_namespace.nspname}), case preserved, not quoted
 * @param owner      the owning role's name ({@code pg_get_userbyid(nspowner)})
 * @param comment    the schema comment ({@code obj_description(oid, 'pg_namespace')}), or null if none
 * @param tableCount visible relations of kind {@link RelationKind#TABLE}, {@link RelationKind#PARTITIONED_TABLE}
 *                   or {@link RelationKind#FOREIGN_TABLE} in this schema (partitions count as tables)
 * @param viewCount  visible relations of kind {@link RelationKind#VIEW} or
 *                   {@link RelationKind#MATERIALIZED_VIEW} in this schema
 */
public record SchemaInfo(String name, String owner, String comment, int tableCount, int viewCount) {

    /**
     * Validates the record: {@code name} and {@code owner} must not be null, counts not negative.
     *
     * @param name the schema name as stored ({@code pg_namespace.nspname}), case preserved, not quoted
     * @param owner the owning role's name ({@code pg_get_userbyid(nspowner)})
     * @param comment the schema comment ({@code obj_description(oid, 'pg_namespace')}), or null if none
     * @param tableCount visible relations of kind {@link RelationKind#TABLE}, {@link RelationKind#PARTITIONED_TABLE}
     *     or {@link RelationKind#FOREIGN_TABLE} in this schema (partitions count as tables)
     * @param viewCount visible relations of kind {@link RelationKind#VIEW} or {@link RelationKind#MATERIALIZED_VIEW}
     *     in this schema
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public SchemaInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        if (tableCount < 0 || viewCount < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }
}
