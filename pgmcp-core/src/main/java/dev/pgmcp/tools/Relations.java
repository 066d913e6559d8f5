package dev.pgmcp.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.ToolArgumentException;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves the {@code table_name}/{@code schema} arguments the table tools share against the
 * catalog, so that only relations that exist are ever named in SQL (and then quoted), and a
 * misspelt name gets a helpful error.
 */
final class Relations {

    static final Map<String, Object> TABLE_NAME = JsonSchemas.type("string"); // or schema.table
    static final Map<String, Object> SCHEMA = JsonSchemas.type("string"); // default public

    private Relations() {
    }

    /** @return the arguments every table tool takes ({@code table_name}, optional {@code schema}), to extend */
    static JsonSchemas.ObjectBuilder arguments() {
        return JsonSchemas.object().required("table_name", TABLE_NAME).optional("schema", SCHEMA);
    }

    /**
     * @return the relation the arguments name
     * @throws ToolArgumentException when it does not exist (listing close candidates)
     */
    static RelationInfo resolve(CatalogSnapshot catalog, Arguments args) {
        String table = args.requireString("table_name");
        String schema = args.string("schema").orElse(null);
        if (schema == null && table.contains(".") && !table.startsWith("\"")) {
            int dot = table.indexOf('.');
            schema = table.substring(0, dot);
            table = table.substring(dot + 1);
        }
        String s = schema == null ? "public" : unquote(schema);
        String t = unquote(table);
        return catalog.find(s, t).orElseThrow(() -> new ToolArgumentException(
                "table_name: no table or view " + s + "." + t + " is visible" + candidates(catalog, t)));
    }

    private static String candidates(CatalogSnapshot catalog, String table) {
        String needle = table.toLowerCase(java.util.Locale.ROOT);
        String found = catalog.relations().stream()
                .filter(r -> r.name().toLowerCase(java.util.Locale.ROOT).contains(needle)
                        || needle.contains(r.name().toLowerCase(java.util.Locale.ROOT)))
                .limit(10)
                .map(RelationInfo::qualifiedName)
                .collect(Collectors.joining(", "));
        return found.isEmpty() ? "; use list_tables or search_tables to see what exists" : "; did you mean: " + found;
    }

    private static String unquote(String name) {
        String n = name.trim();
        return n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"") ? n.substring(1, n.length() - 1).replace("\"\"", "\"") : n;
    }

    /** @return a PostgreSQL identifier in double quotes, safe in SQL text (PostgreSQL manual 4.1.1) */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** @return {@code "schema"."name"} for SQL text */
    static String qualified(RelationInfo r) {
        return quote(r.schema()) + "." + quote(r.name());
    }
}
