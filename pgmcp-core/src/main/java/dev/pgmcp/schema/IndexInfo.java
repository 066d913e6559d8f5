package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * An index on a relation, from {@code pg_index} joined to the index's {@code pg_class} row and
 * {@code pg_am}.
 *
 * @param name       the index name
 * @param unique     true for a unique index ({@code indisunique}), including primary keys
 * @param primary    true for the index backing the primary key ({@code indisprimary})
 * @param method     the access method name ({@code pg_am.amname}): {@code btree}, {@code hash}, {@code gin},
 *                   {@code gist}, {@code brin}, {@code spgist}, ...
 * @param columns    the key columns in order, each as {@code pg_get_indexdef(indexrelid, k, true)}: a plain
 *                   column name, or an expression such as {@code "lower(email::text)"}; {@code INCLUDE}
 *                   columns are not listed
 * @param definition the full {@code CREATE INDEX} statement, {@code pg_get_indexdef(indexrelid)}, including any
 *                   {@code WHERE} predicate of a partial index
 * @param sizeBytes  the index's on-disk size in bytes, {@code pg_relation_size(indexrelid)}
 */
public record IndexInfo(String name, boolean unique, boolean primary, String method, List<String> columns,
                        String definition, long sizeBytes) {

    /**
     * Validates and copies: no reference argument may be null.
     *
     * @param name the index name
     * @param unique true for a unique index ({@code indisunique}), including primary keys
     * @param primary true for the index backing the primary key ({@code indisprimary})
     * @param method the access method name ({@code pg_am.amname}): {@code btree}, {@code hash}, {@code gin}, {@code
     *     gist}, {@code brin}, {@code spgist}, ...
     * @param columns the key columns in order, each as {@code pg_get_indexdef(indexrelid, k, true)}: a plain column
     *     name, or an expression such as {@code "lower(email::text)"}; {@code INCLUDE} columns are not listed
     * @param definition the full {@code CREATE INDEX} statement, {@code pg_get_indexdef(indexrelid)}, including any
     *     {@code WHERE} predicate of a partial index
     * @param sizeBytes the index's on-disk size in bytes, {@code pg_relation_size(indexrelid)}
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public IndexInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        columns = List.copyOf(columns);
        Objects.requireNonNull(definition, "definition");
    }
}
