package dev.pgmcp.internal.policy;

import dev.pgmcp.internal.policy.RelationGraph.FunctionReads;
import dev.pgmcp.internal.policy.RelationGraph.Relation;
import dev.pgmcp.internal.sql.QualifiedName;
import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.ForeignKeyInfo;
import dev.pgmcp.schema.RelationInfo;
import dev.pgmcp.schema.RelationKind;
import dev.pgmcp.schema.SchemaInfo;
import dev.pgmcp.schema.TypeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured schema and table lists ({@link RelationRules}) applied to one {@link RelationGraph}:
 * every relation whose rows a caller must not see, whichever way a query reaches them.
 *
 * <p>A relation is <b>blocked</b> when
 * <ol>
 *   <li>the lists deny it by name (denied schema or table; outside the allowlist when one is set);</li>
 *   <li>one of its inheritance ancestors is denied by the deny lists (a partition or child's rows are
 *       rows of the denied parent); the allowlist does not propagate this way: an allowed partition may
 *       be read even when its parent is not allowed;</li>
 *   <li>it exposes the rows of a blocked relation: a view or materialized view over one, or an
 *       inheritance parent or partitioned table with a blocked child or partition.</li>
 * </ol>
 * A user function is blocked when it returns the row type of a blocked relation, its SQL-standard
 * body depends on one, or its source text names a blocked relation outside the system schemas.
 *
 * <p>Blocked relations are also left out of what the schema tools and resources list, and of the
 * catalog tools get ({@link #visible(CatalogSnapshot)}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RelationAccess {

    /** Schemas whose relations are the catalog itself; a function body that names one is not suspicious. */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    private final RelationGraph graph;
    /** Blocked relation oid → the sentence that says why (after "Table x is not allowed: "). */
    private final Map<Long, String> blocked;
    /** Names of blocked relations outside the system schemas → why a function body naming one is refused. */
    private final Map<String, String> blockedUserNames;

    RelationAccess(RelationRules rules, RelationGraph graph) {
        this.graph = graph;
        Map<Long, String> out = new HashMap<>();
        Map<Long, Boolean> visiting = new HashMap<>();
        for (Relation r : graph.relations()) {
            reason(r.oid(), rules, out, visiting);
        }
        out.values().removeIf(v -> v.isEmpty());
        this.blocked = Map.copyOf(out);
        Map<String, String> names = new HashMap<>();
        for (Long oid : blocked.keySet()) {
            Relation r = graph.byOid(oid);
            if (!SYSTEM_SCHEMAS.contains(r.schema())) {
                names.putIfAbsent(r.name(), "its body names " + r.qualifiedName() + ", which is not allowed: "
                        + blocked.get(oid));
            }
        }
        this.blockedUserNames = Map.copyOf(names);
    }

    /** Memoised depth-first walk; "" marks a relation found not blocked. */
    private String reason(long oid, RelationRules rules, Map<Long, String> out, Map<Long, Boolean> visiting) {
        String known = out.get(oid);
        if (known != null) {
            return known;
        }
        if (visiting.putIfAbsent(oid, Boolean.TRUE) != null) {
            return ""; // a cycle (not possible in PostgreSQL's catalogs today); decided by its other edges
        }
        Relation r = graph.byOid(oid);
        String why = r == null ? null : rules.denial(r.qualifiedName());
        if (why == null && r != null) {
            for (long ancestor : graph.ancestors(oid)) {
                Relation a = graph.byOid(ancestor);
                String parentWhy = a == null ? null : rules.explicitDenial(a.qualifiedName());
                if (parentWhy != null) {
                    why = "its rows are rows of " + a.qualifiedName() + " (an inheritance parent or partitioned table), "
                            + "which " + parentWhy;
                    break;
                }
            }
        }
        if (why == null) {
            for (long source : graph.exposes(oid)) {
                String sourceWhy = reason(source, rules, out, visiting);
                if (!sourceWhy.isEmpty()) {
                    Relation s = graph.byOid(source);
                    String shown = s == null ? "oid " + source : s.qualifiedName().toString();
                    why = "it exposes rows of " + shown + " (through a view or an inheritance child or partition), "
                            + "and " + shown + " is not allowed either: " + sourceWhy;
                    break;
                }
            }
        }
        String result = why == null ? "" : why;
        out.put(oid, result);
        visiting.remove(oid);
        return result;
    }

    /**
     * @param relation a relation's exact schema and name
     * @return why it is blocked (a sentence to follow "is not allowed: "), or {@code null} when it is
     *         not blocked or not in the graph
     */
    public String blockedReason(QualifiedName relation) {
        Relation r = graph.find(relation);
        return r == null ? null : blocked.get(r.oid());
    }

    /** @return whether the relation is in the graph (it existed when the catalog was read) */
    public boolean known(QualifiedName relation) {
        return graph.find(relation) != null;
    }

    /**
     * @param function a function's exact schema and name
     * @return why calling it would read a blocked relation, or {@code null} when it would not (or it is
     *         a system function)
     */
    public String functionReason(QualifiedName function) {
        FunctionReads reads = graph.function(function);
        if (reads == null) {
            return null;
        }
        for (long oid : reads.relations()) {
            String why = blocked.get(oid);
            if (why != null) {
                return "it reads or returns rows of " + graph.byOid(oid).qualifiedName() + ", which is not allowed: " + why;
            }
        }
        for (String word : reads.words()) {
            String why = blockedUserNames.get(word);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /**
     * The part of a catalog snapshot a caller may see: blocked relations (and relations the graph does
     * not know, which were dropped since) are left out, foreign keys that point at them and
     * {@code partitionOf} and inheritance {@code parents} links to them are dropped, schemas on the denied schema
     * list and the enums and domains in them are left out,
     * and the per-schema counts are those of what remains.
     *
     * @param full  the snapshot as {@link dev.pgmcp.schema.SchemaIntrospector} read it
     * @param rules the rules this access was computed with (for the schema lists)
     * @return the visible snapshot (the same instance when nothing is hidden)
     */
    CatalogSnapshot visible(CatalogSnapshot full, RelationRules rules) {
        Set<String> shown = new java.util.HashSet<>(); // "schema.name", as partitionOf writes it
        for (RelationInfo r : full.relations()) {
            if (hiddenName(r.schema(), r.name()) == null) {
                shown.add(r.qualifiedName());
            }
        }
        List<RelationInfo> kept = new ArrayList<>(shown.size());
        boolean changed = shown.size() != full.relations().size();
        for (RelationInfo r : full.relations()) {
            if (!shown.contains(r.qualifiedName()) || hiddenName(r.schema(), r.name()) != null) {
                continue;
            }
            List<ForeignKeyInfo> fks = r.foreignKeys().stream()
                    .filter(fk -> hiddenName(fk.referencedSchema(), fk.referencedTable()) == null)
                    .toList();
            String partitionOf = r.partitionOf() != null && shown.contains(r.partitionOf()) ? r.partitionOf() : null;
            List<String> parents = r.parents().stream().filter(shown::contains).toList();
            if (fks.size() != r.foreignKeys().size() || !java.util.Objects.equals(partitionOf, r.partitionOf())
                    || parents.size() != r.parents().size()) {
                changed = true;
                r = r.withLinks(partitionOf, parents, fks);
            }
            kept.add(r);
        }
        List<SchemaInfo> schemas = new ArrayList<>();
        for (SchemaInfo s : full.schemas()) {
            if (rules.deniesSchema(s.name())) {
                changed = true;
                continue;
            }
            int tables = 0;
            int views = 0;
            for (RelationInfo r : kept) {
                if (r.schema().equals(s.name())) {
                    if (r.kind() == RelationKind.VIEW || r.kind() == RelationKind.MATERIALIZED_VIEW) {
                        views++;
                    } else {
                        tables++;
                    }
                }
            }
            if (tables != s.tableCount() || views != s.viewCount()) {
                changed = true;
                s = new SchemaInfo(s.name(), s.owner(), s.comment(), tables, views);
            }
            schemas.add(s);
        }
        List<TypeInfo> types = full.types().stream().filter(t -> !rules.deniesSchema(t.schema())).toList();
        if (!changed && types.size() == full.types().size()) {
            return full;
        }
        return new CatalogSnapshot(full.database(), full.serverVersion(), full.loadedAt(), schemas, kept, types);
    }

    /** @return non-null when the relation of that exact schema and name is blocked or unknown */
    private String hiddenName(String schema, String name) {
        QualifiedName q = new QualifiedName(schema, name);
        if (!known(q)) {
            return "unknown";
        }
        return blockedReason(q);
    }
}
