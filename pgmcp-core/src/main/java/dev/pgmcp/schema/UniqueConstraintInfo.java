package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * A {@code UNIQUE} constraint, from {@code pg_constraint} with {@code contype = 'u'}. Unique indexes
 * created without a constraint are reported as {@link IndexInfo} only.
 *
 * @param name    the constraint name ({@code conname})
 * @param columns the constrained column names in declaration order ({@code conkey} resolved through
 *                {@code pg_attribute})
 */
public record UniqueConstraintInfo(String name, List<String> columns) {

    /**
     * Validates and copies: neither argument nor any column may be null.
     *
     * @param name the constraint name ({@code conname})
     * @param columns the constrained column names in declaration order ({@code conkey} resolved through {@code
     *     pg_attribute})
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public UniqueConstraintInfo {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
    }
}
