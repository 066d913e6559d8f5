package dev.pgmcp.schema;

/**
 * The kinds of relation that {@link SchemaIntrospector} reports, one per value of
 * {@code pg_class.relkind} it reads. Indexes, sequences, TOAST tables and composite types are not
 * relations in this sense and are never reported.
 */
public enum RelationKind {
    /** An ordinary table ({@code relkind = 'r'}), including a partition of a partitioned table. */
    TABLE('r', "table"),
    /** A view ({@code relkind = 'v'}). */
    VIEW('v', "view"),
    /** A materialized view ({@code relkind = 'm'}). */
    MATERIALIZED_VIEW('m', "materialized view"),
    /** The parent of a declaratively partitioned table ({@code relkind = 'p'}); holds no rows itself. */
    PARTITIONED_TABLE('p', "partitioned table"),
    /** A foreign table ({@code relkind = 'f'}), whose rows live behind a foreign-data wrapper. */
    FOREIGN_TABLE('f', "foreign table");

    private final char code;
    private final String label;

    RelationKind(char code, String label) {
        this.code = code;
        this.label = label;
    }

    /** @return the lowercase English name, e.g. {@code "materialized view"}, for messages to people and models */
    public String label() {
        return label;
    }

    /** @return the {@code pg_class.relkind} character of this kind, e.g. {@code 'r'} */
    public char code() {
        return code;
    }

    /**
     * Maps a {@code pg_class.relkind} value to its kind.
     *
     * @param code the relkind character
     * @return the kind
     * @throws IllegalArgumentException when {@code code} is not one of the five kinds reported
     */
    public static RelationKind fromCode(char code) {
        for (RelationKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a reported relkind: '" + code + "'");
    }

    /** @return true for kinds that hold rows in table form: tables, partitioned tables and foreign tables */
    public boolean isTableLike() {
        return this == TABLE || this == PARTITIONED_TABLE || this == FOREIGN_TABLE;
    }
}
