package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.UnknownRelationException;
import dev.pgmcp.spi.Arguments;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.ToolArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves the {@code table_name}/{@code schema} arguments the table tools share (and the
 * {@code {table}} of the {@code schema://{database}/{table}} resource) against the catalog, so that
 * only relations that exist are ever named in SQL (and then quoted), and a misspelt name gets a
 * helpful error.
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
        try {
            return find(catalog, args.requireString("table_name"), args.string("schema").orElse(null));
        } catch (UnknownRelationException e) {
            throw new ToolArgumentException("table_name: " + e.getMessage());
        }
    }

    /**
     * The one lookup of a relation by the name a caller gives: the tools' {@code table_name}/{@code schema}
     * and the {@code schema://{database}/{table}} resource.
     *
     * @param table  {@code name} or, without {@code schema}, {@code schema.name}; either part may be
     *               double-quoted (a dot inside quotes does not split)
     * @param schema the schema, or {@code null} for the one in {@code table}, else {@code public}
     * @return the relation ({@link CatalogSnapshot#find}: exact, else the one that matches ignoring case)
     * @throws UnknownRelationException when the catalog has no such relation (listing close candidates)
     */
    static RelationInfo find(CatalogSnapshot catalog, String table, String schema) {
        if (schema == null) {
            int dot = unquotedDot(table);
            if (dot >= 0) {
                schema = table.substring(0, dot);
                table = table.substring(dot + 1);
            }
        }
        String s = schema == null ? "public" : unquote(schema);
        String t = unquote(table);
        return catalog.find(s, t).orElseThrow(() -> new UnknownRelationException(
                "no table or view " + s + "." + t + " is visible" + candidates(catalog, t)));
    }

    /** @return the index of the first dot outside double quotes, or -1 */
    private static int unquotedDot(String name) {
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote inside quotes toggles twice
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the shortest name {@link #find} resolves back to {@code r}: the bare name in schema
     *         {@code public}, else {@code schema.name}, with a part quoted when it must be
     */
    static String reference(RelationInfo r) {
        return "public".equals(r.schema()) ? part(r.name()) : qualifiedReference(r);
    }

    /** @return {@code schema.name} as {@link #find} reads it, with a part quoted when it must be */
    private static String qualifiedReference(RelationInfo r) {
        return part(r.schema()) + "." + part(r.name());
    }

    /** @return the identifier as is, or quoted when a dot, a quote or surrounding space would change how it is read */
    private static String part(String identifier) {
        return identifier.isEmpty() || identifier.contains(".") || identifier.contains("\"")
                || !identifier.equals(identifier.trim()) ? quote(identifier) : identifier;
    }

    /**
     * @param prefix what a user typed so far
     * @param limit  how many names at most
     * @return the {@link #reference}s of the catalog's relations that start with {@code prefix} ignoring
     *         case (or, when only their schema-qualified form does, e.g. for {@code public.or}, that form),
     *         sorted
     */
    static List<String> complete(CatalogSnapshot catalog, String prefix, int limit) {
        String p = prefix.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (RelationInfo r : catalog.relations()) {
            String shortest = reference(r);
            String qualified = qualifiedReference(r);
            if (shortest.toLowerCase(Locale.ROOT).startsWith(p)) {
                names.add(shortest);
            } else if (qualified.toLowerCase(Locale.ROOT).startsWith(p)) {
                names.add(qualified);
            }
        }
        return names.stream().sorted().limit(limit).toList();
    }

    private static String candidates(CatalogSnapshot catalog, String table) {
        String needle = table.toLowerCase(Locale.ROOT);
        String found = catalog.relations().stream()
                .filter(r -> r.name().toLowerCase(Locale.ROOT).contains(needle)
                        || needle.contains(r.name().toLowerCase(Locale.ROOT)))
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
