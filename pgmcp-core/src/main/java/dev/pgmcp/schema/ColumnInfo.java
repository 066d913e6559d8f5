package dev.pgmcp.schema;

import java.util.Objects;

/**
 * One column of a relation, from {@code pg_attribute} (user columns only: {@code attnum > 0}, not dropped),
 * with its default from {@code pg_attrdef} and its comment from {@code pg_description}.
 *
 * @param name         the column name ({@code attname}), case preserved, not quoted
 * @param position     the column number {@code attnum}, 1-based; equal to
 *                     {@code information_schema.columns.ordinal_position}, so it may have gaps where
 *                     columns were dropped
 * @param dataType     the SQL type as PostgreSQL prints it, {@code format_type(atttypid, atttypmod)},
 *                     e.g. {@code "character varying(100)"}, {@code "numeric(10,2)"}, {@code "integer[]"}
 * @param nullable     false when the column is declared {@code NOT NULL} ({@code NOT attnotnull})
 * @param defaultValue the default expression, {@code pg_get_expr(adbin, adrelid)}, e.g. {@code "now()"};
 *                     for a generated column its generation expression; null if none
 * @param comment      the column comment ({@code col_description}), or null if none
 * @param identity     true for an identity column ({@code attidentity} is {@code 'a'} or {@code 'd'})
 * @param generated    true for a generated (computed, stored) column ({@code attgenerated <> ''})
 */
public record ColumnInfo(String name, int position, String dataType, boolean nullable, String defaultValue,
                         String comment, boolean identity, boolean generated) {

    /**
     * Validates the record: {@code name} and {@code dataType} must not be null.
     *
     * @param name the column name ({@code attname}), case preserved, not quoted
     * @param position the column number {@code attnum}, 1-based; equal to {@code
     *     information_schema.columns.ordinal_position}, so it may have gaps where columns were dropped
     * @param dataType the SQL type as PostgreSQL prints it, {@code format_type(atttypid, atttypmod)}, e.g. {@code
     *     "character varying(100)"}, {@code "numeric(10,2)"}, {@code "integer[]"}
     * @param nullable false when the column is declared {@code NOT NULL} ({@code NOT attnotnull})
     * @param defaultValue the default expression, {@code pg_get_expr(adbin, adrelid)}, e.g. {@code "now()"}; for a
     *     generated column its generation expression; null if none
     * @param comment the column comment ({@code col_description}), or null if none
     * @param identity true for an identity column ({@code attidentity} is {@code 'a'} or {@code 'd'})
     * @param generated true for a generated (computed, stored) column ({@code attgenerated <> ''})
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }
}
