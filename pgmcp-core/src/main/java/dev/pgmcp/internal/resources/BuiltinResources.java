package dev.pgmcp.internal.resources;

import dev.pgmcp.internal.engine.Databases;
import dev.pgmcp.internal.tools.Render;
import dev.pgmcp.internal.tools.SchemaLinks;
import dev.pgmcp.internal.tools.SchemaViews;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.Principal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in resources: {@code postgres://schema}, {@code postgres://tables},
 * {@code databases://list} and the templates {@code schema://{database}} and
 * {@code schema://{database}/{table}}. Each catalog resource shows what the reader's database role may
 * see (per-person roles), as the schema tools do.
 */
public final class BuiltinResources {

    private BuiltinResources() {
    }

    /** @return the built-in resources and templates, reading from {@code databases} */
    public static List<ResourceDefinition> all(Databases databases) {
        return List.of(
                new ResourceDefinition("postgres://schema", false, "schema", "Database schema",
                        "The default database's complete schema as JSON: every visible table and view with columns "
                                + "(type, nullability, default, identity, generated, comment), keys, constraints, "
                                + "indexes, triggers, view definitions, partitions and inheritance; and the enums and "
                                + "domains of the visible schemas.",
                        "application/json", (vars, who) -> schemaJson(catalog(databases, null, who))),
                new ResourceDefinition("postgres://tables", false, "tables", "Tables and views",
                        "The default database's tables and views as JSON, with kind, estimated rows and size in bytes.",
                        "application/json", (vars, who) -> tablesJson(catalog(databases, null, who))),
                new ResourceDefinition("databases://list", false, "databases", "Databases",
                        "The databases this server is configured for, by alias; tools take the alias as 'database'.",
                        "application/json", (vars, who) -> databasesJson(databases)),
                new ResourceDefinition("schema://{database}", true, "database-schema", "Schema of a database",
                        "One database's schema as readable text: tables, columns with types, keys, constraints, "
                                + "indexes, triggers, view definitions, partitions, enums and domains. "
                                + "{database} is an alias from databases://list, or the database's own name.",
                        "text/plain", (vars, who) -> schemaText(vars.get("database"), catalog(databases, vars.get("database"), who))),
                new ResourceDefinition("schema://{database}/{table}", true, "table-schema", "Schema of a table",
                        "One table's or view's columns with types, keys, constraints, indexes, triggers, partitions "
                                + "and definition as readable text. "
                                + "{table} is a name as describe_table takes it: name (schema public) or schema.name.",
                        "text/plain", (vars, who) -> tableText(catalog(databases, vars.get("database"), who), vars.get("table"))));
    }

    /**
     * @return the catalog of that database as the caller's database role sees it (per-person roles: only
     *         what its grants let it use; the login role's otherwise)
     * @throws dev.pgmcp.internal.pool.UnknownDatabaseException     when the alias is not configured
     * @throws dev.pgmcp.internal.engine.UnmappedPrincipalException when per-person roles refuse the caller
     */
    private static CatalogSnapshot catalog(Databases databases, String name, Principal principal) {
        return databases.get(name).schema(databases.roleFor(principal)).snapshot();
    }

    private static String schemaJson(CatalogSnapshot c) {
        List<Object> tables = new ArrayList<>();
        for (RelationInfo r : c.relations()) {
            tables.add(SchemaViews.structured(c, r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", c.database());
        m.put("server_version", c.serverVersion());
        m.put("schemas", c.schemas().stream().map(s -> s.name()).toList());
        m.put("tables", tables);
        m.put("types", c.types().stream().map(SchemaViews::type).toList());
        return SchemaViews.json(m);
    }

    private static String tablesJson(CatalogSnapshot c) {
        List<Object> tables = new ArrayList<>();
        for (RelationInfo r : c.relations()) {
            tables.add(SchemaViews.summary(r));
        }
        return SchemaViews.json(Render.fields("tables", tables));
    }

    private static String databasesJson(Databases databases) {
        List<Object> list = new ArrayList<>();
        for (String n : databases.names()) {
            list.add(Render.fields("name", n, "default", n.equals(databases.defaultName()), "uri", SchemaLinks.schemaUri(n)));
        }
        return SchemaViews.json(Render.fields("databases", list));
    }

    private static String schemaText(String name, CatalogSnapshot c) {
        StringBuilder sb = new StringBuilder("Database: ").append(name).append(" (").append(c.database())
                .append(", PostgreSQL ").append(c.serverVersion()).append(")\n");
        for (RelationInfo r : c.relations()) {
            sb.append('\n').append(SchemaViews.text(c, r)).append('\n');
        }
        if (!c.types().isEmpty()) {
            sb.append("\nEnums and domains:\n");
            c.types().forEach(t -> sb.append("  ").append(SchemaViews.typeText(t)).append('\n'));
        }
        return sb.toString();
    }

    /**
     * @throws dev.pgmcp.schema.UnknownRelationException when no such relation is visible (the same
     *                                                     snapshot describe_table reads: hidden ones are not in it)
     */
    private static String tableText(CatalogSnapshot c, String table) {
        return SchemaViews.text(c, SchemaViews.relation(c, table));
    }
}
