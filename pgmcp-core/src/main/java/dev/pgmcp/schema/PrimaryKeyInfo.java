package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * A primary key constraint, from {@code pg_constraint} with {@code contype = 'p'}.
 *
 * @param name    the constraint name ({@code conname})
 * @param columns the key column names in key order ({@code conkey} resolved through {@code pg_attribute})
 */
public record PrimaryKeyInfo(String name, List<String> columns) {

    /**
     * Validates and copies: neither argument nor any column may be null.
     *
     * @param name the constraint name ({@code conname})
     * @param columns the key column names in key order ({@code conkey} resolved through {@code pg_attribute})
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public PrimaryKeyInfo {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}
