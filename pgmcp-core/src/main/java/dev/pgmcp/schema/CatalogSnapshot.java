package dev.pgmcp.schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable picture of the user-visible catalog of one database at one moment: the schemas and
 * relations the connected role may use, as loaded by {@link SchemaIntrospector#load()}.
 *
 * <p>Lookups ({@link #find}, {@link #relations(String)}) use hash maps built once in the constructor, so
 * they cost O(1) regardless of the number of relations. Instances are safe to share between threads.
 */
public final class CatalogSnapshot {

    private static final Comparator<RelationInfo> ORDER =
            Comparator.comparing(RelationInfo::schema).thenComparing(RelationInfo::name);

    /** Marks a case-insensitive key that more than one relation folds to. */
    private static final RelationInfo AMBIGUOUS = new RelationInfo("", "", RelationKind.TABLE, null, -1, 0, 0, 0,
            null, List.of(), null, List.of(), List.of(), List.of(), List.of());

    private final String database;
    private final String serverVersion;
    private final Instant loadedAt;
    private final List<SchemaInfo> schemas;
    private final List<RelationInfo> relations;
    private final Map<String, List<RelationInfo>> bySchema;
    private final Map<String, RelationInfo> exact;
    private final Map<String, RelationInfo> folded;
    private final List<TypeInfo> types;
    private final Map<String, TypeInfo> typesByName;
    /** {@code "schema.name"} of a parent → its partitions (by name). */
    private final Map<String, List<RelationInfo>> partitions;
    /** {@code "schema.name"} of a parent → its plain inheritance children (by name). */
    private final Map<String, List<RelationInfo>> children;

    /**
     * Builds a snapshot; normally only {@link SchemaIntrospector} does this, but tests of tools may build
     * one by hand.
     *
     * @param database      the database name ({@code current_database()})
     * @param serverVersion the server version string ({@code current_setting('server_version')}), e.g. {@code "16.4"}
     * @param loadedAt      when the catalog was read
     * @param schemas       the visible schemas, in any order (stored sorted by name)
     * @param relations     the visible relations, in any order (stored sorted by schema, then name); a
     *                      (schema, name) pair must not occur twice
     * @throws IllegalArgumentException when two relations have the same schema and name
     */
    public CatalogSnapshot(String database, String serverVersion, Instant loadedAt, List<SchemaInfo> schemas,
                           List<RelationInfo> relations) {
        this(database, serverVersion, loadedAt, schemas, relations, List.of());
    }

    /**
     * Builds a snapshot with the enums and domains of the visible schemas.
     *
     * @param database      the database name ({@code current_database()})
     * @param serverVersion the server version string
     * @param loadedAt      when the catalog was read
     * @param schemas       the visible schemas, in any order (stored sorted by name)
     * @param relations     the visible relations, in any order (stored sorted by schema, then name)
     * @param types         the enums and domains of the visible schemas, in any order (stored sorted by schema,
     *                      then name)
     * @throws IllegalArgumentException when two relations have the same schema and name
     */
    public CatalogSnapshot(String database, String serverVersion, Instant loadedAt, List<SchemaInfo> schemas,
                           List<RelationInfo> relations, List<TypeInfo> types) {
        this.database = Objects.requireNonNull(database, "database");
        this.serverVersion = Objects.requireNonNull(serverVersion, "serverVersion");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        List<SchemaInfo> s = new ArrayList<>(schemas);
        s.sort(Comparator.comparing(SchemaInfo::name));
        this.schemas = List.copyOf(s);
        List<RelationInfo> r = new ArrayList<>(relations);
        r.sort(ORDER);
        this.relations = List.copyOf(r);

        Map<String, List<RelationInfo>> groups = new LinkedHashMap<>();
        Map<String, RelationInfo> ex = new HashMap<>(r.size() * 2);
        Map<String, RelationInfo> fo = new HashMap<>(r.size() * 2);
        for (RelationInfo rel : this.relations) {
            groups.computeIfAbsent(rel.schema(), k -> new ArrayList<>()).add(rel);
            if (ex.put(key(rel.schema(), rel.name()), rel) != null) {
                throw new IllegalArgumentException("duplicate relation " + rel.qualifiedName());
            }
            fo.merge(foldedKey(rel.schema(), rel.name()), rel, (a, b) -> AMBIGUOUS);
        }
        Map<String, List<RelationInfo>> frozen = new HashMap<>(groups.size() * 2);
        groups.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.bySchema = Collections.unmodifiableMap(frozen);
        this.exact = ex;
        this.folded = fo;

        List<TypeInfo> t = new ArrayList<>(types);
        t.sort(Comparator.comparing(TypeInfo::schema).thenComparing(TypeInfo::name));
        this.types = List.copyOf(t);
        Map<String, TypeInfo> tn = new HashMap<>(t.size() * 2);
        for (TypeInfo type : this.types) {
            tn.put(type.qualifiedName(), type);
        }
        this.typesByName = tn;
        Map<String, List<RelationInfo>> parts = new HashMap<>();
        Map<String, List<RelationInfo>> kids = new HashMap<>();
        for (RelationInfo rel : this.relations) {
            if (rel.partitionOf() != null) {
                parts.computeIfAbsent(rel.partitionOf(), k -> new ArrayList<>()).add(rel);
            }
            for (String parent : rel.parents()) {
                kids.computeIfAbsent(parent, k -> new ArrayList<>()).add(rel);
            }
        }
        this.partitions = frozen(parts);
        this.children = frozen(kids);
    }

    private static Map<String, List<RelationInfo>> frozen(Map<String, List<RelationInfo>> lists) {
        Map<String, List<RelationInfo>> out = new HashMap<>(lists.size() * 2);
        lists.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** @return the enums and domains of the visible schemas, sorted by schema then name; unmodifiable */
    public List<TypeInfo> types() {
        return types;
    }

    /**
     * @param qualifiedName {@code schema.name}, unquoted, as {@link ColumnInfo#userType()} gives it
     * @return the enum or domain of that name, or empty when it is not in a visible schema
     */
    public Optional<TypeInfo> type(String qualifiedName) {
        return Optional.ofNullable(typesByName.get(qualifiedName));
    }

    /**
     * @param parent a relation of this snapshot
     * @return its direct partitions in this snapshot (those whose {@link RelationInfo#partitionOf()} names it),
     *         sorted by schema then name; empty for a relation that is not partitioned or whose partitions are
     *         all hidden
     */
    public List<RelationInfo> partitions(RelationInfo parent) {
        return partitions.getOrDefault(parent.qualifiedName(), List.of());
    }

    /**
     * @param parent a relation of this snapshot
     * @return its direct plain inheritance children in this snapshot (those whose {@link RelationInfo#parents()}
     *         name it), sorted by schema then name
     */
    public List<RelationInfo> children(RelationInfo parent) {
        return children.getOrDefault(parent.qualifiedName(), List.of());
    }

    private static String key(String schema, String name) {
        return schema + '\u0000' + name;
    }

    private static String foldedKey(String schema, String name) {
        return key(schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    }

    /** @return the visible schemas, sorted by name; unmodifiable */
    public List<SchemaInfo> schemas() {
        return schemas;
    }

    /** @return every visible relation, sorted by schema then name (by Java string order); unmodifiable */
    public List<RelationInfo> relations() {
        return relations;
    }

    /**
     * @param schema the exact (case-sensitive) schema name
     * @return the relations of that schema sorted by name, or an empty list for an unknown or invisible schema
     */
    public List<RelationInfo> relations(String schema) {
        return bySchema.getOrDefault(schema, List.of());
    }

    /**
     * Finds a relation by schema and name: first an exact, case-sensitive match; failing that, the one relation
     * whose schema and name match ignoring case (models often get case wrong). When several relations match
     * ignoring case (e.g. {@code "Orders"} and {@code "ORDERS"}) and none exactly, nothing is found.
     *
     * @param schema the schema name, unquoted
     * @param name   the relation name, unquoted
     * @return the relation, or empty when there is no unambiguous match
     */
    public Optional<RelationInfo> find(String schema, String name) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        RelationInfo r = exact.get(key(schema, name));
        if (r != null) {
            return Optional.of(r);
        }
        r = folded.get(foldedKey(schema, name));
        return r == null || r == AMBIGUOUS ? Optional.empty() : Optional.of(r);
    }

    /** @return when the catalog was read (the start of the load) */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** @return the database name, {@code current_database()} */
    public String database() {
        return database;
    }

    /** @return the server version string, {@code current_setting('server_version')}, e.g. {@code "16.4"} */
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public String toString() {
        return "CatalogSnapshot[" + database + ", " + schemas.size() + " schemas, " + relations.size()
                + " relations, loaded " + loadedAt + "]";
    }
}
