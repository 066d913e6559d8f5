package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * A user-defined enum or domain of a visible schema, from {@code pg_type} ({@code typtype} {@code 'e'} or
 * {@code 'd'}). Base, composite, range and array types are not reported.
 *
 * @param schema       the schema name ({@code pg_namespace.nspname}), unquoted
 * @param name         the type name ({@code typname}), unquoted
 * @param kind         {@link Kind#ENUM} or {@link Kind#DOMAIN}
 * @param comment      the type's comment ({@code obj_description(oid, 'pg_type')}), or null
 * @param labels       an enum's labels in their sort order ({@code pg_enum.enumlabel} by {@code enumsortorder});
 *                     empty for a domain
 * @param baseType     a domain's base type, {@code format_type(typbasetype, typtypmod)}; null for an enum
 * @param notNull      whether a domain is declared {@code NOT NULL} ({@code typnotnull}); false for an enum
 * @param defaultValue a domain's default expression ({@code typdefault}), or null
 * @param checks       a domain's {@code CHECK} constraints ({@code pg_constraint} on {@code contypid}), by name
 */
public record TypeInfo(String schema, String name, Kind kind, String comment, List<String> labels, String baseType,
                       boolean notNull, String defaultValue, List<CheckConstraintInfo> checks) {

    /** The kinds of type reported. */
    public enum Kind {
        /** An enum ({@code typtype = 'e'}). */
        ENUM,
        /** A domain ({@code typtype = 'd'}). */
        DOMAIN;

        /** @return {@code "enum"} or {@code "domain"} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Validates and copies: names, kind and lists must not be null.
     *
     * @param schema the schema name
     * @param name the type name
     * @param kind enum or domain
     * @param comment the comment, or null
     * @param labels an enum's labels in order
     * @param baseType a domain's base type, or null
     * @param notNull a domain's NOT NULL
     * @param defaultValue a domain's default, or null
     * @param checks a domain's CHECK constraints
     * @throws NullPointerException when a required argument is null
     */
    public TypeInfo {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
        checks = List.copyOf(checks);
    }

    /** @return {@code schema + "." + name}, unquoted, as {@link ColumnInfo#userType()} names it */
    public String qualifiedName() {
        return schema + "." + name;
    }
}
