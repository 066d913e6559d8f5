package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.spi.ResourceLink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links from tool results to the schema resources, the templates {@code schema://{database}} and
 * {@code schema://{database}/{table}} that {@code dev.pgmcp.internal.resources.BuiltinResources} serves: the
 * URIs are built here, for the tools that link to them and the resource that lists the databases.
 */
public final class SchemaLinks {

    private SchemaLinks() {
    }

    /**
     * @param database a configured alias
     * @return a link to {@code schema://{database}}, that database's schema as text (what
     *         {@code list_tables} results link to)
     */
    public static ResourceLink schemaLink(String database) {
        return new ResourceLink(schemaUri(database), database, "Schema of database " + database, null, "text/plain");
    }

    /**
     * @param database a configured alias
     * @param relation a relation of that database's visible snapshot
     * @return a link to {@code schema://{database}/{table}} for it, {@code {table}} being its
     *         {@link SchemaViews#name} percent-encoded (what {@code describe_table} results link to)
     */
    public static ResourceLink tableLink(String database, RelationInfo relation) {
        return new ResourceLink(schemaUri(database) + "/" + segment(SchemaViews.name(relation)), relation.qualifiedName(),
                "Schema of " + relation.kind().label() + " " + relation.qualifiedName(), null, "text/plain");
    }

    /** @return {@code schema://{database}}, the database's alias percent-encoded */
    public static String schemaUri(String database) {
        return "schema://" + segment(database);
    }

    /** @return a template variable's value as RFC 6570 simple expansion writes it: reserved characters %-encoded */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
