package dev.pgmcp.tools;

import dev.pgmcp.schema.RelationInfo;

import java.util.Map;

/**
 * The shared renderings of catalog objects, used by the tools and by the schema resources so that
 * both describe a table the same way.
 */
public final class SchemaViews {

    private SchemaViews() {
    }

    /** @return a relation's summary: schema, name, kind, estimated_rows, total_bytes, comment */
    public static Map<String, Object> summary(RelationInfo r) {
        return ListTablesTool.summary(r);
    }

    /** @return a relation's full description (columns, keys, constraints, indexes) as structured content */
    public static Map<String, Object> structured(RelationInfo r) {
        return DescribeTableTool.structured(r);
    }

    /** @return a relation's full description as compact text */
    public static String text(RelationInfo r) {
        return DescribeTableTool.text(r);
    }

    /** @return compact JSON of a value tree */
    public static String json(Object value) {
        return Render.json(value);
    }
}
