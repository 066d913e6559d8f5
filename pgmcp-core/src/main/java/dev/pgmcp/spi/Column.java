package dev.pgmcp.spi;

/**
 * A result column.
 *
 * @param name the column label as PostgreSQL reports it
 * @param type the PostgreSQL type name, e.g. {@code int4}, {@code numeric}, {@code timestamptz},
 *             {@code text[]} for arrays (from the row description's type OID, via pgJDBC's
 *             {@code ResultSetMetaData.getColumnTypeName})
 */
public record Column(String name, String type) {
}
