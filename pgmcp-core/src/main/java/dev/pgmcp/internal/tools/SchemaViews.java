package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.TypeInfo;
import dev.pgmcp.schema.UnknownRelationException;

import java.util.List;
import java.util.Map;

/**
 * The shared renderings of catalog objects, and the lookup of a relation by name, used by the tools
 * and by the schema resources so that both name and describe a table the same way.
 */
public final class SchemaViews {

    private SchemaViews() {
    }

    /**
     * @return a relation's summary as {@code list_tables} gives it: schema, name, kind, estimated_rows (null when
     *         there is none), total_bytes, comment, and partition_of, partition_key, partition_count, populated when
     *         they apply
     */
    public static Map<String, Object> summary(RelationInfo r) {
        return ListTablesTool.summary(r);
    }

    /**
     * @param catalog the snapshot {@code r} is from (its partitions, inheritance children and the enums and domains
     *                its columns use are looked up there, so hidden ones are never named)
     * @param r       the relation
     * @return a relation's full description (columns, keys, constraints, indexes, triggers, view definition,
     *         partitions, inheritance, types) as structured content, as {@code describe_table} returns it
     */
    public static Map<String, Object> structured(CatalogSnapshot catalog, RelationInfo r) {
        return DescribeTableTool.structured(catalog, r);
    }

    /**
     * @param catalog the snapshot {@code r} is from (as for {@link #structured})
     * @param r       the relation
     * @return a relation's full description as compact text
     */
    public static String text(CatalogSnapshot catalog, RelationInfo r) {
        return DescribeTableTool.text(catalog, r);
    }

    /** @return an enum's or domain's description as structured content: kind, labels or base type and constraints */
    public static Map<String, Object> type(TypeInfo t) {
        return DescribeTableTool.type(t);
    }

    /** @return an enum or domain as one line of text */
    public static String typeText(TypeInfo t) {
        return DescribeTableTool.typeText(t);
    }

    /**
     * Finds a relation by the name {@code describe_table} takes as {@code table_name}.
     *
     * @param catalog the snapshot to look in: the visible one the tools get (hidden relations are not in it)
     * @param name    {@code name} (schema {@code public}) or {@code schema.name}; either part may be
     *                double-quoted, e.g. {@code sales."Order.Lines"}; an exact match first, else the one
     *                relation that matches ignoring case
     * @return the relation
     * @throws UnknownRelationException when the snapshot has no such relation (the message lists close ones)
     */
    public static RelationInfo relation(CatalogSnapshot catalog, String name) {
        return Relations.find(catalog, name, null);
    }

    /**
     * @return the shortest name {@link #relation} resolves back to {@code r}: the bare name in schema
     *         {@code public} (e.g. {@code orders}), else {@code schema.name}; a part holding a dot or a
     *         double quote is double-quoted
     */
    public static String name(RelationInfo r) {
        return Relations.reference(r);
    }

    /**
     * @param catalog the snapshot to look in (as for {@link #relation})
     * @param prefix  what a user typed so far
     * @param limit   how many names at most
     * @return the {@link #name}s that start with {@code prefix} ignoring case (a relation outside
     *         {@code public}, or one whose {@code public.}-qualified name matches, as {@code schema.name}),
     *         sorted
     */
    public static List<String> names(CatalogSnapshot catalog, String prefix, int limit) {
        return Relations.complete(catalog, prefix, limit);
    }

    /** @return compact JSON of a value tree */
    public static String json(Object value) {
        return Render.json(value);
    }
}
