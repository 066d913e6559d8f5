package dev.pgmcp.tools;

import dev.pgmcp.schema.CheckConstraintInfo;
import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.ForeignKeyInfo;
import dev.pgmcp.schema.IndexInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.UniqueConstraintInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code describe_table}: a relation's columns, keys, constraints and indexes as {@code pg_catalog}
 * has them, with a link to the same description as the resource {@code schema://{database}/{table}}.
 */
public final class DescribeTableTool implements Tool {

    @Override
    public String name() {
        return "describe_table";
    }

    @Override
    public String description() {
        return "Columns (type, nullable, default, comment), keys, constraints and indexes of a table or view "
                + "(schema default public). Use it before querying.";
    }

    @Override
    public ToolAnnotations annotations() {
        return ToolAnnotations.READ_ONLY.withTitle("Describe table");
    }

    @Override
    public Map<String, Object> inputSchema() {
        return Relations.arguments()
                .build();
    }

    @Override
    public Map<String, Object> outputSchema() {
        Map<String, Object> text = JsonSchemas.type("string");
        Map<String, Object> list = JsonSchemas.type("array");
        return JsonSchemas.open()
                .property("schema", text)
                .property("name", text)
                .property("kind", text)
                .property("columns", list)
                .property("primary_key", JsonSchemas.type("object", "null"))
                .property("foreign_keys", list)
                .property("unique_constraints", list)
                .property("check_constraints", list)
                .property("indexes", list)
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        RelationInfo r = Relations.resolve(context.catalog(), context.arguments());
        return ToolResult.of(structured(r), text(r)).withLinks(List.of(SchemaLinks.tableLink(context.database(), r)));
    }

    /** @return the relation as structured content (also used by the schema resources) */
    static Map<String, Object> structured(RelationInfo r) {
        Map<String, Object> m = ListTablesTool.summary(r);
        m.put("table_bytes", r.tableBytes());
        m.put("index_bytes", r.indexBytes());
        if (r.partitionOf() != null) {
            m.put("partition_of", r.partitionOf());
        }
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ColumnInfo c : r.columns()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.dataType());
            cm.put("nullable", c.nullable());
            cm.put("default", c.defaultValue());
            cm.put("comment", c.comment());
            if (c.identity()) {
                cm.put("identity", true);
            }
            if (c.generated()) {
                cm.put("generated", true);
            }
            columns.add(cm);
        }
        m.put("columns", columns);
        m.put("primary_key", r.primaryKey() == null ? null
                : Render.fields("name", r.primaryKey().name(), "columns", r.primaryKey().columns()));
        List<Map<String, Object>> fks = new ArrayList<>();
        for (ForeignKeyInfo fk : r.foreignKeys()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", fk.name());
            fm.put("columns", fk.columns());
            fm.put("references", fk.referencedSchema() + "." + fk.referencedTable());
            fm.put("referenced_columns", fk.referencedColumns());
            fm.put("on_update", fk.onUpdate());
            fm.put("on_delete", fk.onDelete());
            fks.add(fm);
        }
        m.put("foreign_keys", fks);
        List<Map<String, Object>> uniques = new ArrayList<>();
        for (UniqueConstraintInfo u : r.uniqueKeys()) {
            uniques.add(Render.fields("name", u.name(), "columns", u.columns()));
        }
        m.put("unique_constraints", uniques);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckConstraintInfo c : r.checks()) {
            checks.add(Render.fields("name", c.name(), "definition", c.definition()));
        }
        m.put("check_constraints", checks);
        List<Map<String, Object>> indexes = new ArrayList<>();
        for (IndexInfo i : r.indexes()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", i.name());
            im.put("unique", i.unique());
            im.put("primary", i.primary());
            im.put("method", i.method());
            im.put("columns", i.columns());
            im.put("definition", i.definition());
            im.put("size_bytes", i.sizeBytes());
            indexes.add(im);
        }
        m.put("indexes", indexes);
        return m;
    }

    /** @return the relation in a compact, readable text form (also used by the schema resources) */
    static String text(RelationInfo r) {
        StringBuilder t = new StringBuilder();
        t.append(r.qualifiedName()).append(" (").append(r.kind().label());
        if (r.estimatedRows() >= 0) {
            t.append(", ~").append(r.estimatedRows()).append(" rows");
        }
        t.append(", ").append(Render.bytes(r.totalBytes())).append(')');
        if (r.comment() != null) {
            t.append(": ").append(r.comment());
        }
        t.append('\n');
        List<String> pk = r.primaryKey() == null ? List.of() : r.primaryKey().columns();
        for (ColumnInfo c : r.columns()) {
            t.append("  - ").append(c.name()).append(": ").append(c.dataType());
            if (pk.contains(c.name())) {
                t.append(" (PK)");
            }
            for (ForeignKeyInfo fk : r.foreignKeys()) {
                int idx = fk.columns().indexOf(c.name());
                if (idx >= 0 && fk.columns().size() == 1) {
                    t.append(" (FK -> ").append(fk.referencedTable()).append('.').append(fk.referencedColumns().get(idx)).append(')');
                }
            }
            if (!c.nullable()) {
                t.append(" NOT NULL");
            }
            if (c.defaultValue() != null) {
                t.append(" DEFAULT ").append(c.defaultValue());
            }
            if (c.comment() != null) {
                t.append(" -- ").append(c.comment());
            }
            t.append('\n');
        }
        if (r.primaryKey() != null) {
            t.append("  primary key ").append(r.primaryKey().name()).append(' ').append(r.primaryKey().columns()).append('\n');
        }
        for (ForeignKeyInfo fk : r.foreignKeys()) {
            t.append("  foreign key ").append(fk.name()).append(' ').append(fk.columns()).append(" -> ")
                    .append(fk.referencedSchema()).append('.').append(fk.referencedTable()).append(' ')
                    .append(fk.referencedColumns()).append('\n');
        }
        for (UniqueConstraintInfo u : r.uniqueKeys()) {
            t.append("  unique ").append(u.name()).append(' ').append(u.columns()).append('\n');
        }
        for (CheckConstraintInfo c : r.checks()) {
            t.append("  check ").append(c.name()).append(": ").append(c.definition()).append('\n');
        }
        for (IndexInfo i : r.indexes()) {
            t.append("  index ").append(i.definition()).append('\n');
        }
        return t.toString().stripTrailing();
    }
}
