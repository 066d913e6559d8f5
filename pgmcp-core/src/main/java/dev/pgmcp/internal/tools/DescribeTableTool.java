package dev.pgmcp.internal.tools;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.CheckConstraintInfo;
import dev.pgmcp.schema.ColumnInfo;
import dev.pgmcp.schema.ExclusionConstraintInfo;
import dev.pgmcp.schema.ForeignKeyInfo;
import dev.pgmcp.schema.IndexInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.RelationKind;
import dev.pgmcp.schema.TriggerInfo;
import dev.pgmcp.schema.TypeInfo;
import dev.pgmcp.schema.UniqueConstraintInfo;
import dev.pgmcp.spi.JsonSchemas;
import dev.pgmcp.spi.Tool;
import dev.pgmcp.spi.ToolAnnotations;
import dev.pgmcp.spi.ToolContext;
import dev.pgmcp.spi.ToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code describe_table}: a relation's columns, keys, constraints, indexes, triggers, view definition,
 * partitioning and inheritance as {@code pg_catalog} has them, with the enums and domains its columns use, and
 * a link to the same description as the resource {@code schema://{database}/{table}}.
 */
public final class DescribeTableTool implements Tool {

    @Override
    public String name() {
        return "describe_table";
    }

    @Override
    public String description() {
        return "Columns, keys, constraints, indexes, triggers, view definition, partitions, inheritance, enums and "
                + "domains of a table or view (schema default public). Use it before querying.";
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
        Map<String, Object> objects = JsonSchemas.type("array");
        return ListTablesTool.summarySchema()
                .property("table_bytes", JsonSchemas.integerAtLeast(null, 0))
                .property("index_bytes", JsonSchemas.integerAtLeast(null, 0))
                .property("view_definition", JsonSchemas.type("string"))
                .property("partition_bound", JsonSchemas.type("string"))
                .property("partitions", objects)
                .property("inherits", objects)
                .property("inherited_by", objects)
                .property("columns", objects)
                .property("primary_key", JsonSchemas.type("object", "null"))
                .property("foreign_keys", objects)
                .property("unique_constraints", objects)
                .property("check_constraints", objects)
                .property("exclusion_constraints", objects)
                .property("indexes", objects)
                .property("triggers", objects)
                .property("types", objects)
                .build();
    }

    @Override
    public ToolResult call(ToolContext context) {
        RelationInfo r = Relations.resolve(context.catalog(), context.arguments());
        return ToolResult.of(structured(context.catalog(), r), text(context.catalog(), r))
                .withLinks(List.of(SchemaLinks.tableLink(context.database(), r)));
    }

    /** @return the relation as structured content (also used by the schema resources) */
    static Map<String, Object> structured(CatalogSnapshot catalog, RelationInfo r) {
        Map<String, Object> m = ListTablesTool.summary(r);
        m.put("table_bytes", r.tableBytes());
        m.put("index_bytes", r.indexBytes());
        if (r.viewDefinition() != null) {
            m.put("view_definition", r.viewDefinition());
        }
        if (r.partitionBound() != null) {
            m.put("partition_bound", r.partitionBound());
        }
        if (r.kind() == RelationKind.PARTITIONED_TABLE) {
            m.put("partitions", partitions(catalog, r));
        }
        if (!r.parents().isEmpty()) {
            m.put("inherits", r.parents());
        }
        List<String> children = catalog.children(r).stream().map(RelationInfo::qualifiedName).toList();
        if (!children.isEmpty()) {
            m.put("inherited_by", children);
        }
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ColumnInfo c : r.columns()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.dataType());
            cm.put("nullable", c.nullable());
            cm.put("default", c.generated() ? null : c.defaultValue());
            cm.put("comment", c.comment());
            if (c.identity()) {
                cm.put("identity", c.identityGeneration());
            }
            if (c.generated()) {
                cm.put("generated", c.generation());
                cm.put("generation_expression", c.defaultValue());
            }
            if (c.userType() != null) {
                cm.put("user_type", c.userType());
            }
            columns.add(cm);
        }
        m.put("columns", columns);
        m.put("primary_key", r.primaryKey() == null ? null
                : commented(r, Render.fields("name", r.primaryKey().name(), "columns", r.primaryKey().columns())));
        List<Map<String, Object>> fks = new ArrayList<>();
        for (ForeignKeyInfo fk : r.foreignKeys()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", fk.name());
            fm.put("columns", fk.columns());
            fm.put("references", fk.referencedSchema() + "." + fk.referencedTable());
            fm.put("referenced_columns", fk.referencedColumns());
            fm.put("on_update", fk.onUpdate());
            fm.put("on_delete", fk.onDelete());
            fks.add(commented(r, fm));
        }
        m.put("foreign_keys", fks);
        List<Map<String, Object>> uniques = new ArrayList<>();
        for (UniqueConstraintInfo u : r.uniqueKeys()) {
            uniques.add(commented(r, Render.fields("name", u.name(), "columns", u.columns())));
        }
        m.put("unique_constraints", uniques);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckConstraintInfo c : r.checks()) {
            checks.add(commented(r, Render.fields("name", c.name(), "definition", c.definition())));
        }
        m.put("check_constraints", checks);
        List<Map<String, Object>> exclusions = new ArrayList<>();
        for (ExclusionConstraintInfo x : r.exclusions()) {
            exclusions.add(commented(r, Render.fields("name", x.name(), "definition", x.definition())));
        }
        m.put("exclusion_constraints", exclusions);
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
        List<Map<String, Object>> triggers = new ArrayList<>();
        for (TriggerInfo t : r.triggers()) {
            Map<String, Object> tm = Render.fields("name", t.name(), "timing", t.timing(), "events", t.events(),
                    "level", t.level(), "function", t.function(), "enabled", t.enabled(), "definition", t.definition());
            if (t.comment() != null) {
                tm.put("comment", t.comment());
            }
            if (t.functionComment() != null) {
                tm.put("function_comment", t.functionComment());
            }
            triggers.add(tm);
        }
        m.put("triggers", triggers);
        m.put("types", usedTypes(catalog, r).stream().map(DescribeTableTool::type).toList());
        return m;
    }

    /** @return a constraint's fields with its comment added when it has one */
    private static Map<String, Object> commented(RelationInfo r, Map<String, Object> constraint) {
        String comment = r.constraintComment((String) constraint.get("name"));
        if (comment != null) {
            constraint.put("comment", comment);
        }
        return constraint;
    }

    /** @return a partitioned table's partitions in the snapshot, with their bounds, sub-partitions nested */
    private static List<Map<String, Object>> partitions(CatalogSnapshot catalog, RelationInfo parent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RelationInfo p : catalog.partitions(parent)) {
            Map<String, Object> pm = Render.fields("name", p.qualifiedName(), "kind", p.kind().label(),
                    "bound", p.partitionBound());
            if (p.kind() == RelationKind.PARTITIONED_TABLE) {
                pm.put("partition_key", p.partitionKey());
                pm.put("partitions", partitions(catalog, p));
            }
            out.add(pm);
        }
        return out;
    }

    /** @return the enums and domains of the snapshot that the relation's columns use, in column order */
    static List<TypeInfo> usedTypes(CatalogSnapshot catalog, RelationInfo r) {
        Set<String> names = new LinkedHashSet<>();
        for (ColumnInfo c : r.columns()) {
            if (c.userType() != null) {
                names.add(c.userType());
            }
        }
        List<TypeInfo> out = new ArrayList<>();
        for (String n : names) {
            catalog.type(n).ifPresent(out::add);
        }
        return out;
    }

    /** @return an enum's or domain's structured description (also used by the schema resources) */
    static Map<String, Object> type(TypeInfo t) {
        Map<String, Object> m = Render.fields("schema", t.schema(), "name", t.name(), "kind", t.kind().label(),
                "comment", t.comment());
        if (t.kind() == TypeInfo.Kind.ENUM) {
            m.put("labels", t.labels());
        } else {
            m.put("base_type", t.baseType());
            m.put("not_null", t.notNull());
            m.put("default", t.defaultValue());
            m.put("check_constraints", t.checks().stream()
                    .map(c -> Render.fields("name", c.name(), "definition", c.definition())).toList());
        }
        return m;
    }

    /** @return an enum or domain as one line of text (also used by the schema resources) */
    static String typeText(TypeInfo t) {
        StringBuilder b = new StringBuilder(t.kind().label()).append(' ').append(t.qualifiedName());
        if (t.kind() == TypeInfo.Kind.ENUM) {
            b.append(": ").append(String.join(", ", t.labels().stream().map(l -> "'" + l.replace("'", "''") + "'").toList()));
        } else {
            b.append(" over ").append(t.baseType());
            if (t.notNull()) {
                b.append(" NOT NULL");
            }
            if (t.defaultValue() != null) {
                b.append(" DEFAULT ").append(t.defaultValue());
            }
            for (CheckConstraintInfo c : t.checks()) {
                b.append(", ").append(c.name()).append(' ').append(c.definition());
            }
        }
        if (t.comment() != null) {
            b.append(" -- ").append(t.comment());
        }
        return b.toString();
    }

    /** @return the relation in a compact, readable text form (also used by the schema resources) */
    static String text(CatalogSnapshot catalog, RelationInfo r) {
        StringBuilder t = new StringBuilder(ListTablesTool.headline(r)).append('\n');
        if (r.partitionBound() != null) {
            t.append("  partition bound: ").append(r.partitionBound()).append('\n');
        }
        if (!r.parents().isEmpty()) {
            t.append("  inherits: ").append(String.join(", ", r.parents())).append('\n');
        }
        List<RelationInfo> children = catalog.children(r);
        if (!children.isEmpty()) {
            t.append("  inherited by: ").append(String.join(", ",
                    children.stream().map(RelationInfo::qualifiedName).toList())).append('\n');
        }
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
            if (c.identity()) {
                t.append(" GENERATED ").append(c.identityGeneration()).append(" AS IDENTITY");
            } else if (c.generated()) {
                t.append(" GENERATED ALWAYS AS (").append(c.defaultValue()).append(") ").append(c.generation());
            } else if (c.defaultValue() != null) {
                t.append(" DEFAULT ").append(c.defaultValue());
            }
            if (c.comment() != null) {
                t.append(" -- ").append(c.comment());
            }
            t.append('\n');
        }
        if (r.primaryKey() != null) {
            t.append("  primary key ").append(r.primaryKey().name()).append(' ').append(r.primaryKey().columns());
            comment(t, r, r.primaryKey().name());
        }
        for (ForeignKeyInfo fk : r.foreignKeys()) {
            t.append("  foreign key ").append(fk.name()).append(' ').append(fk.columns()).append(" -> ")
                    .append(fk.referencedSchema()).append('.').append(fk.referencedTable()).append(' ')
                    .append(fk.referencedColumns());
            comment(t, r, fk.name());
        }
        for (UniqueConstraintInfo u : r.uniqueKeys()) {
            t.append("  unique ").append(u.name()).append(' ').append(u.columns());
            comment(t, r, u.name());
        }
        for (CheckConstraintInfo c : r.checks()) {
            t.append("  check ").append(c.name()).append(": ").append(c.definition());
            comment(t, r, c.name());
        }
        for (ExclusionConstraintInfo x : r.exclusions()) {
            t.append("  exclusion ").append(x.name()).append(": ").append(x.definition());
            comment(t, r, x.name());
        }
        for (IndexInfo i : r.indexes()) {
            t.append("  index ").append(i.definition()).append('\n');
        }
        for (TriggerInfo tr : r.triggers()) {
            t.append("  trigger ").append(tr.name()).append(' ').append(tr.timing()).append(' ')
                    .append(String.join(" OR ", tr.events())).append(" FOR EACH ").append(tr.level())
                    .append(" EXECUTE ").append(tr.function());
            if (!tr.enabled().equals("origin")) {
                t.append(" (").append(tr.enabled()).append(')');
            }
            if (tr.comment() != null) {
                t.append(" -- ").append(tr.comment());
            }
            t.append('\n');
        }
        if (r.kind() == RelationKind.PARTITIONED_TABLE) {
            partitionsText(t, catalog, r, "  ");
        }
        for (TypeInfo type : usedTypes(catalog, r)) {
            t.append("  ").append(typeText(type)).append('\n');
        }
        if (r.viewDefinition() != null) {
            t.append("  definition:\n");
            for (String line : r.viewDefinition().strip().split("\n")) {
                t.append("    ").append(line).append('\n');
            }
        }
        return t.toString().stripTrailing();
    }

    private static void comment(StringBuilder t, RelationInfo r, String constraint) {
        String comment = r.constraintComment(constraint);
        if (comment != null) {
            t.append(" -- ").append(comment);
        }
        t.append('\n');
    }

    private static void partitionsText(StringBuilder t, CatalogSnapshot catalog, RelationInfo parent, String indent) {
        for (RelationInfo p : catalog.partitions(parent)) {
            t.append(indent).append("partition ").append(p.qualifiedName()).append(' ').append(p.partitionBound());
            if (p.kind() == RelationKind.PARTITIONED_TABLE) {
                t.append(", partitioned by ").append(p.partitionKey()).append('\n');
                partitionsText(t, catalog, p, indent + "  ");
            } else {
                t.append('\n');
            }
        }
    }
}
