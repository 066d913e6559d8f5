package dev.pgmcp.schema;

import java.util.Objects;

/**
 * A {@code CHECK} constraint, from {@code pg_constraint} with {@code contype = 'c'}.
 *
 * @param name       the constraint name ({@code conname})
 * @param definition the constraint as SQL, {@code pg_get_constraintdef(oid, true)} (pretty-printed), e.g.
 *                   {@code "CHECK (price > 0::numeric)"}
 */
public record CheckConstraintInfo(String name, String definition) {

    /**
     * Validates the record: neither argument may be null.
     *
     * @param name the constraint name ({@code conname})
     * @param definition the constraint as SQL, {@code pg_get_constraintdef(oid, true)} (pretty-printed), e.g. {@code
     *     "CHECK (price > 0::numeric)"}
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public CheckConstraintInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }
}
