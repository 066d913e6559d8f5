package dev.pgmcp.schema;

import java.util.Objects;

/**
 * An exclusion constraint, from {@code pg_constraint} with {@code contype = 'x'}.
 *
 * @param name       the constraint name ({@code conname})
 * @param definition the constraint as SQL, {@code pg_get_constraintdef(oid, true)}, e.g.
 *                   {@code "EXCLUDE USING gist (room WITH =, during WITH &&)"}
 */
public record ExclusionConstraintInfo(String name, String definition) {

    /**
     * Validates the record: neither argument may be null.
     *
     * @param name the constraint name ({@code conname})
     * @param definition the constraint as SQL, {@code pg_get_constraintdef(oid, true)}
     * @throws NullPointerException when an argument is null
     */
    public ExclusionConstraintInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }
}
