package dev.pgmcp.resources;

import dev.pgmcp.engine.Databases;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.tools.Render;
import dev.pgmcp.tools.SchemaViews;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in resources: {@code postgres://schema}, {@code postgres://tables},
 * {@code databases://list} and the template {@code schema://{database}}.
 */
public final class BuiltinResources {

    private BuiltinResources() {
    }

    /** @return the built-in resources and templates, reading from {@code databases} */
    public static List<ResourceDefinition> all(Databases databases) {
        return List.of(
                new ResourceDefinition("postgres://schema", false, "schema", "Database schema",
                        "The default database's complete schema as JSON: every visible table and view with columns "
                                + "(type, nullability, default, comment), keys, constraints and indexes.",
                        "application/json", vars -> schemaJson(databases, null)),
                new ResourceDefinition("postgres://tables", false, "tables", "Tables and views",
                        "The default database's tables and views as JSON, with kind, estimated rows and size in bytes.",
                        "application/json", vars -> tablesJson(databases)),
                new ResourceDefinition("databases://list", false, "databases", "Databases",
                        "The databases this server is configured for, by alias; tools take the alias as 'database'.",
                        "application/json", vars -> databasesJson(databases)),
                new ResourceDefinition("schema://{database}", true, "database-schema", "Schema of a database",
                        "One database's schema as readable text: tables, columns with types, keys and indexes. "
                                + "{database} is an alias from databases://list.",
                        "text/plain", vars -> schemaText(databases, vars.get("database"))));
    }

    private static String schemaJson(Databases databases, String name) {
        CatalogSnapshot c = databases.get(name).schema().snapshot();
        List<Object> tables = new ArrayList<>();
        for (RelationInfo r : c.relations()) {
            tables.add(SchemaViews.structured(r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", c.database());
        m.put("server_version", c.serverVersion());
        m.put("schemas", c.schemas().stream().map(s -> s.name()).toList());
        m.put("tables", tables);
        return SchemaViews.json(m);
    }

    private static String tablesJson(Databases databases) {
        CatalogSnapshot c = databases.get(null).schema().snapshot();
        List<Object> tables = new ArrayList<>();
        for (RelationInfo r : c.relations()) {
            tables.add(SchemaViews.summary(r));
        }
        return SchemaViews.json(Render.fields("tables", tables));
    }

    private static String databasesJson(Databases databases) {
        List<Object> list = new ArrayList<>();
        for (String n : databases.names()) {
            list.add(Render.fields("name", n, "default", n.equals(databases.defaultName()), "uri", "schema://" + n));
        }
        return SchemaViews.json(Render.fields("databases", list));
    }

    private static String schemaText(Databases databases, String name) {
        CatalogSnapshot c = databases.get(name).schema().snapshot();
        StringBuilder sb = new StringBuilder("Database: ").append(name).append(" (").append(c.database())
                .append(", PostgreSQL ").append(c.serverVersion()).append(")\n");
        for (RelationInfo r : c.relations()) {
            sb.append('\n').append(SchemaViews.text(r)).append('\n');
        }
        return sb.toString();
    }
}
