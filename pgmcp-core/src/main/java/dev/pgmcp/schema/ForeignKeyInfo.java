package dev.pgmcp.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key constraint, from {@code pg_constraint} with {@code contype = 'f'}.
 *
 * @param name              the constraint name ({@code conname})
 * @param columns           the referencing columns of this relation, in key order ({@code conkey})
 * @param referencedSchema  the schema of the referenced table
 * @param referencedTable   the referenced table's name ({@code confrelid})
 * @param referencedColumns the referenced columns, position by position matching {@code columns}
 *                          ({@code confkey})
 * @param onUpdate          the {@code ON UPDATE} action: {@code "NO ACTION"}, {@code "RESTRICT"},
 *                          {@code "CASCADE"}, {@code "SET NULL"} or {@code "SET DEFAULT"} ({@code confupdtype})
 * @param onDelete          the {@code ON DELETE} action, same values ({@code confdeltype})
 */
public record ForeignKeyInfo(String name, List<String> columns, String referencedSchema, String referencedTable,
                             List<String> referencedColumns, String onUpdate, String onDelete) {

    /**
     * Validates and copies: no argument may be null, and the two column lists must be equally long.
     *
     * @param name the constraint name ({@code conname})
     * @param columns the referencing columns of this relation, in key order ({@code conkey})
     * @param referencedSchema the schema of the referenced table
     * @param referencedTable the referenced table's name ({@code confrelid})
     * @param referencedColumns the referenced columns, position by position matching {@code columns} ({@code
     *     confkey})
     * @param onUpdate the {@code ON UPDATE} action: {@code "NO ACTION"}, {@code "RESTRICT"}, {@code "CASCADE"},
     *     {@code "SET NULL"} or {@code "SET DEFAULT"} ({@code confupdtype})
     * @param onDelete the {@code ON DELETE} action, same values ({@code confdeltype})
     * @throws NullPointerException when a required argument (or a list element) is null
     */
    public ForeignKeyInfo {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(referencedSchema, "referencedSchema");
        Objects.requireNonNull(referencedTable, "referencedTable");
        referencedColumns = List.copyOf(referencedColumns);
        Objects.requireNonNull(onUpdate, "onUpdate");
        Objects.requireNonNull(onDelete, "onDelete");
        if (columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + ": " + columns.size()
                    + " columns reference " + referencedColumns.size());
        }
    }

    /** @return {@code referencedSchema + "." + referencedTable}, unquoted */
    public String referencedQualifiedName() {
        return referencedSchema + "." + referencedTable;
    }

    /**
     * Maps a {@code pg_constraint.confupdtype}/{@code confdeltype} code to its SQL spelling.
     *
     * @param code {@code a}, {@code r}, {@code c}, {@code n} or {@code d}
     * @return e.g. {@code "NO ACTION"} for {@code 'a'}
     * @throws IllegalArgumentException for any other code
     */
    public static String action(char code) {
        return switch (code) {
            case 'a' -> "NO ACTION";
            case 'r' -> "RESTRICT";
            case 'c' -> "CASCADE";
            case 'n' -> "SET NULL";
            case 'd' -> "SET DEFAULT";
            default -> throw new IllegalArgumentException("unknown foreign key action code '" + code + "'");
        };
    }
}
