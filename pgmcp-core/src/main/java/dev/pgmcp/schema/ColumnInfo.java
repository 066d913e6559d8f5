package dev.pgmcp.schema;

import java.util.Objects;

/**
 * One column of a relation, from {@code pg_attribute} (user columns only: {@code attnum > 0}, not dropped),
 * with its default from {@code pg_attrdef} and its comment from {@code pg_description}.
 *
 * @param name               the column name ({@code attname}), case preserved, not quoted
 * @param position           the column number {@code attnum}, 1-based; equal to
 *                           {@code information_schema.columns.ordinal_position}, so it may have gaps where
 *                           columns were dropped
 * @param dataType           the SQL type as PostgreSQL prints it, {@code format_type(atttypid, atttypmod)},
 *                           e.g. {@code "character varying(100)"}, {@code "numeric(10,2)"}, {@code "integer[]"}
 * @param nullable           false when the column is declared {@code NOT NULL} ({@code NOT attnotnull})
 * @param defaultValue       the default expression, {@code pg_get_expr(adbin, adrelid)}, e.g. {@code "now()"};
 *                           for a generated column its generation expression; null if none
 * @param comment            the column comment ({@code col_description}), or null if none
 * @param identityGeneration for an identity column {@code "ALWAYS"} or {@code "BY DEFAULT"} ({@code attidentity}
 *                           {@code 'a'} or {@code 'd'}); null for any other column
 * @param generation         for a generated column {@code "STORED"} (or {@code "VIRTUAL"} on PostgreSQL 18)
 *                           ({@code attgenerated} {@code 's'} or {@code 'v'}), its expression being
 *                           {@code defaultValue}; null for any other column
 * @param userType           when the column's type, or for an array its element type, is an enum or a domain:
 *                           that type as {@code schema.name} (unquoted, see {@link TypeInfo#qualifiedName()});
 *                           null otherwise
 */
public record ColumnInfo(String name, int position, String dataType, boolean nullable, String defaultValue,
                         String comment, String identityGeneration, String generation, String userType) {

    /**
     * Validates the record: {@code name} and {@code dataType} must not be null.
     *
     * @param name the column name ({@code attname}), case preserved, not quoted
     * @param position the column number {@code attnum}, 1-based
     * @param dataType the SQL type as PostgreSQL prints it, {@code format_type(atttypid, atttypmod)}
     * @param nullable false when the column is declared {@code NOT NULL}
     * @param defaultValue the default (or generation) expression, or null
     * @param comment the column comment, or null
     * @param identityGeneration {@code "ALWAYS"}, {@code "BY DEFAULT"} or null
     * @param generation {@code "STORED"}, {@code "VIRTUAL"} or null
     * @param userType the enum or domain the column is of, as {@code schema.name}, or null
     * @throws NullPointerException when a required argument is null
     */
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** @return true for an identity column ({@code attidentity} is {@code 'a'} or {@code 'd'}) */
    public boolean identity() {
        return identityGeneration != null;
    }

    /** @return true for a generated (computed) column ({@code attgenerated <> ''}) */
    public boolean generated() {
        return generation != null;
    }
}
