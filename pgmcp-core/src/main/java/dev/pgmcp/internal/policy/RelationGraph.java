package dev.pgmcp.internal.policy;

import dev.pgmcp.internal.sql.QualifiedName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which relations expose the rows of which others, in one database, so that a schema or table list
 * can be enforced on every path to a relation's rows, not only on the name a query writes.
 *
 * <p>Read from the catalogs (PostgreSQL documentation, chapter "System Catalogs"):
 * <ul>
 *   <li>every relation ({@code pg_class}: tables, views, materialized views, partitioned and foreign
 *       tables, sequences, TOAST tables) of every schema, with its oid;</li>
 *   <li>TOAST tables ({@code pg_class.reltoastrelid}): a TOAST table exposes its owner's values;</li>
 *   <li>view and materialized view dependencies: the relations a view's rewrite rule refers to
 *       ({@code pg_rewrite} joined to {@code pg_depend});</li>
 *   <li>inheritance, partitions included ({@code pg_inherits}): reading a parent reads its children's
 *       rows, and a child's rows are rows of its parent;</li>
 *   <li>for functions outside {@code pg_catalog} and {@code information_schema}: the relation whose row
 *       type a function returns ({@code pg_proc.prorettype}), the relations a SQL-standard function
 *       body depends on ({@code pg_depend}), and the words of its source text ({@code prosrc}), so that
 *       a function reading a relation by name in its body is recognised (by name, in any schema).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RelationGraph {

    /** One relation. */
    public record Relation(long oid, String schema, String name, char kind) {
        /** @return {@code schema.name} */
        public QualifiedName qualifiedName() {
            return new QualifiedName(schema, name);
        }
    }

    static final String RELATIONS_SQL = "SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S', 't')";

    /** A TOAST table holds its owner's out-of-line values: reading it reads the owner's data. */
    static final String TOAST_SQL = "SELECT reltoastrelid, oid FROM pg_catalog.pg_class WHERE reltoastrelid <> 0";

    static final String INHERITS_SQL = "SELECT inhrelid, inhparent FROM pg_catalog.pg_inherits";

    static final String VIEW_DEPENDENCIES_SQL = "SELECT DISTINCT r.ev_class, d.refobjid FROM pg_catalog.pg_rewrite r"
            + " JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
            + " AND d.refclassid = 'pg_catalog.pg_class'::regclass"
            + " WHERE d.refobjid <> r.ev_class";

    /** User functions: what they return, what their SQL-standard body depends on, and their source text. */
    static final String FUNCTIONS_SQL = "SELECT n.nspname, p.proname, t.typrelid, p.prosrc,"
            + " (SELECT array_agg(DISTINCT d.refobjid) FROM pg_catalog.pg_depend d"
            + "   WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid"
            + "   AND d.refclassid = 'pg_catalog.pg_class'::regclass) AS deps"
            + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " JOIN pg_catalog.pg_type t ON t.oid = p.prorettype"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')";

    /** What a function may read: relations by oid, and relation names its source text mentions. */
    record FunctionReads(Set<Long> relations, Set<String> words) {
    }

    private final Map<Long, Relation> byOid;
    private final Map<QualifiedName, Relation> byName;
    /** Relation oid → relations whose rows it exposes: a view's sources, a parent's children. */
    private final Map<Long, List<Long>> exposes;
    /** Relation oid → its inheritance parents. */
    private final Map<Long, List<Long>> parents;
    /** {@code schema.name} of a function → what its overloads may read, merged. */
    private final Map<QualifiedName, FunctionReads> functions;

    RelationGraph(Map<Long, Relation> byOid, Map<Long, List<Long>> exposes, Map<Long, List<Long>> parents,
                  Map<QualifiedName, FunctionReads> functions) {
        this.byOid = Map.copyOf(byOid);
        Map<QualifiedName, Relation> names = new HashMap<>(byOid.size() * 2);
        for (Relation r : byOid.values()) {
            names.put(r.qualifiedName(), r);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.exposes = Map.copyOf(exposes);
        this.parents = Map.copyOf(parents);
        this.functions = Map.copyOf(functions);
    }

    /**
     * Reads the graph in the caller's transaction (five catalog queries).
     *
     * @throws SQLException when a catalog query fails
     */
    static RelationGraph read(Connection c) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<Long, List<Long>> exposes = new HashMap<>();
        Map<Long, List<Long>> parents = new HashMap<>();
        Map<QualifiedName, FunctionReads> functions = new HashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(RELATIONS_SQL)) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    relations.put(oid, new Relation(oid, rs.getString(2), rs.getString(3), rs.getString(4).charAt(0)));
                }
            }
            try (ResultSet rs = s.executeQuery(INHERITS_SQL)) {
                while (rs.next()) {
                    long child = rs.getLong(1);
                    long parent = rs.getLong(2);
                    exposes.computeIfAbsent(parent, k -> new ArrayList<>(2)).add(child);
                    parents.computeIfAbsent(child, k -> new ArrayList<>(1)).add(parent);
                }
            }
            try (ResultSet rs = s.executeQuery(TOAST_SQL)) {
                while (rs.next()) {
                    exposes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(1)).add(rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery(VIEW_DEPENDENCIES_SQL)) {
                while (rs.next()) {
                    exposes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(2)).add(rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery(FUNCTIONS_SQL)) {
                while (rs.next()) {
                    QualifiedName f = new QualifiedName(rs.getString(1), rs.getString(2));
                    Set<Long> reads = new HashSet<>();
                    long returned = rs.getLong(3);
                    if (returned != 0) {
                        reads.add(returned);
                    }
                    java.sql.Array deps = rs.getArray(5);
                    if (deps != null) {
                        for (Object o : (Object[]) deps.getArray()) {
                            reads.add(((Number) o).longValue());
                        }
                    }
                    Set<String> words = words(rs.getString(4));
                    functions.merge(f, new FunctionReads(reads, words), (a, b) -> {
                        Set<Long> r = new HashSet<>(a.relations());
                        r.addAll(b.relations());
                        Set<String> w = new HashSet<>(a.words());
                        w.addAll(b.words());
                        return new FunctionReads(r, w);
                    });
                }
            }
        }
        return new RelationGraph(relations, exposes, parents, functions);
    }

    /**
     * The identifier-like words of a function's source, folded to lower case; quoted identifiers keep
     * their case without the quotes. Deliberately loose (comments and strings count too): a name that
     * appears anywhere in a body is assumed to be read.
     */
    static Set<String> words(String source) {
        Set<String> out = new HashSet<>();
        if (source == null) {
            return out;
        }
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = source.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                out.add(source.substring(i + 1, end));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_'
                        || source.charAt(i) == '$')) {
                    i++;
                }
                out.add(source.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return out;
    }

    /** @return the relation of that exact schema and name, or {@code null} */
    public Relation find(QualifiedName name) {
        return byName.get(name);
    }

    /** @return every relation, in no particular order */
    public java.util.Collection<Relation> relations() {
        return byOid.values();
    }

    /** @return the relation with that oid, or {@code null} */
    Relation byOid(long oid) {
        return byOid.get(oid);
    }

    /** @return the relations whose rows {@code oid} exposes directly (a view's sources, a parent's children) */
    List<Long> exposes(long oid) {
        return exposes.getOrDefault(oid, List.of());
    }

    /** @return every inheritance ancestor of {@code oid}, nearest first */
    List<Long> ancestors(long oid) {
        List<Long> out = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(parents.getOrDefault(oid, List.of()));
        Set<Long> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            long p = todo.removeFirst();
            if (seen.add(p)) {
                out.add(p);
                todo.addAll(parents.getOrDefault(p, List.of()));
            }
        }
        return out;
    }

    /** @return what the function of that schema and name may read, or {@code null} for a system or unknown function */
    FunctionReads function(QualifiedName name) {
        return functions.get(name);
    }
}
